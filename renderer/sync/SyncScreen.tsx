// The manager's Sync screen: run the nightly batch now and watch its progress, see and change
// when it runs, read the history of batches, strong-mode sales and title checks, and see how
// stale each register of the store is.
import { useCallback, useEffect, useState } from 'react';
import type { RegisterStatus, SyncRun } from '../../app/protocol/register-api.js';
import type { StoreRegisters } from '../../app/protocol/sync-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { BatchPanel } from './BatchPanel.js';
import { HistoryTable } from './HistoryTable.js';
import { SchedulePanel } from './SchedulePanel.js';
import { StoreRegistersPanel } from './StoreRegistersPanel.js';
import { useBatch } from './use-batch.js';
import '../ui/panels.css';
import './sync.css';

const HISTORY_ROWS = 30;

export interface SyncScreenProps {
  api: RegisterClient;
  status: RegisterStatus;
  /** Injectable for tests: the clock "3 min ago" is measured against. */
  now?: () => number;
}

export function SyncScreen({ api, status, now = Date.now }: SyncScreenProps) {
  const [runs, setRuns] = useState<SyncRun[] | undefined>(undefined);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [registers, setRegisters] = useState<StoreRegisters | undefined>(undefined);
  const [registersError, setRegistersError] = useState<string | null>(null);

  const loadHistory = useCallback(() => {
    api.syncHistory({ limit: HISTORY_ROWS }).then(
      (next) => {
        setRuns(next);
        setHistoryError(null);
      },
      (error: unknown) => setHistoryError(messageOf(error)),
    );
  }, [api]);
  const loadRegisters = useCallback(() => {
    setRegisters(undefined);
    setRegistersError(null);
    api
      .storeRegisters({})
      .then(setRegisters, (error: unknown) => setRegistersError(messageOf(error)));
  }, [api]);
  const afterBatch = useCallback(() => {
    loadHistory();
    loadRegisters();
  }, [loadHistory, loadRegisters]);
  const batch = useBatch(api, afterBatch);

  useEffect(() => {
    loadHistory();
    loadRegisters();
  }, [loadHistory, loadRegisters]);

  return (
    <main className="panel-screen">
      <h1 className="screen-title">Sync</h1>
      <div className="panel-columns sync-columns">
        <BatchPanel
          status={status}
          running={batch.running}
          progress={batch.progress}
          outcome={batch.outcome}
          onRun={batch.start}
        />
        <SchedulePanel api={api} status={status} />
      </div>
      <StoreRegistersPanel
        answer={registers}
        error={registersError}
        now={now()}
        onRefresh={loadRegisters}
      />
      <section className="panel" aria-labelledby="sync-history-title">
        <h2 id="sync-history-title">History</h2>
        {historyError && (
          <p className="notice error" role="alert">
            {historyError}
          </p>
        )}
        {runs === undefined ? (
          !historyError && <p>Reading the history…</p>
        ) : (
          <HistoryTable runs={runs} />
        )}
      </section>
    </main>
  );
}

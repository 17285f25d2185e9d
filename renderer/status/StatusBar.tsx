// Always on screen: which store and register this is, how it syncs, whether the master is
// there, how much is waiting to be sent and when the last sync finished.
import { useEffect, useState } from 'react';
import { Button, ProgressBar } from 'react-aria-components';
import type { RegisterStatus } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { timeAgo } from '../lib/time-ago.js';
import { useSyncNow } from './use-sync-now.js';

function masterState(status: RegisterStatus): { text: string; tone: 'ok' | 'bad' | 'quiet' } {
  if (!status.enrolled) return { text: 'Not enrolled', tone: 'quiet' };
  if (status.masterReachable === null) return { text: 'Not checked yet', tone: 'quiet' };
  return status.masterReachable
    ? { text: 'Reachable', tone: 'ok' }
    : { text: 'Unreachable', tone: 'bad' };
}

export interface StatusBarProps {
  status: RegisterStatus;
  api: RegisterClient;
  cashier: string;
}

export function StatusBar({ status, api, cashier }: StatusBarProps) {
  const [now, setNow] = useState(() => Date.now());
  const sync = useSyncNow(api);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const master = masterState(status);
  const percent =
    sync.progress && sync.progress.eventsTotal > 0
      ? Math.round((100 * sync.progress.eventsDone) / sync.progress.eventsTotal)
      : undefined;

  return (
    <footer className="status-bar" aria-label="Register status">
      <dl className="status-items">
        <div className="status-item">
          <dt>Store</dt>
          <dd data-testid="status-store">{status.storeName}</dd>
        </div>
        <div className="status-item">
          <dt>Register</dt>
          <dd>{status.registerName ?? status.originId.slice(0, 8)}</dd>
        </div>
        <div className="status-item">
          <dt>Mode</dt>
          <dd>
            <span className={`badge mode-${status.mode}`} data-testid="status-mode">
              {status.mode === 'strong' ? 'Strong' : 'Eventual'}
            </span>
          </dd>
        </div>
        <div className="status-item">
          <dt>Master</dt>
          <dd>
            <span className={`dot ${master.tone}`} aria-hidden="true" />
            <span data-testid="status-master">{master.text}</span>
          </dd>
        </div>
        <div className="status-item">
          <dt>Waiting to sync</dt>
          <dd data-testid="status-outbox">
            {status.outboxSize} {status.outboxSize === 1 ? 'event' : 'events'}
            {status.pendingSales > 0 && ` · ${status.pendingSales} sale(s) unconfirmed`}
          </dd>
        </div>
        <div className="status-item">
          <dt>Last sync</dt>
          <dd title={status.lastSyncAt ?? undefined}>
            {status.lastSyncAt ? timeAgo(status.lastSyncAt, now) : 'Never'}
          </dd>
        </div>
        <div className="status-item">
          <dt>Cashier</dt>
          <dd>{cashier}</dd>
        </div>
      </dl>
      <div className="status-sync">
        {sync.running ? (
          <ProgressBar
            className="sync-progress"
            aria-label="Sync progress"
            value={percent ?? 0}
            isIndeterminate={percent === undefined}
          >
            {({ percentage }) => (
              <>
                <span className="sync-progress-label">
                  {sync.progress?.phase === 'pull' ? 'Receiving' : 'Sending'}
                  {percentage !== undefined ? ` ${Math.round(percentage)}%` : '…'}
                </span>
                <div className="sync-progress-track">
                  <div className="sync-progress-fill" style={{ width: `${percentage ?? 30}%` }} />
                </div>
              </>
            )}
          </ProgressBar>
        ) : (
          sync.outcome && (
            <span className="sync-outcome" role="status">
              {sync.outcome}
            </span>
          )
        )}
        <Button
          className="button small"
          isDisabled={!status.enrolled || sync.running}
          onPress={sync.start}
        >
          Sync now
        </Button>
      </div>
    </footer>
  );
}

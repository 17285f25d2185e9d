import { useEffect, useState } from 'react';
import type { SyncProgress } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

/** Runs the batch on request and follows its progress (also when the nightly run started it). */
export function useSyncNow(api: RegisterClient) {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'sync-progress') {
          setRunning(event.progress.phase !== 'done');
          setProgress(event.progress);
        }
        if (event.type === 'sync-finished') {
          setRunning(false);
          setProgress(null);
          setOutcome(event.ok ? 'Sync finished' : `Sync stopped: ${event.message ?? 'unknown'}`);
        }
      }),
    [api],
  );

  const start = () => {
    setRunning(true);
    setOutcome(null);
    api
      .syncNow({})
      .then(
        (result) => setOutcome(`Sync finished: ${result.pushed} sent, ${result.pulled} received`),
        (error: unknown) => setOutcome(`Sync stopped: ${messageOf(error)}`),
      )
      .finally(() => {
        setRunning(false);
        setProgress(null);
      });
  };

  return { progress, running, outcome, start };
}

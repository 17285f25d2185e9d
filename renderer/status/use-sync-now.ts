import { useEffect, useState } from 'react';
import type { ApiOutput, SyncProgress } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

const finished = (result: ApiOutput<'syncNow'>) =>
  `Sync finished: ${result.pushed} sent, ${result.pulled} received`;
const stopped = (why: string) => `Sync stopped: ${why}`;

/**
 * Runs the batch on request and follows its progress. The call's answer and the shell's
 * "finished" event say the same thing, so whichever arrives last leaves the same words.
 */
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
          setOutcome(
            event.ok && event.result
              ? finished(event.result)
              : stopped(event.message ?? 'the master did not answer'),
          );
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
        (result) => setOutcome(finished(result)),
        (error: unknown) => setOutcome(stopped(messageOf(error))),
      )
      .finally(() => {
        setRunning(false);
        setProgress(null);
      });
  };

  return { progress, running, outcome, start };
}

// Runs the nightly batch on request and follows it through the shell's progress events, so the
// bar moves with each page; says how it ended in plain words and calls `onFinished` either way.
import { useEffect, useRef, useState } from 'react';
import type { ApiOutput, SyncProgress } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { plural } from './words.js';

export type BatchOutcome = { tone: 'info' | 'error'; text: string } | null;

const finished = (result: ApiOutput<'syncNow'>) =>
  `The batch finished: ${plural(result.pushed, 'event')} sent to the master, ${plural(result.pulled, 'event')} received from the other registers.` +
  (result.conflicts > 0 ? ` ${plural(result.conflicts, 'conflicting event')} refused.` : '');
const stopped = (why: string) =>
  `The batch stopped: ${why.replace(/\.?$/, '.')} Events not sent yet stay waiting here and go with the next batch.`;

export function useBatch(api: RegisterClient, onFinished: () => void) {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<BatchOutcome>(null);
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'sync-progress') {
          // A batch started elsewhere (the status bar, the schedule) shows here too.
          setRunning(event.progress.phase !== 'done');
          setProgress(event.progress);
        }
        if (event.type === 'sync-finished') {
          setRunning(false);
          setProgress(null);
          setOutcome(
            event.ok && event.result
              ? { tone: 'info', text: finished(event.result) }
              : { tone: 'error', text: stopped(event.message ?? 'the master did not answer.') },
          );
          finishedRef.current();
        }
      }),
    [api],
  );

  const start = () => {
    setRunning(true);
    setProgress(null);
    setOutcome(null);
    api
      .syncNow({})
      .then(
        (result) => setOutcome({ tone: 'info', text: finished(result) }),
        (error: unknown) => setOutcome({ tone: 'error', text: stopped(messageOf(error)) }),
      )
      .finally(() => {
        setRunning(false);
        setProgress(null);
        finishedRef.current();
      });
  };

  return { progress, running, outcome, start };
}

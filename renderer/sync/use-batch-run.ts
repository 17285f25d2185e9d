// Runs the nightly batch on request and follows it through the shell's progress events, so a bar
// moves with each page, wherever the batch was started (a screen, the status bar, the schedule).
// The call's answer and the shell's "finished" event say the same thing, so whichever arrives last
// leaves the same words; `onFinished` is called either way.
import { useEffect, useRef, useState } from 'react';
import type { ApiOutput, SyncProgress } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

/** How the caller puts a batch's end into words. */
export interface BatchWords<T> {
  finished: (result: ApiOutput<'syncNow'>) => T;
  stopped: (why: string) => T;
}

const NO_ANSWER = 'the master did not answer';

export function useBatchRun<T>(api: RegisterClient, words: BatchWords<T>, onFinished?: () => void) {
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<T | null>(null);
  const wordsRef = useRef(words);
  wordsRef.current = words;
  const finishedRef = useRef(onFinished);
  finishedRef.current = onFinished;

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
              ? wordsRef.current.finished(event.result)
              : wordsRef.current.stopped(event.message ?? NO_ANSWER),
          );
          finishedRef.current?.();
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
        (result) => setOutcome(wordsRef.current.finished(result)),
        (error: unknown) => setOutcome(wordsRef.current.stopped(messageOf(error))),
      )
      .finally(() => {
        setRunning(false);
        setProgress(null);
        finishedRef.current?.();
      });
  };

  return { progress, running, outcome, start };
}

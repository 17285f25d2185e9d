import { useEffect, useState } from 'react';
import type { StartupView } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

/** Often enough for a progress bar to move smoothly; a start takes seconds at most. */
export const STARTUP_POLL_MS = 250;

/**
 * How the register's start is going, asked again until it is ready or has failed. A shell that
 * does not answer (its host still coming up) is asked again too, and the page says so meanwhile.
 */
export function useStartup(api: RegisterClient) {
  const [view, setView] = useState<StartupView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => {
      api.startup({}).then(
        (next) => {
          if (stopped) return;
          setView(next);
          setError(null);
          if (next.phase !== 'ready' && next.phase !== 'failed') {
            timer = setTimeout(ask, STARTUP_POLL_MS);
          }
        },
        (failure: unknown) => {
          if (stopped) return;
          setError(messageOf(failure));
          timer = setTimeout(ask, STARTUP_POLL_MS);
        },
      );
    };
    ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api]);
  return { view, error };
}

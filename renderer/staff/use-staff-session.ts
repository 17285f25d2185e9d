// Who is signed in, as the register says: read at start, pushed by the register on every change
// (sign-in, sign-out, the idle lock), and re-read now and then in case a push was missed.
import { useCallback, useEffect, useState } from 'react';
import type { SessionView } from '../../app/protocol/staff-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

const POLL_MS = 15_000;

export function useStaffSession(api: RegisterClient) {
  const [session, setSession] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api.staffSession({}).then(
      (next) => {
        setSession(next);
        setError(null);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'session') setSession(event.session);
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [api, refresh]);

  return { session, setSession, refresh, error };
}

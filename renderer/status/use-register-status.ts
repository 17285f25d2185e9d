import { useCallback, useEffect, useState } from 'react';
import type { RegisterStatus } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

const POLL_MS = 10_000;

/** The register's status: pushed by the shell as it changes, and re-read now and then anyway. */
export function useRegisterStatus(api: RegisterClient) {
  const [status, setStatus] = useState<RegisterStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    api.status({}).then(
      (next) => {
        setStatus(next);
        setError(null);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, POLL_MS);
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'status') setStatus(event.status);
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [api, refresh]);

  return { status, error, refresh };
}

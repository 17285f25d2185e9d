// A value the register owns, kept current here: read at start, replaced whenever the register
// pushes a new one, and re-read now and then in case a push was missed.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RegisterEvent } from '../../app/protocol/register-api.js';
import { messageOf } from './api-error.js';
import type { RegisterClient } from './register-client.js';

export interface PushedValueSource<T> {
  read: (api: RegisterClient) => Promise<T>;
  /** The new value an event carries, or undefined for events about something else. */
  pushed: (event: RegisterEvent) => T | undefined;
  pollMs: number;
}

export function usePushedValue<T>(api: RegisterClient, source: PushedValueSource<T>) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The latest source, so callers may pass a fresh object each render without re-subscribing.
  const sourceRef = useRef(source);
  sourceRef.current = source;

  const refresh = useCallback(() => {
    sourceRef.current.read(api).then(
      (next) => {
        setValue(next);
        setError(null);
      },
      (failure: unknown) => setError(messageOf(failure)),
    );
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, sourceRef.current.pollMs);
    const unsubscribe = api.onEvent((event) => {
      const next = sourceRef.current.pushed(event);
      if (next !== undefined) setValue(next);
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [api, refresh]);

  return { value, setValue, refresh, error };
}

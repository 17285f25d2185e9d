import { useEffect, useState } from 'react';
import type { Availability } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';

export type AvailabilityState =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; availability: Extract<Availability, { status: 'known' }> }
  | { state: 'unavailable'; why: string };

/** Other stores' counts for a title, asked of the master in the background. */
export function useAvailability(api: RegisterClient, isbn: string | null): AvailabilityState {
  const [result, setResult] = useState<AvailabilityState>({ state: 'idle' });
  useEffect(() => {
    if (isbn === null) {
      setResult({ state: 'idle' });
      return;
    }
    let current = true;
    setResult({ state: 'loading' });
    api.availability({ isbn }).then(
      (availability) => {
        if (!current) return;
        if (availability.status === 'known') setResult({ state: 'ready', availability });
        else
          setResult({
            state: 'unavailable',
            why:
              availability.reason === 'not-enrolled'
                ? 'this register is not connected to the chain yet'
                : 'the master cannot be reached',
          });
      },
      () => current && setResult({ state: 'unavailable', why: 'the master could not say' }),
    );
    return () => {
      current = false;
    };
  }, [api, isbn]);
  return result;
}

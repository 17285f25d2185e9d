// Who is signed in, as the register says: read at start, pushed by the register on every change
// (sign-in, sign-out, the idle lock), and re-read now and then in case a push was missed.
import type { RegisterEvent } from '../../app/protocol/register-api.js';
import type { SessionView } from '../../app/protocol/staff-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { usePushedValue, type PushedValueSource } from '../api/use-pushed-value.js';

const SESSION: PushedValueSource<SessionView> = {
  read: (api) => api.staffSession({}),
  pushed: (event: RegisterEvent) => (event.type === 'session' ? event.session : undefined),
  pollMs: 15_000,
};

export function useStaffSession(api: RegisterClient) {
  const { value, setValue, refresh, error } = usePushedValue(api, SESSION);
  return { session: value, setSession: setValue, refresh, error };
}

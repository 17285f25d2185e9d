import type { RegisterEvent, RegisterStatus } from '../../app/protocol/register-api.js';
import type { RegisterClient } from '../api/register-client.js';
import { usePushedValue, type PushedValueSource } from '../api/use-pushed-value.js';

const STATUS: PushedValueSource<RegisterStatus> = {
  read: (api) => api.status({}),
  pushed: (event: RegisterEvent) => (event.type === 'status' ? event.status : undefined),
  pollMs: 10_000,
};

/** The register's status: pushed by the shell as it changes, and re-read now and then anyway. */
export function useRegisterStatus(api: RegisterClient) {
  const { value, error, refresh } = usePushedValue(api, STATUS);
  return { status: value, error, refresh };
}

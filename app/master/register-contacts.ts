// When each register last reached the master, for the manager's "how stale is each till's view"
// screen. Recorded by the routes as registers push and pull (routes/register-contacts.ts); both
// storages keep it in a small table of its own, apart from the event log.
import type { StoreRegister } from '../protocol/wire.js';

export interface RegisterContacts {
  /** The register's events reached the master (a push, a strong sale, a repair with events). */
  recordPush(registerId: string, at: string): Promise<void>;
  /** The register read the feed up to `pulledTo`. A position never moves back. */
  recordPull(registerId: string, pulledTo: number, at: string): Promise<void>;
  /** Every origin of the store's active registers, with its register's contacts and the head. */
  ofStore(storeId: string): Promise<{ headSeq: number; registers: StoreRegister[] }>;
}

export interface ContactRow {
  origin_id: string;
  register_id: string;
  name: string;
  last_push_at: string | Date | null;
  last_pull_at: string | Date | null;
  pulled_to: number | null;
}

const iso = (value: string | Date | null): string | null =>
  value === null ? null : typeof value === 'string' ? value : value.toISOString();

/** One row of the answer; a register that never pulled is behind by the whole feed. */
export function storeRegisterOf(row: ContactRow, headSeq: number): StoreRegister {
  return {
    originId: row.origin_id,
    registerId: row.register_id,
    registerName: row.name,
    lastPushAt: iso(row.last_push_at),
    lastPullAt: iso(row.last_pull_at),
    pulledTo: row.pulled_to,
    behind: Math.max(0, headSeq - (row.pulled_to ?? 0)),
  };
}

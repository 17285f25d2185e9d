// A ledger on disk with its staff store, and a clock the test moves by hand.
import { join } from 'node:path';
import { Ledger } from '../../app/ledger/ledger.js';
import { StaffSession, type SessionView } from '../../app/staff/staff-session.js';
import { StaffStore } from '../../app/staff/staff-store.js';

export function openStaffLedger(dir: string): { ledger: Ledger; store: StaffStore } {
  const ledger = Ledger.open({ path: join(dir, 'ledger.db'), storeId: 'uptown' });
  return { ledger, store: new StaffStore(ledger) };
}

export class FakeClock {
  constructor(public ms = Date.parse('2026-03-02T09:00:00Z')) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function sessionOver(store: StaffStore, clock: FakeClock, idleLockMinutes = 5) {
  const changes: SessionView[] = [];
  const session = new StaffSession({
    store,
    clock: clock.now,
    idleLockMinutes: () => idleLockMinutes,
    onChange: (view) => changes.push(view),
  });
  return { session, changes };
}

/** The demo pair: Morgan the manager (1234) and Casey the cashier (0000). */
export async function addDemoPair(store: StaffStore) {
  const morgan = await store.add({ name: 'Morgan', role: 'manager', pin: '1234' });
  const casey = await store.add({ name: 'Casey', role: 'cashier', pin: '0000' });
  return { morgan, casey };
}

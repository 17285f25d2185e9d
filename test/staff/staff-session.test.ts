// The register's session with a clock the test moves: sign-in by PIN, the pause after five wrong
// PINs, the idle lock, and a manager's approval that is used once and does not last.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import { AccessRefused } from '../../app/staff/access-errors.js';
import { StaffSession } from '../../app/staff/staff-session.js';
import type { StaffStore } from '../../app/staff/staff-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { addDemoPair, FakeClock, openStaffLedger, sessionOver } from './staff-fixtures.js';

const refusal = (code: string) =>
  expect.objectContaining({ name: 'AccessRefused', code }) as unknown;

describe('staff session', () => {
  const tempDir = useTempDirs();
  let ledger: Ledger;
  let store: StaffStore;
  let clock: FakeClock;
  beforeEach(async () => {
    ({ ledger, store } = openStaffLedger(tempDir()));
    await addDemoPair(store);
    clock = new FakeClock();
  });
  afterEach(() => ledger.close());

  it('starts signed out; a PIN signs its owner in; the page hears every change', async () => {
    const { session, changes } = sessionOver(store, clock);
    expect(session.view()).toEqual({
      signedIn: null,
      locked: false,
      noStaffYet: false,
      idleLockMinutes: 5,
    });
    expect(() => session.admit('staff')).toThrow(refusal('SIGNED_OUT'));
    await session.signIn('0000');
    expect(session.admit('staff').staff.name).toBe('Casey');
    session.signOut();
    expect(changes.map((view) => view.signedIn?.name ?? null)).toEqual(['Casey', null]);
  });

  it('after five wrong PINs in a row, refuses every PIN for a minute, then lets the right one in', async () => {
    const { session } = sessionOver(store, clock);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(session.signIn('9999')).rejects.toEqual(refusal('PIN_REFUSED'));
    }
    await expect(session.signIn('9999')).rejects.toEqual(refusal('TOO_MANY_TRIES'));
    // Paused: even the right PIN is refused, and says how long to wait.
    await expect(session.signIn('1234')).rejects.toThrow(/try again in 60 seconds/);
    await expect(session.approve('1234')).rejects.toEqual(refusal('TOO_MANY_TRIES'));
    clock.advance(59_000);
    await expect(session.signIn('1234')).rejects.toThrow(/try again in 1 second\./);
    clock.advance(1_000);
    await expect(session.signIn('1234')).resolves.toMatchObject({ name: 'Morgan' });
  });

  it('a right PIN in between starts the count of wrong ones again', async () => {
    const { session } = sessionOver(store, clock);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await expect(session.signIn('9999')).rejects.toBeInstanceOf(AccessRefused);
    }
    await session.signIn('0000');
    await expect(session.signIn('9999')).rejects.toEqual(refusal('PIN_REFUSED'));
  });

  it('locks after the idle minutes; locked, calls are refused until a PIN is entered', async () => {
    const { session, changes } = sessionOver(store, clock, 5);
    await session.signIn('0000');
    clock.advance(4 * 60_000);
    session.admit('staff'); // activity: the idle time starts again
    clock.advance(4 * 60_000 + 59_000);
    expect(session.checkIdle()).toBe(false);
    clock.advance(1_000);
    expect(session.checkIdle()).toBe(true);
    expect(changes.at(-1)).toMatchObject({ signedIn: { name: 'Casey' }, locked: true });
    expect(() => session.admit('staff')).toThrow(refusal('LOCKED'));
    expect(session.active()).toBeUndefined();
    // Another member of staff may take over the locked register.
    await session.signIn('1234');
    expect(session.view()).toMatchObject({ signedIn: { name: 'Morgan' }, locked: false });
  });

  it('never locks by itself when the idle minutes are 0; lock() locks at once', async () => {
    const { session } = sessionOver(store, clock, 0);
    await session.signIn('0000');
    clock.advance(24 * 60 * 60_000);
    expect(session.view().locked).toBe(false);
    session.lock();
    expect(() => session.admit('staff')).toThrow(refusal('LOCKED'));
  });

  it('new idle minutes reach the page at once, and lock a session already idle longer', async () => {
    let minutes = 5;
    const changes: { locked: boolean; idleLockMinutes: number }[] = [];
    const session = new StaffSession({
      store,
      clock: clock.now,
      idleLockMinutes: () => minutes,
      onChange: ({ locked, idleLockMinutes }) => changes.push({ locked, idleLockMinutes }),
    });
    await session.signIn('0000');
    clock.advance(3 * 60_000);
    minutes = 10;
    session.settingsChanged();
    expect(changes.at(-1)).toEqual({ locked: false, idleLockMinutes: 10 });
    minutes = 2;
    session.settingsChanged();
    expect(changes.at(-1)).toEqual({ locked: true, idleLockMinutes: 2 });
    expect(() => session.admit('staff')).toThrow(refusal('LOCKED'));
  });

  it('a cashier needs a manager’s approval for a manager call: used once, and only within a minute', async () => {
    const { session } = sessionOver(store, clock);
    await session.signIn('0000');
    expect(() => session.admit('manager')).toThrow(refusal('MANAGER_REQUIRED'));
    await expect(session.approve('0000')).rejects.toEqual(refusal('MANAGER_REQUIRED'));
    await expect(session.approve('5555')).rejects.toEqual(refusal('PIN_REFUSED'));

    await session.approve('1234');
    expect(session.admit('manager')).toMatchObject({
      staff: { name: 'Casey' },
      approvedBy: { name: 'Morgan' },
    });
    expect(() => session.admit('manager')).toThrow(refusal('MANAGER_REQUIRED'));

    await session.approve('1234');
    clock.advance(60_001);
    expect(() => session.admit('manager')).toThrow(refusal('MANAGER_REQUIRED'));
  });

  it('an approval does not outlive the person it was given to', async () => {
    const { session } = sessionOver(store, clock);
    await session.signIn('0000');
    await session.approve('1234');
    session.signOut();
    await session.signIn('0000');
    expect(() => session.admit('manager')).toThrow(refusal('MANAGER_REQUIRED'));
  });

  it('a manager signed in needs no approval', async () => {
    const { session } = sessionOver(store, clock);
    await session.signIn('1234');
    expect(session.admit('manager')).toEqual({
      staff: expect.objectContaining({ name: 'Morgan' }) as unknown,
    });
  });
});

describe('first manager', () => {
  const tempDir = useTempDirs();

  it('only while the register has no staff: creates the manager and signs them in', async () => {
    const { ledger, store } = openStaffLedger(tempDir());
    try {
      const clock = new FakeClock();
      const { session } = sessionOver(store, clock);
      expect(session.view().noStaffYet).toBe(true);
      await session.firstManager('Robin', '86420');
      expect(session.view()).toMatchObject({
        signedIn: { name: 'Robin', role: 'manager' },
        noStaffYet: false,
      });
      await expect(session.firstManager('Mallory', '13579')).rejects.toThrow(/already has staff/);
      expect(store.list().map((p) => p.name)).toEqual(['Robin']);
    } finally {
      ledger.close();
    }
  });
});

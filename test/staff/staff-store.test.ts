// The staff list in the ledger: a PIN identifies one active person, nobody's PIN or hash is ever
// handed out, and the register always keeps a manager.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { StaffStore } from '../../app/staff/staff-store.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { addDemoPair, openStaffLedger } from './staff-fixtures.js';

describe('staff store', () => {
  const tempDir = useTempDirs();
  let ledger: Ledger;
  let store: StaffStore;
  beforeEach(() => {
    ({ ledger, store } = openStaffLedger(tempDir()));
  });
  afterEach(() => ledger.close());

  it('finds the person by PIN alone, and no one for a PIN nobody has', async () => {
    const { morgan, casey } = await addDemoPair(store);
    await expect(store.findByPin('1234')).resolves.toEqual({
      staffId: morgan.staffId,
      name: 'Morgan',
      role: 'manager',
    });
    await expect(store.findByPin('0000')).resolves.toMatchObject({ staffId: casey.staffId });
    await expect(store.findByPin('9999')).resolves.toBeUndefined();
    await expect(store.findByPin('12')).resolves.toBeUndefined();
  });

  it('keeps only a salted hash: the PIN is nowhere in the file, and no listing carries the hash', async () => {
    await store.add({ name: 'Dana', role: 'cashier', pin: '73915' });
    const row = ledger.db.prepare("SELECT * FROM staff WHERE name = 'Dana'").get() as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(row)).not.toContain('73915');
    const listed = store.list();
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(
      ['createdAt', 'disabledAt', 'name', 'role', 'staffId'].sort(),
    );
  });

  it('refuses a PIN another active person has, a malformed PIN and a duplicate name, adding no one', async () => {
    await addDemoPair(store);
    await expect(store.add({ name: 'Dana', role: 'cashier', pin: '1234' })).rejects.toThrow(
      /PIN is taken/,
    );
    await expect(store.add({ name: 'Dana', role: 'cashier', pin: '12ab' })).rejects.toThrow(
      /4 to 8 digits/,
    );
    await expect(store.add({ name: 'casey', role: 'cashier', pin: '5555' })).rejects.toThrow(
      /already someone called casey/,
    );
    await expect(store.add({ name: 'x'.repeat(25), role: 'cashier', pin: '5555' })).rejects.toThrow(
      /1 to 24 characters/,
    );
    expect(store.list().map((p) => p.name)).toEqual(['Casey', 'Morgan']);
  });

  it('two people enrolled at once with the same PIN: only one gets it', async () => {
    const results = await Promise.allSettled([
      store.add({ name: 'Ann', role: 'cashier', pin: '4444' }),
      store.add({ name: 'Bob', role: 'cashier', pin: '4444' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(store.activeCount()).toBe(1);
  });

  it('a new PIN replaces the old one; a disabled person cannot sign in and frees the PIN', async () => {
    const { casey } = await addDemoPair(store);
    await store.setPin(casey.staffId, '2468');
    await expect(store.findByPin('0000')).resolves.toBeUndefined();
    await expect(store.findByPin('2468')).resolves.toMatchObject({ name: 'Casey' });
    await expect(store.setPin(casey.staffId, '1234')).rejects.toThrow(/PIN is taken/);

    const disabled = await store.disable(casey.staffId);
    expect(disabled.disabledAt).not.toBeNull();
    await expect(store.findByPin('2468')).resolves.toBeUndefined();
    await expect(store.add({ name: 'Casey', role: 'cashier', pin: '2468' })).resolves.toMatchObject(
      { name: 'Casey', disabledAt: null },
    );
  });

  it('never disables the last manager', async () => {
    const { morgan } = await addDemoPair(store);
    await expect(store.disable(morgan.staffId)).rejects.toThrow(/only manager/);
    expect(store.activeCount()).toBe(2);
  });
});

// The store's staff rules, set in Settings through the register runtime both shells start: only a
// manager changes them, bad values are refused with nothing changed, and they take effect at once
// (the session's view carries the new idle minutes; a larger threshold lets a cashier confirm).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { openTestRuntime } from '../shell/fixtures.js';

const IN_STOCK = demoIsbn(1); // 2 at uptown

describe('staff rules', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir(), { embeddedMaster: true });
  });
  afterEach(() => runtime.close());

  const call = (method: string, payload: unknown) =>
    dispatchApiCall(runtime.handlers, method, payload, { session: runtime.session });
  const ok = async <T>(method: string, payload: unknown): Promise<T> => {
    const answer = await call(method, payload);
    if (!answer.result.ok) throw new Error(`${method}: ${answer.result.error.message}`);
    return answer.result.value as T;
  };

  it('a cashier reads them; changing them needs a manager', async () => {
    await ok('signIn', { pin: '0000' });
    expect(await ok('staffPolicy', {})).toEqual({
      idleLockMinutes: 5,
      correctionManagerThreshold: 2,
    });
    const refused = await call('setStaffPolicy', {
      idleLockMinutes: 30,
      correctionManagerThreshold: 2,
    });
    expect(refused).toMatchObject({ status: 403, result: { error: { code: 'MANAGER_REQUIRED' } } });
    expect(await ok('staffPolicy', {})).toMatchObject({ idleLockMinutes: 5 });
  });

  it('refuses values out of range with a 400 and changes nothing', async () => {
    await ok('signIn', { pin: '1234' });
    for (const bad of [
      { idleLockMinutes: -1, correctionManagerThreshold: 2 },
      { idleLockMinutes: 481, correctionManagerThreshold: 2 },
      { idleLockMinutes: 5.5, correctionManagerThreshold: 2 },
      { idleLockMinutes: 5, correctionManagerThreshold: 1001 },
      { idleLockMinutes: 5 },
      { idleLockMinutes: 5, correctionManagerThreshold: 2, extra: true },
    ]) {
      expect(await call('setStaffPolicy', bad)).toMatchObject({ status: 400 });
    }
    expect(await ok('staffPolicy', {})).toEqual({
      idleLockMinutes: 5,
      correctionManagerThreshold: 2,
    });
  });

  it('take effect at once: the session shows the new minutes, a cashier confirms a larger correction', async () => {
    await ok('signIn', { pin: '1234' });
    expect(
      await ok('setStaffPolicy', { idleLockMinutes: 0, correctionManagerThreshold: 10 }),
    ).toEqual({ idleLockMinutes: 0, correctionManagerThreshold: 10 });
    expect(await ok('staffSession', {})).toMatchObject({ idleLockMinutes: 0 });

    await ok('signIn', { pin: '0000' });
    const large = await ok<{ repairId: number }>('checkScan', { isbn: IN_STOCK, atCounter: 5 });
    expect(await ok('confirmCorrection', { repairId: large.repairId })).toMatchObject({
      adjusted: true,
    });
    expect(runtime.register.ledger.onHand(IN_STOCK)).toBe(5);
  });
});

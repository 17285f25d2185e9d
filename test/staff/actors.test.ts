// Who did it, on every event: through the register runtime both shells start (the demo register
// with its embedded master), signed in by PIN, a sale, a return, a shelf correction and a
// stocktake each record the person signed in, and the manager's journal shows them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntryView } from '../../app/protocol/staff-api.js';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { openTestRuntime } from '../shell/fixtures.js';

const IN_STOCK = demoIsbn(1); // 2 at uptown
const NONE_HERE = demoIsbn(0); // 0 at uptown, 5 at riverside

describe('who did it', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir(), { embeddedMaster: true });
  });
  afterEach(() => runtime.close());

  const call = async (method: string, payload: unknown) => {
    const answer = await dispatchApiCall(runtime.handlers, method, payload, {
      session: runtime.session,
    });
    return answer;
  };
  const ok = async <T>(method: string, payload: unknown): Promise<T> => {
    const answer = await call(method, payload);
    if (!answer.result.ok) throw new Error(`${method}: ${answer.result.error.message}`);
    return answer.result.value as T;
  };
  /** Kind and actor of this register's own events, in order. */
  const actors = () =>
    runtime.register.ledger.db
      .prepare(
        `SELECT kind, json_extract(body, '$.actor') AS actor FROM events
         WHERE origin_id = ? ORDER BY seq`,
      )
      .all(runtime.register.ledger.originId) as { kind: string; actor: string }[];
  const newEvents = async (work: () => Promise<unknown>) => {
    const before = actors().length;
    await work();
    return actors().slice(before);
  };

  it('the demo register has its demo staff, and nothing is sold before someone signs in', async () => {
    expect(runtime.staff.list().map((p) => `${p.name} ${p.role}`)).toEqual([
      'Casey cashier',
      'Morgan manager',
    ]);
    const refused = await call('sell', {
      lines: [{ isbn: IN_STOCK, qty: 1 }],
      payment: { method: 'card' },
    });
    expect(refused).toMatchObject({ status: 401, result: { error: { code: 'SIGNED_OUT' } } });
    expect(actors().filter((e) => e.kind === 'SALE')).toEqual([]);
  });

  it('records the cashier on a sale and its return, and the manager on a stocktake', async () => {
    await ok('signIn', { pin: '0000' });
    let receiptId = '';
    expect(
      await newEvents(async () => {
        const sold = await ok<{ receipt: { receiptId: string } }>('sell', {
          lines: [{ isbn: IN_STOCK, qty: 2 }],
          payment: { method: 'card' },
        });
        receiptId = sold.receipt.receiptId;
      }),
    ).toEqual([{ kind: 'SALE', actor: 'Casey' }]);
    const receipt = runtime.register.receipt(receiptId);
    expect(receipt.cashier).toBe('Casey');

    expect(
      await newEvents(() =>
        ok('returnItems', {
          originalReceiptId: receiptId,
          lines: [{ isbn: IN_STOCK, qty: 1 }],
          refund: { method: 'card' },
        }),
      ),
    ).toEqual([{ kind: 'RETURN', actor: 'Casey' }]);

    // A stocktake is a manager's: Casey is refused, Morgan signs in and commits it.
    expect((await call('stocktakeStart', {})).status).toBe(403);
    await ok('signIn', { pin: '1234' });
    const { view } = await ok<{ view: { stocktakeId: string } }>('stocktakeStart', {});
    await ok('stocktakeSetCount', { stocktakeId: view.stocktakeId, scan: IN_STOCK, counted: 1 });
    const counted = await newEvents(() =>
      ok('stocktakeCommit', { stocktakeId: view.stocktakeId, uncountedAsZero: true }),
    );
    expect(counted.length).toBeGreaterThan(1);
    expect(new Set(counted.map((e) => `${e.kind} ${e.actor}`))).toEqual(
      new Set(['STOCKTAKE Morgan']),
    );

    const journal = await ok<ActivityEntryView[]>('activity', { limit: 10 });
    expect(journal.slice(0, 3).map((entry) => `${entry.kind} ${entry.actor}`)).toEqual([
      'stocktake Morgan',
      'return Casey',
      'sale Casey',
    ]);
    expect(journal[2]).toMatchObject({ detail: receiptId, copies: 2, titles: 1 });
  });

  it('a small shelf correction is the cashier’s; a large one needs a manager’s PIN, and says so', async () => {
    await ok('signIn', { pin: '0000' });
    const small = await ok<{ repairId: number }>('checkScan', { isbn: NONE_HERE, atCounter: 1 });
    expect(await newEvents(() => ok('confirmCorrection', { repairId: small.repairId }))).toEqual([
      { kind: 'ADJUST', actor: 'Casey' },
    ]);

    const large = await ok<{ repairId: number; outcome: string }>('checkScan', {
      isbn: IN_STOCK,
      atCounter: 5,
    });
    expect(large.outcome).toBe('discrepancy');
    const refused = await call('confirmCorrection', { repairId: large.repairId });
    expect(refused).toMatchObject({
      status: 403,
      result: {
        error: { code: 'MANAGER_REQUIRED', message: expect.stringMatching(/3 copies/) as unknown },
      },
    });
    expect(runtime.register.ledger.onHand(IN_STOCK)).toBe(2);

    await expect(call('managerApprove', { pin: '0000' })).resolves.toMatchObject({ status: 403 });
    await ok('managerApprove', { pin: '1234' });
    expect(await newEvents(() => ok('confirmCorrection', { repairId: large.repairId }))).toEqual([
      { kind: 'ADJUST', actor: 'Casey (approved by Morgan)' },
    ]);
    expect(runtime.register.ledger.onHand(IN_STOCK)).toBe(5);
  });

  it('a wrong PIN is a 401 with a plain message; the session call never shows a PIN or hash', async () => {
    const wrong = await call('signIn', { pin: '9999' });
    expect(wrong).toMatchObject({ status: 401, result: { error: { code: 'PIN_REFUSED' } } });
    const session = await ok<unknown>('staffSession', {});
    expect(session).toEqual({
      signedIn: null,
      locked: false,
      noStaffYet: false,
      idleLockMinutes: 5,
    });
    await ok('signIn', { pin: '1234' });
    const list = await ok<unknown[]>('staffList', {});
    expect(JSON.stringify(list)).not.toMatch(/pin|hash|salt|1234/i);
  });
});

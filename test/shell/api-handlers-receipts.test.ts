// Receipts after the sale through the register API, over a real register on disk: found again by
// the number printed on them, returned line by line (never more than was sold), and a strong sale
// the master refuses checked with a real master on loopback, corrected and sent again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi } from '../../app/protocol/register-api.js';
import { dispatchApiCall } from '../../app/shell/api-dispatch.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { asStaff, openTestRuntime } from './fixtures.js';

const IN_STOCK = demoIsbn(1); // 2 at uptown
const ORCHARD = demoIsbn(2); // 2 at uptown
const NONE_HERE = demoIsbn(0); // 0 at uptown, 5 at riverside
const ANA = asStaff('ana', 'cashier');
const BEN = asStaff('ben', 'cashier');

describe('register API: finding receipts and returns', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
  });
  afterEach(() => runtime.close());

  const h = () => runtime.handlers;
  const onHand = (isbn: string) => runtime.register.ledger.onHand(isbn);
  const receiptCount = () =>
    (
      runtime.register.ledger.db.prepare('SELECT count(*) AS n FROM receipts').get() as {
        n: number;
      }
    ).n;
  const sellTwo = async () => {
    const sold = await h().sell(
      {
        lines: [
          { isbn: IN_STOCK, qty: 2 },
          { isbn: ORCHARD, qty: 1 },
        ],
        payment: { method: 'cash', tenderedCents: 100_00 },
      },
      ANA,
    );
    return sold.receipt;
  };

  it('finds a sale by the number printed on its receipt, and lists today’s receipts', async () => {
    const sold = await h().sell(
      { lines: [{ isbn: IN_STOCK, qty: 2 }], payment: { method: 'card' } },
      ANA,
    );
    const printedLine = sold.text.split('\n').find((line) => line.startsWith('Receipt '));
    const printed = printedLine?.slice('Receipt '.length) ?? '';
    expect(printed).toMatch(/^[0-9a-f]{8}-1$/);

    const found = await h().findReceipts({ query: printedLine ?? '' }, ANA);
    expect(registerApi.findReceipts.output.safeParse(found).success).toBe(true);
    expect(found).toEqual([
      {
        receiptId: sold.receipt.receiptId,
        printedNo: printed,
        receiptNo: 1,
        kind: 'SALE',
        status: 'final',
        createdAt: sold.receipt.createdAt,
        cashier: 'ana',
        totalCents: sold.receipt.totalCents,
        items: 2,
        originalReceiptId: null,
      },
    ]);
    const today = await h().findReceipts({ query: '' }, ANA);
    expect(today.map((r) => r.receiptId)).toEqual([sold.receipt.receiptId]);
  });

  it('refuses a query it cannot read (422, with how to type it) or that breaks the contract (400)', async () => {
    const unreadable = await dispatchApiCall(h(), 'findReceipts', { query: 'tide of the' }, ANA);
    expect(unreadable.status).toBe(422);
    expect(unreadable.result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/as printed/) as unknown },
    });
    expect((await dispatchApiCall(h(), 'findReceipts', {}, ANA)).status).toBe(400);
    expect(
      (await dispatchApiCall(h(), 'findReceipts', { query: 'x'.repeat(101) }, ANA)).status,
    ).toBe(400);
    expect((await dispatchApiCall(h(), 'returnableReceipt', { receiptId: '' }, ANA)).status).toBe(
      400,
    );
    const unknown = await dispatchApiCall(h(), 'returnableReceipt', { receiptId: 'nope' }, ANA);
    expect(unknown).toMatchObject({ status: 422, result: { error: { code: 'UNKNOWN_RECEIPT' } } });
  });

  it('returns one copy: the refund is recorded against the sale, by who is signed in', async () => {
    const sale = await sellTwo();
    expect(onHand(IN_STOCK)).toBe(0);
    const refund = await h().returnItems(
      {
        originalReceiptId: sale.receiptId,
        lines: [{ isbn: IN_STOCK, qty: 1 }],
        refund: { method: 'card' },
      },
      BEN,
    );
    expect(refund.receipt).toMatchObject({
      kind: 'RETURN',
      cashier: 'ben',
      originalReceiptId: sale.receiptId,
      totalCents: sale.lines[0]?.unitPriceCents,
    });
    expect(refund.text).toContain('RETURN / REFUND');
    expect(onHand(IN_STOCK)).toBe(1);
    const view = await h().returnableReceipt({ receiptId: sale.receiptId }, BEN);
    expect(registerApi.returnableReceipt.output.safeParse(view).success).toBe(true);
    expect(view.refusal).toBeNull();
    expect(view.lines.map((l) => [l.isbn, l.returned, l.returnable])).toEqual([
      [IN_STOCK, 1, 1],
      [ORCHARD, 0, 1],
    ]);
    // The refund itself is found today, pointing at the sale.
    const today = await h().findReceipts({ query: '' }, BEN);
    expect(today[0]).toMatchObject({ kind: 'RETURN', originalReceiptId: sale.receiptId });
  });

  it('more copies than remain returnable, or a malformed return, are refused and nothing is written', async () => {
    const sale = await sellTwo();
    const before = receiptCount();
    const tooMany = await dispatchApiCall(
      h(),
      'returnItems',
      {
        originalReceiptId: sale.receiptId,
        lines: [{ isbn: IN_STOCK, qty: 3 }],
        refund: { method: 'cash', tenderedCents: 0 },
      },
      BEN,
    );
    expect(tooMany.status).toBe(422);
    expect(tooMany.result).toMatchObject({ error: { code: 'RETURN_EXCEEDS_SALE' } });
    const malformed = await dispatchApiCall(
      h(),
      'returnItems',
      { originalReceiptId: sale.receiptId, lines: [], refund: { method: 'card' } },
      BEN,
    );
    expect(malformed.status).toBe(400);
    const withCashier = await dispatchApiCall(
      h(),
      'returnItems',
      {
        cashier: 'mallory',
        originalReceiptId: sale.receiptId,
        lines: [{ isbn: IN_STOCK, qty: 1 }],
        refund: { method: 'card' },
      },
      BEN,
    );
    expect(withCashier.status).toBe(400);
    expect(receiptCount()).toBe(before);
    expect(onHand(IN_STOCK)).toBe(0);
  });

  it('checking a receipt that is not a waiting sale is refused', async () => {
    const sale = await sellTwo();
    const refused = await dispatchApiCall(
      h(),
      'reconcileRefusedSale',
      { receiptId: sale.receiptId },
      ANA,
    );
    expect(refused).toMatchObject({ status: 422, result: { error: { code: 'INVALID_INPUT' } } });
  });
});

describe('register API: a strong sale the master refuses', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir(), { embeddedMaster: true });
    await runtime.handlers.setMode({ mode: 'strong' }, {});
  });
  afterEach(() => runtime.close());

  const h = () => runtime.handlers;

  it('is checked with the master, the copy at the counter confirmed, and sent again', async () => {
    // Neither ledger counts a copy here, yet the cashier is holding one.
    const outcome = await h().sell(
      { lines: [{ isbn: NONE_HERE, qty: 1 }], payment: { method: 'card' } },
      ANA,
    );
    if (outcome.status !== 'rejected') throw new Error(`got ${outcome.status}`);
    expect(outcome).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      detail: { isbn: NONE_HERE, onHand: -1 },
    });
    expect(outcome.receipt.status).toBe('pending');
    const receiptId = outcome.receipt.receiptId;

    const checks = await h().reconcileRefusedSale({ receiptId }, ANA);
    expect(registerApi.reconcileRefusedSale.output.safeParse(checks).success).toBe(true);
    expect(checks).toEqual([
      {
        outcome: 'discrepancy',
        isbn: NONE_HERE,
        title: outcome.receipt.lines[0]?.title,
        repairId: expect.any(Number) as unknown,
        proposed: { from: -1, to: 0 },
        // The exchange carried the waiting sale up, so the master counts it too.
        masterOnHand: -1,
      },
    ]);
    const [check] = checks;
    if (check?.outcome !== 'discrepancy') throw new Error('expected a discrepancy');
    // Still waiting: checking alone changes nothing about the sale.
    expect((await h().pendingSales({}, ANA)).map((p) => p.receipt.receiptId)).toEqual([receiptId]);

    await h().confirmCorrection({ repairId: check.repairId }, ANA);
    const retried = await h().retryPending({ receiptId }, ANA);
    expect(retried.status).toBe('confirmed');
    expect(retried.receipt.status).toBe('final');
    expect(runtime.register.ledger.onHand(NONE_HERE)).toBe(0);
    const repair = runtime.register.repairs().find((r) => r.repairId === check.repairId);
    expect(repair).toMatchObject({ actor: 'ana', outcome: 'corrected' });
  });
});

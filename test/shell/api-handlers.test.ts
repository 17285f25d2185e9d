// The handler map over a real register (the first-run demo ledger on disk): what each call does
// to the ledger, and the strong-mode path when the master cannot be reached.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerApi, type ApiOutput } from '../../app/protocol/register-api.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn, demoTitles } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { asStaff, closedPort, openTestRuntime } from './fixtures.js';

const IN_STOCK = demoIsbn(1); // 2 at uptown
const NONE_HERE = demoIsbn(0); // 0 at uptown, 5 at riverside
const ANA = asStaff('ana', 'cashier');

describe('register API handlers', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
  });
  afterEach(() => runtime.close());

  const h = () => runtime.handlers;
  const onHand = (isbn: string) => runtime.register.ledger.onHand(isbn);

  it('looks a title up by any ISBN form, with the shelf count', async () => {
    const title = demoTitles()[1]!;
    const hyphenated = `${title.isbn.slice(0, 3)}-${title.isbn.slice(3)}`;
    await expect(h().lookupTitle({ scan: hyphenated }, {})).resolves.toEqual({
      isbn: title.isbn,
      title: title.title,
      author: title.author,
      priceCents: title.priceCents,
      section: title.section,
      onHand: 2,
    });
  });

  it('sells in eventual mode at once, with the printed text, and the shelf counts down', async () => {
    const outcome = await h().sell(
      {
        lines: [{ isbn: IN_STOCK, qty: 2 }],
        payment: { method: 'cash', tenderedCents: 100_00 },
      },
      ANA,
    );
    expect(outcome.status).toBe('recorded');
    expect(outcome.receipt.status).toBe('final');
    expect(outcome.text).toContain('Uptown');
    expect(outcome.text).toContain('Change');
    expect(registerApi.sell.output.safeParse(outcome).success).toBe(true);
    expect(onHand(IN_STOCK)).toBe(0);
    const again = await h().getReceipt({ receiptId: outcome.receipt.receiptId }, {});
    expect(again.text).toBe(outcome.text);
  });

  it('prints in the page in the browser shell, and through the shell when it can', async () => {
    const sold = await h().sell(
      { lines: [{ isbn: IN_STOCK, qty: 1 }], payment: { method: 'card' } },
      ANA,
    );
    const receiptId = sold.receipt.receiptId;
    await expect(h().printReceipt({ receiptId }, {})).resolves.toEqual({ via: 'page' });
    const printed: string[] = [];
    await expect(
      h().printReceipt(
        { receiptId },
        {
          print: (receipt) => {
            printed.push(receipt.text);
            return Promise.resolve({ via: 'printer' });
          },
        },
      ),
    ).resolves.toEqual({ via: 'printer' });
    expect(printed).toEqual([sold.text]);
  });

  it('receives a delivery and reports the new counts', async () => {
    const result = await h().receiveDelivery(
      { reference: 'PO-1', lines: [{ isbn: NONE_HERE, qty: 3 }] },
      ANA,
    );
    expect(result).toEqual({ events: 1, titles: [{ isbn: NONE_HERE, onHand: 3 }] });
  });

  it('answers availability as unknown, not as an error, when not connected to a master', async () => {
    await expect(h().availability({ isbn: NONE_HERE }, {})).resolves.toMatchObject({
      status: 'unknown',
      reason: 'not-enrolled',
    });
  });

  it('changes mode and schedule, and announces the new status', async () => {
    const heard: string[] = [];
    runtime.events.on((event) => {
      if (event.type === 'status') heard.push(`${event.status.mode} ${event.status.nightlyAt}`);
    });
    await h().setMode({ mode: 'strong' }, {});
    const status = await h().setSchedule({ nightlyAt: '03:30' }, {});
    expect(status).toMatchObject({ mode: 'strong', nightlyAt: '03:30' });
    expect(heard).toEqual(['strong 02:00', 'strong 03:30']);
  });

  describe('strong mode with the master away', () => {
    let sold: Extract<ApiOutput<'sell'>, { status: 'master-unreachable' }>;

    beforeEach(async () => {
      const settings = runtime.register.ledger.settings;
      settings.set('master_url', `http://127.0.0.1:${await closedPort()}`);
      settings.set('master_token', 't'.repeat(43));
      settings.set('sync_mode', 'strong');
      const outcome = await h().sell(
        { lines: [{ isbn: IN_STOCK, qty: 1 }], payment: { method: 'card' } },
        ANA,
      );
      if (outcome.status !== 'master-unreachable') throw new Error(`got ${outcome.status}`);
      sold = outcome;
    });

    it('keeps the sale waiting, says so, offers the fallback, and marks the master unreachable', async () => {
      expect(sold.receipt.status).toBe('pending');
      expect(sold.canFallBack).toBe(true);
      expect(sold.text).toContain('NOT FINAL');
      expect((await h().status({}, {})).masterReachable).toBe(false);
      expect((await h().pendingSales({}, {})).map((p) => p.receipt.receiptId)).toEqual([
        sold.receipt.receiptId,
      ]);
      const again = await h().retryPending({ receiptId: sold.receipt.receiptId }, {});
      expect(again.status).toBe('master-unreachable');
      await expect(h().availability({ isbn: IN_STOCK }, {})).resolves.toMatchObject({
        status: 'unknown',
        reason: 'master-unreachable',
      });
    });

    it('cancelling voids the sale: the copy is back on the shelf, nothing waits', async () => {
      expect(onHand(IN_STOCK)).toBe(1);
      const cancelled = await h().cancelPending({ receiptId: sold.receipt.receiptId }, ANA);
      expect(cancelled.receipt.status).toBe('cancelled');
      expect(cancelled.text).toContain('CANCELLED');
      expect(onHand(IN_STOCK)).toBe(2);
      expect(await h().pendingSales({}, {})).toEqual([]);
    });

    it('a manager finishing it in eventual mode makes it final and switches the mode', async () => {
      const finished = await h().finishPendingEventually({ receiptId: sold.receipt.receiptId }, {});
      expect(finished.receipt.status).toBe('final');
      expect((await h().status({}, {})).mode).toBe('eventual');
      expect(onHand(IN_STOCK)).toBe(1);
    });
  });
});

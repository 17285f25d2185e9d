// A strong-mode sale the master's count cannot cover is refused whole, alone: the requests that
// shared its group commit still get through, and a re-sent sale the master already holds passes.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { pushResponseSchema, saleResponseSchema } from '../../app/protocol/wire.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  ISBN_A,
  ISBN_B,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  newOriginId,
  startMaster,
  type AnyTestMaster,
  type EnrolledRegister,
} from './helpers.js';

describeEachStorage('insufficient stock', (kind) => {
  let master: AnyTestMaster;
  let till: EnrolledRegister;

  beforeEach(async () => {
    master = await startMaster({ storage: kind });
    till = await enrol(master, 'uptown');
  });
  afterEach(async () => {
    await master.close();
  });

  const sell = (receiptId: string, events: LedgerEvent[]) =>
    call(master, 'POST', '/v1/sales', { receiptId, events }, { token: till.token });
  const push = (events: LedgerEvent[]) =>
    call(master, 'POST', '/v1/events', { events }, { token: till.token });

  it('refuses a sale that would take the count below zero, writing nothing of it', async () => {
    const writer = new OriginWriter(till.originId, 'uptown');
    expect((await push([writer.delivery(ISBN_A, 1), writer.delivery(ISBN_B, 5)])).status).toBe(200);
    // Two lines: B is fine, A is not; neither may be written.
    const lineB = writer.sale(ISBN_B, 1, 'r-1');
    const lineA = writer.sale(ISBN_A, 2, 'r-1');
    const refused = await sell('r-1', [lineB, lineA]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      error: { code: 'INSUFFICIENT_STOCK', detail: { isbn: ISBN_A, onHand: -1 } },
    });
    expect(await master.inspect.eventCount()).toBe(2);
    expect((await master.storage.titleState('uptown', ISBN_B)).onHand).toBe(5);
    expect(await master.inspect.checkStock()).toEqual([]);
  });

  it('passes a re-sent sale the master already holds, whatever the count now', async () => {
    const writer = new OriginWriter(till.originId, 'uptown');
    await push([writer.delivery(ISBN_A, 1)]);
    const sale = writer.sale(ISBN_A, 1, 'r-2');
    expect((await sell('r-2', [sale])).status).toBe(200);
    const adjust = writer.next({
      kind: 'ADJUST',
      isbn: ISBN_A,
      actor: 'mo',
      delta: -3,
      reason: 'damaged',
    });
    await push([adjust]);
    const again = await sell('r-2', [sale]);
    expect(again.status).toBe(200);
    expect(saleResponseSchema.parse(again.body)).toMatchObject({
      accepted: 0,
      duplicates: 1,
      onHand: { [ISBN_A]: -3 },
    });
  });

  it('refuses it alone when it shares a group commit with other requests', async () => {
    const writer = new OriginWriter(till.originId, 'uptown');
    await push([writer.delivery(ISBN_A, 1)]);
    const others: OriginWriter[] = [];
    for (let i = 0; i < 8; i += 1) {
      const originId = newOriginId();
      await call(master, 'POST', '/v1/origins', { originId }, { token: till.token });
      others.push(new OriginWriter(originId, 'uptown'));
    }
    // Keep-alive connections already open, so the requests arrive together.
    await Promise.all(others.map(() => call(master, 'GET', '/v1/health')));
    const replies = await Promise.all([
      sell('r-3', [writer.sale(ISBN_A, 5, 'r-3')]),
      ...others.map((other) => push([other.delivery(ISBN_B, 1)])),
    ]);
    expect(replies[0]?.status).toBe(409);
    for (const reply of replies.slice(1)) {
      expect(pushResponseSchema.parse(reply.body).accepted).toBe(1);
    }
    expect(await master.inspect.eventCount()).toBe(1 + others.length);
    // The refused sale's seq is still the one the master expects next from the till.
    const next = await push([writer.delivery(ISBN_A, 4)]);
    expect(next.body).toMatchObject({ error: { code: 'GAP', detail: { expected: 2 } } });
    expect(await master.inspect.checkStock()).toEqual([]);
  });
});

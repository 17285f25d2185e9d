import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  feedResponseSchema,
  pushResponseSchema,
  saleResponseSchema,
  titleStateResponseSchema,
  availabilityResponseSchema,
  catalogResponseSchema,
  healthResponseSchema,
} from '../../app/protocol/wire.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  ISBN_A,
  ISBN_B,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  startMaster,
  type AnyTestMaster,
  type EnrolledRegister,
} from './helpers.js';

describeEachStorage('master push, pull, sale and reads', (kind) => {
  let master: AnyTestMaster;
  let till: EnrolledRegister;
  let writer: OriginWriter;

  beforeEach(async () => {
    master = await startMaster({ storage: kind });
    till = await enrol(master, 'uptown');
    writer = new OriginWriter(till.originId, 'uptown');
  });
  afterEach(async () => {
    await master.close();
  });

  const push = (events: LedgerEvent[], token = till.token) =>
    call(master, 'POST', '/v1/events', { events }, { token });
  const eventCount = () => master.inspect.eventCount();

  describe('push and pull', () => {
    it('accepts a page, reports held and headSeq, and serves it back in masterSeq order', async () => {
      const events = [
        writer.delivery(ISBN_A, 5),
        writer.sale(ISBN_A, 2),
        writer.delivery(ISBN_B, 1),
      ];
      const reply = await push(events);
      expect(reply.status).toBe(200);
      expect(pushResponseSchema.parse(reply.body)).toEqual({
        accepted: 3,
        duplicates: 0,
        held: { [till.originId]: 3 },
        headSeq: 3,
      });

      const feed = await call(master, 'GET', '/v1/feed?after=0&limit=2', undefined, {
        token: till.token,
      });
      expect(feed.status).toBe(200);
      const page1 = feedResponseSchema.parse(feed.body);
      expect(page1.entries.map((entry) => entry.masterSeq)).toEqual([1, 2]);
      expect(page1.entries.map((entry) => entry.event)).toEqual(events.slice(0, 2));
      expect(page1).toMatchObject({ nextAfter: 2, headSeq: 3 });

      const page2 = feedResponseSchema.parse(
        (
          await call(master, 'GET', `/v1/feed?after=${page1.nextAfter}&limit=2`, undefined, {
            token: till.token,
          })
        ).body,
      );
      expect(page2.entries.map((entry) => entry.event)).toEqual(events.slice(2));
      expect(page2.nextAfter).toBe(3);

      const page3 = feedResponseSchema.parse(
        (await call(master, 'GET', '/v1/feed?after=3', undefined, { token: till.token })).body,
      );
      expect(page3).toEqual({ entries: [], nextAfter: 3, headSeq: 3 });
    });

    it('feeds other stores’ events to every register, in arrival order across origins', async () => {
      const other = await enrol(master, 'riverside');
      const otherWriter = new OriginWriter(other.originId, 'riverside');
      await push([writer.delivery(ISBN_A, 1)]);
      await push([otherWriter.delivery(ISBN_A, 2)], other.token);
      await push([writer.sale(ISBN_A, 1)]);
      const feed = feedResponseSchema.parse(
        (await call(master, 'GET', '/v1/feed', undefined, { token: other.token })).body,
      );
      expect(feed.entries.map((entry) => [entry.masterSeq, entry.event.originId])).toEqual([
        [1, till.originId],
        [2, other.originId],
        [3, till.originId],
      ]);
    });

    it('acknowledges a re-sent page again as duplicates without writing it twice', async () => {
      const events = [writer.delivery(ISBN_A, 5), writer.sale(ISBN_A, 2)];
      expect((await push(events)).status).toBe(200);
      const again = await push([...events, writer.sale(ISBN_A, 1)]);
      expect(again.status).toBe(200);
      expect(pushResponseSchema.parse(again.body)).toEqual({
        accepted: 1,
        duplicates: 2,
        held: { [till.originId]: 3 },
        headSeq: 3,
      });
      expect(await eventCount()).toBe(3);
      const stock = titleStateResponseSchema.parse(
        (await call(master, 'GET', `/v1/stock/uptown/${ISBN_A}`, undefined, { token: till.token }))
          .body,
      );
      expect(stock.onHand).toBe(2);
    });

    it('treats a key sent twice in one request as one event', async () => {
      const delivery = writer.delivery(ISBN_A, 4);
      const reply = await push([delivery, delivery]);
      expect(pushResponseSchema.parse(reply.body)).toMatchObject({ accepted: 1, duplicates: 1 });
      expect(await eventCount()).toBe(1);
    });

    it('refuses a different body under a held key with 422 CONFLICT and writes nothing of the request', async () => {
      await push([writer.delivery(ISBN_A, 5)]);
      const sale = writer.sale(ISBN_A, 1);
      await push([sale]);
      const tampered = { ...sale, qty: 3 } as LedgerEvent;
      const next = writer.delivery(ISBN_B, 1);
      const reply = await push([next, tampered]);
      expect(reply.status).toBe(422);
      expect(reply.body).toMatchObject({
        error: { code: 'CONFLICT', detail: { originId: till.originId, seq: sale.seq } },
      });
      expect(await eventCount()).toBe(2);
      // The event before the conflicting one in the same request was rolled back too.
      expect(pushResponseSchema.parse((await push([next])).body).accepted).toBe(1);
    });

    it('refuses a seq past held+1 with 409 GAP naming the expected seq, counting the request’s own events', async () => {
      const first = writer.delivery(ISBN_A, 1);
      const second = writer.delivery(ISBN_A, 1);
      const third = writer.delivery(ISBN_A, 1);
      const gap = await push([third]);
      expect(gap.status).toBe(409);
      expect(gap.body).toMatchObject({
        error: { code: 'GAP', detail: { originId: till.originId, expected: 1 } },
      });
      const laterGap = await push([first, third]);
      expect(laterGap.status).toBe(409);
      expect(laterGap.body).toMatchObject({ error: { detail: { expected: 2 } } });
      expect(await eventCount()).toBe(0);
      expect((await push([first, second, third])).status).toBe(200);
      expect(await eventCount()).toBe(3);
    });
  });

  describe('strong-mode sale', () => {
    it('answers with the master’s on-hand of each title sold, after the sale', async () => {
      await push([writer.delivery(ISBN_A, 5), writer.delivery(ISBN_B, 2)]);
      const lineA = writer.sale(ISBN_A, 2, 'rcpt-1');
      const lineB = writer.sale(ISBN_B, 1, 'rcpt-1');
      const reply = await call(
        master,
        'POST',
        '/v1/sales',
        { receiptId: 'rcpt-1', events: [lineA, lineB] },
        { token: till.token },
      );
      expect(reply.status).toBe(200);
      expect(saleResponseSchema.parse(reply.body)).toEqual({
        receiptId: 'rcpt-1',
        accepted: 2,
        duplicates: 0,
        held: { [till.originId]: 4 },
        headSeq: 4,
        onHand: { [ISBN_A]: 3, [ISBN_B]: 1 },
      });
      // The register retries after a lost answer: same receipt, acknowledged, counted once.
      const retry = await call(
        master,
        'POST',
        '/v1/sales',
        { receiptId: 'rcpt-1', events: [lineA, lineB] },
        { token: till.token },
      );
      expect(saleResponseSchema.parse(retry.body)).toMatchObject({
        accepted: 0,
        duplicates: 2,
        onHand: { [ISBN_A]: 3, [ISBN_B]: 1 },
      });
    });

    it('refuses a sale request none of whose events belongs to the receipt', async () => {
      const reply = await call(
        master,
        'POST',
        '/v1/sales',
        { receiptId: 'rcpt-9', events: [writer.sale(ISBN_A, 1, 'rcpt-other')] },
        { token: till.token },
      );
      expect(reply.status).toBe(400);
      expect(await eventCount()).toBe(0);
    });
  });

  describe('reads', () => {
    it('reports a title’s count with the whole held vector, and every store’s availability', async () => {
      const other = await enrol(master, 'riverside');
      const otherWriter = new OriginWriter(other.originId, 'riverside');
      await push([writer.delivery(ISBN_A, 4), writer.sale(ISBN_A, 1)]);
      await push([otherWriter.delivery(ISBN_A, 7)], other.token);

      const state = await call(master, 'GET', `/v1/stock/uptown/${ISBN_A}`, undefined, {
        token: till.token,
      });
      expect(titleStateResponseSchema.parse(state.body)).toEqual({
        storeId: 'uptown',
        isbn: ISBN_A,
        onHand: 3,
        vector: { [till.originId]: 2, [other.originId]: 1 },
      });
      const unknownStore = await call(master, 'GET', `/v1/stock/nowhere/${ISBN_A}`, undefined, {
        token: till.token,
      });
      expect(unknownStore.status).toBe(404);

      const availability = await call(master, 'GET', `/v1/availability/${ISBN_A}`, undefined, {
        token: till.token,
      });
      expect(availabilityResponseSchema.parse(availability.body).stores).toEqual([
        { storeId: 'riverside', name: 'Riverside', onHand: 7 },
        { storeId: 'uptown', name: 'Uptown', onHand: 3 },
      ]);
    });

    it('serves the catalog to registers and health to anyone', async () => {
      await master.storage.upsertTitles([
        {
          isbn: ISBN_A,
          title: 'The Quiet Atlas',
          author: 'Ada Hartley',
          priceCents: 1299,
          costCents: 700,
          section: 'Fiction',
        },
      ]);
      const catalog = catalogResponseSchema.parse(
        (await call(master, 'GET', '/v1/catalog', undefined, { token: till.token })).body,
      );
      expect(catalog.stores.map((store) => store.storeId)).toEqual(['riverside', 'uptown']);
      expect(catalog.titles).toEqual([
        expect.objectContaining({ isbn: ISBN_A, title: 'The Quiet Atlas' }),
      ]);

      await push([writer.delivery(ISBN_A, 1)]);
      const health = await call(master, 'GET', '/v1/health');
      expect(health.status).toBe(200);
      expect(healthResponseSchema.parse(health.body)).toEqual({
        status: 'ok',
        version: expect.any(String) as string,
        headSeq: 1,
      });
    });

    it('keeps what it acknowledged across a restart on the same database', async () => {
      await push([writer.delivery(ISBN_A, 3), writer.sale(ISBN_A, 1)]);
      await master.app.close();
      await master.storage.close();
      const reopened = await master.database.open();
      try {
        expect((await reopened.feed(0, 10)).entries).toHaveLength(2);
        expect((await reopened.titleState('uptown', ISBN_A)).onHand).toBe(2);
      } finally {
        await reopened.close();
      }
      // close() again in afterEach must be harmless.
    });
  });
});

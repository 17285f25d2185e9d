import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pushResponseSchema } from '../../app/protocol/wire.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import {
  ISBN_A,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  newOriginId,
  startMaster,
  type AnyTestMaster,
  type EnrolledRegister,
} from './helpers.js';

const N = 24;

describeEachStorage('group commit', (kind) => {
  let master: AnyTestMaster;
  let till: EnrolledRegister;
  let writers: OriginWriter[];

  beforeEach(async () => {
    master = await startMaster({ storage: kind });
    till = await enrol(master, 'uptown');
    // One origin per concurrent push, so their seqs cannot interfere with each other.
    writers = [];
    for (let i = 0; i < N; i += 1) {
      const originId = newOriginId();
      const claim = await call(master, 'POST', '/v1/origins', { originId }, { token: till.token });
      expect(claim.status).toBe(200);
      writers.push(new OriginWriter(originId, 'uptown'));
    }
    // This client shares the server's event loop, so fresh connections would open one per loop turn
    // and serialise the pushes. With N connections already open, N pushes arrive together, as they
    // do from N registers.
    await Promise.all(writers.map(() => call(master, 'GET', '/v1/health')));
  });
  afterEach(async () => {
    await master.close();
  });

  const push = (events: LedgerEvent[]) =>
    call(master, 'POST', '/v1/events', { events }, { token: till.token });

  describe('concurrent pushes', () => {
    it('commits N concurrent pushes in fewer than N transactions, each acknowledged once durable', async () => {
      const before = master.storage.stats();
      const replies = await Promise.all(
        writers.map((writer) => push([writer.delivery(ISBN_A, 1)])),
      );
      expect(replies.map((reply) => reply.status)).toEqual(Array<number>(N).fill(200));
      for (const reply of replies) expect(pushResponseSchema.parse(reply.body).accepted).toBe(1);
      const after = master.storage.stats();
      expect(after.appends - before.appends).toBe(N);
      expect(after.commits - before.commits).toBeLessThan(N);
      expect(await master.inspect.eventCount()).toBe(N);
    });

    it('fails a conflicting or gapped push alone, leaving the pushes that shared its commit intact', async () => {
      const [conflicted, gapped, ...healthy] = writers;
      if (!conflicted || !gapped) throw new Error('need writers');
      const original = conflicted.delivery(ISBN_A, 1);
      expect((await push([original])).status).toBe(200);
      gapped.delivery(ISBN_A, 1); // seq 1 is never sent, so seq 2 leaves a gap

      const before = master.storage.stats();
      const replies = await Promise.all([
        push([conflicted.delivery(ISBN_A, 1), { ...original, qty: 9 } as LedgerEvent]),
        push([gapped.delivery(ISBN_A, 1)]),
        ...healthy.map((writer) => push([writer.delivery(ISBN_A, 2), writer.sale(ISBN_A, 1)])),
      ]);
      expect(replies[0]?.status).toBe(422);
      expect(replies[1]?.status).toBe(409);
      expect(replies.slice(2).map((reply) => reply.status)).toEqual(
        Array<number>(healthy.length).fill(200),
      );
      expect(master.storage.stats().commits - before.commits).toBeLessThan(N);
      // 1 original + 2 per healthy writer; nothing from the two refused pushes.
      expect(await master.inspect.eventCount()).toBe(1 + 2 * healthy.length);
      expect(await master.inspect.checkStock()).toEqual([]);
    });
  });
});

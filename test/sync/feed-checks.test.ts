// The client checks a feed page's envelope only; the ledger checks each event it does not already
// hold as it applies the page. A malformed event from the master must still stop the batch with a
// clear error and leave the ledger exactly as it was.
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { FeedResponse, PushResponse } from '../../app/protocol/wire.js';
import { InvalidFeedError, runBatch } from '../../app/sync/batch.js';
import type { MasterApi } from '../../app/sync/master-client.js';
import { anotherTillsEvents, feedPageOf, useMemoryLedgers } from '../helpers/feed-chain.js';
import { deliver, demoIsbn } from '../helpers/ledgers.js';

const open = useMemoryLedgers();

/** A master whose feed is `chain` (one event per masterSeq) and that takes every push. */
function masterWithFeed(chain: readonly unknown[]): MasterApi {
  return {
    push: (events): Promise<PushResponse> => {
      const held: Record<string, number> = {};
      for (const event of events) held[event.originId] = event.seq;
      return Promise.resolve({ accepted: events.length, duplicates: 0, held, headSeq: 0 });
    },
    sale: () => Promise.reject(new Error('no sales here')),
    repair: () => Promise.reject(new Error('no repair here')),
    feed(after: number, limit: number): Promise<FeedResponse & { bytes: number }> {
      const page = feedPageOf(chain, after, limit);
      return Promise.resolve({
        ...page,
        entries: page.entries.map(({ masterSeq, event }) => ({
          masterSeq,
          event: event as LedgerEvent,
        })),
      });
    },
  };
}

const otherTillsEvents = (count: number) => anotherTillsEvents(open, count);

/** Everything a refused page could have touched. */
function stateOf(ledger: Ledger) {
  return {
    vector: ledger.vector(),
    pullAfter: ledger.settings.get('pull_after'),
    early: ledger.earlyEventCount(),
    onHand: [0, 1, 2].map((index) => ledger.onHand(demoIsbn(index))),
  };
}

describe('checking feed pages', () => {
  const malformed: [string, (event: LedgerEvent) => unknown, RegExp][] = [
    ['a quantity that is not a number', (event) => ({ ...event, qty: 'many' }), /qty/],
    ['an unknown field', (event) => ({ ...event, note: 'extra' }), /note|unrecognized/i],
    ['a malformed ISBN', (event) => ({ ...event, isbn: '12345' }), /isbn/],
    ['no kind', ({ kind: _kind, ...event }) => event, /kind/],
  ];

  it.each(malformed)(
    'refuses a page holding an event with %s, and applies nothing of it',
    async (_name, spoil, field) => {
      const chain: unknown[] = otherTillsEvents(7);
      chain[4] = spoil(chain[4] as LedgerEvent);
      const till = open();
      const batch = runBatch(till, masterWithFeed(chain), { pageSize: 3 });
      await expect(batch).rejects.toThrow(InvalidFeedError);
      await expect(batch).rejects.toThrow(field);
      await expect(batch).rejects.toThrow(/from masterSeq 4\b.*Nothing from that page was applied/);
      // The first page (masterSeq 1-3) went in; the page holding the bad event did not.
      expect(stateOf(till)).toEqual({
        vector: { [till.originId]: 0, [(chain[0] as LedgerEvent).originId]: 3 },
        pullAfter: 3,
        early: 0,
        onHand: [1, 1, 1],
      });
    },
  );

  it("recognises the register's own events coming back by their stored text", async () => {
    const till = open();
    for (let i = 0; i < 4; i += 1) deliver(till, demoIsbn(0), 1);
    const own = till.eventsMissingFrom({}, 100);
    // The feed carries them with their keys in another order: the same events all the same.
    const reordered = own.map((event) =>
      Object.fromEntries(Object.entries(event).reverse()),
    ) as unknown[];
    const result = await runBatch(till, masterWithFeed([...reordered, ...otherTillsEvents(2)]));
    expect(result.pulled).toBe(2);
    expect(result.conflicts).toBe(0);
    expect(till.onHand(demoIsbn(0))).toBe(5);
  });

  it("refuses a changed copy of the register's own event as a conflict, not a duplicate", async () => {
    const till = open();
    deliver(till, demoIsbn(0), 1);
    const [own] = till.eventsMissingFrom({}, 1);
    const result = await runBatch(till, masterWithFeed([{ ...own, qty: 9 }]));
    expect(result.conflicts).toBe(1);
    expect(till.onHand(demoIsbn(0))).toBe(1);
  });
});

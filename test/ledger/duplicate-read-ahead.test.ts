// Events the ledger already holds come back in every night's feed (the register's own, mostly).
// Their stored texts are read ahead in ranges rather than one by one; whatever order and mix they
// arrive in, each is judged against its own stored text: the same text a duplicate, any other a
// conflict that writes nothing.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';

describe('held events arriving again, read ahead in ranges (property)', () => {
  const open: Ledger[] = [];
  afterEach(() => open.splice(0).forEach((ledger) => ledger.close()));

  it('are duplicates when unchanged and conflicts when changed, in any order', () => {
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    open.push(ledger);
    seedTitles(ledger, 3);
    // More than one read-ahead range (512), so lookups cross and go back over ranges.
    const held = 1_300;
    for (let index = 0; index < held; index += 1)
      deliver(ledger, demoIsbn(index % 3), 1 + (index % 4));
    const own = ledger.eventsOfOrigin(ledger.originId, 0, held, held);
    const stockBefore = ledger.onHand(demoIsbn(0));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: held }), fc.boolean()), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.boolean(),
        (picks, runs) => {
          // Runs of consecutive seqs from each pick (as a feed page brings them), or single ones.
          const page: LedgerEvent[] = [];
          const changed = new Set<number>();
          for (const [seq, change] of picks) {
            for (let at = seq; at < Math.min(held + 1, seq + (runs ? 40 : 1)); at += 1) {
              const event = own[at - 1] as LedgerEvent;
              if (change && at === seq) {
                changed.add(at);
                page.push({ ...event, actor: `${event.actor}-changed` });
              } else page.push(event);
            }
          }
          const report = ledger.applyForeign(page);
          expect(report.applied).toBe(0);
          expect(report.early).toBe(0);
          expect(new Set(report.conflicts.map((key) => key.seq))).toEqual(changed);
          expect(report.duplicate + report.conflicts.length).toBe(page.length);
          expect(ledger.onHand(demoIsbn(0))).toBe(stockBefore);
        },
      ),
      { seed: 5150, numRuns: 200 },
    );
  });

  it('judges held events of two origins interleaved in one page, each against its own text', () => {
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    const other = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    open.push(ledger, other);
    for (const till of [ledger, other]) seedTitles(till, 3);
    for (let index = 0; index < 700; index += 1) {
      deliver(ledger, demoIsbn(index % 3), 1);
      deliver(other, demoIsbn(index % 3), 2);
    }
    const theirs = other.eventsOfOrigin(other.originId, 0, 700, 700);
    expect(ledger.applyForeign(theirs).applied).toBe(700);
    const ours = ledger.eventsOfOrigin(ledger.originId, 0, 700, 700);
    const page: LedgerEvent[] = [];
    for (let at = 0; at < 700; at += 1) {
      const mine = ours[at] as LedgerEvent;
      const their = theirs[at] as LedgerEvent;
      page.push(mine, at === 600 ? { ...their, actor: 'someone else' } : their);
    }
    const report = ledger.applyForeign(page);
    expect(report).toMatchObject({ applied: 0, early: 0, duplicate: 1_399 });
    expect(report.conflicts).toEqual([{ originId: other.originId, seq: 601 }]);
  });
});

// Ledgers in memory for the pull tests, and a chain of another till's events served as the
// master's feed would serve it (one event per masterSeq).
import { afterEach } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { FeedResponse } from '../../app/protocol/wire.js';
import { deliver, demoIsbn, seedTitles } from './ledgers.js';

/** Opens seeded in-memory ledgers, closed after each test of the calling file or block. */
export function useMemoryLedgers(titles = 3): () => Ledger {
  const opened: Ledger[] = [];
  afterEach(() => opened.splice(0).forEach((ledger) => ledger.close()));
  return () => {
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    seedTitles(ledger, titles);
    opened.push(ledger);
    return ledger;
  };
}

/** `count` deliveries recorded by another till of the store (opened with `open`). */
export function anotherTillsEvents(open: () => Ledger, count: number): LedgerEvent[] {
  const other = open();
  for (let i = 0; i < count; i += 1) deliver(other, demoIsbn(i % 3), 1);
  return other.eventsMissingFrom({}, 10_000);
}

/** The feed page after `after` of a master whose log is `chain`. */
export function feedPageOf<T>(
  chain: readonly T[],
  after: number,
  limit: number,
): Omit<FeedResponse, 'entries'> & { entries: { masterSeq: number; event: T }[]; bytes: number } {
  const entries = chain
    .slice(after, after + limit)
    .map((event, index) => ({ masterSeq: after + index + 1, event }));
  return {
    entries,
    nextAfter: after + entries.length,
    headSeq: chain.length,
    bytes: 100 * entries.length,
  };
}

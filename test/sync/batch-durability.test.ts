// The nightly batch commits its pulled pages and the master's acknowledgements without waiting for
// the disk (the master can give both back), and nothing else: whatever the batch commits outside
// them, and every commit after it, waits for the disk as the ledger was opened to (FULL), whether
// the batch ends well or not.
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { PushResponse } from '../../app/protocol/wire.js';
import { runBatch } from '../../app/sync/batch.js';
import { Outbox } from '../../app/sync/outbox.js';
import { MasterUnreachableError, type MasterApi } from '../../app/sync/master-client.js';

import { anotherTillsEvents, feedPageOf, useMemoryLedgers } from '../helpers/feed-chain.js';
import { deliver, demoIsbn } from '../helpers/ledgers.js';

const open = useMemoryLedgers();
const FULL = 2;
const NORMAL = 1;

/** The synchronous level each write of the batch committed at, by what it wrote. */
function recordCommits(till: Ledger): { wrote: string; synchronous: number }[] {
  const commits: { wrote: string; synchronous: number }[] = [];
  const original = till.transaction.bind(till);
  till.transaction = <T>(work: () => T): T => {
    if (till.db.inTransaction) return original(work);
    const pulledBefore = till.settings.get('pull_after');
    const heldBefore = JSON.stringify(new Outbox(till).heldByMaster());
    const synchronous = Number(till.db.pragma('synchronous', { simple: true }));
    const result = original(work);
    const wrote =
      till.settings.get('pull_after') !== pulledBefore
        ? 'feed page'
        : JSON.stringify(new Outbox(till).heldByMaster()) !== heldBefore
          ? 'acknowledgement'
          : 'other';
    commits.push({ wrote, synchronous });
    return result;
  };
  return commits;
}

function master(till: Ledger, chain: readonly LedgerEvent[], failPull = false): MasterApi {
  return {
    push: (events: readonly LedgerEvent[]): Promise<PushResponse> =>
      Promise.resolve({
        accepted: events.length,
        duplicates: 0,
        held: { [till.originId]: events.at(-1)?.seq ?? 0 },
        headSeq: 0,
      }),
    sale: () => Promise.reject(new Error('no sales here')),
    repair: () => Promise.reject(new Error('no repair here')),
    feed: (after: number, limit: number) =>
      failPull && after > 0
        ? Promise.reject(new MasterUnreachableError('the master went away'))
        : Promise.resolve(feedPageOf(chain, after, limit)),
  };
}

describe('what the nightly batch waits for the disk for', () => {
  it('commits feed pages and acknowledgements without waiting, then is FULL again', async () => {
    const till = open();
    for (let i = 0; i < 5; i += 1) deliver(till, demoIsbn(i % 3), 1);
    const chain = anotherTillsEvents(open, 6);
    const commits = recordCommits(till);
    const result = await runBatch(till, master(till, chain), { pageSize: 2 });
    expect(result).toMatchObject({ pushed: 5, pulled: 6 });
    const levels = (wrote: string) =>
      commits.filter((commit) => commit.wrote === wrote).map((commit) => commit.synchronous);
    expect(levels('feed page')).toEqual([NORMAL, NORMAL, NORMAL]);
    expect(levels('acknowledgement')).toEqual([NORMAL, NORMAL, NORMAL]);
    expect(levels('other').every((level) => level === FULL)).toBe(true);
    // After the batch, as between its commits, a sale rung up waits for the disk.
    expect(Number(till.db.pragma('synchronous', { simple: true }))).toBe(FULL);
  });

  it('leaves the ledger FULL when the batch fails', async () => {
    const till = open();
    deliver(till, demoIsbn(0), 1);
    const chain = anotherTillsEvents(open, 4);
    await expect(
      runBatch(till, master(till, chain, true), {
        pageSize: 2,
        retry: { attempts: 1, backoffMs: [] },
      }),
    ).rejects.toThrow(MasterUnreachableError);
    expect(till.settings.get('pull_after')).toBe(2);
    expect(Number(till.db.pragma('synchronous', { simple: true }))).toBe(FULL);
  });
});

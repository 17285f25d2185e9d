// The nightly batch pushes and pulls at once. The pull must still end at a feed head read after
// the push ended (so it holds everything the push sent, as the nightly comparison expects), show
// its progress after the push's, and a failure of either phase must stop the other and be the
// batch's error, each checkpoint left at its last durable page.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { FeedResponse, PushResponse } from '../../app/protocol/wire.js';
import { runBatch } from '../../app/sync/batch.js';
import { MasterRejectedError, type MasterApi } from '../../app/sync/master-client.js';
import { Outbox } from '../../app/sync/outbox.js';
import { feedPageOf } from '../helpers/feed-chain.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';

const opened: Ledger[] = [];
afterEach(() => opened.splice(0).forEach((ledger) => ledger.close()));

function open(storeId = 'uptown'): Ledger {
  const ledger = Ledger.open({ path: ':memory:', storeId });
  seedTitles(ledger, 3);
  opened.push(ledger);
  return ledger;
}

/**
 * A master whose feed starts with `chain` and grows by every pushed page once it is "committed"
 * (after `pushMs`); logs requests and answers in order. `refusePushFrom`: seq at which it refuses.
 */
function slowMaster(
  chain: readonly LedgerEvent[],
  log: string[],
  { pushMs = 20, refusePushFrom }: { pushMs?: number; refusePushFrom?: number } = {},
): MasterApi & { feedLog: readonly LedgerEvent[] } {
  const feedLog: LedgerEvent[] = [...chain];
  const held: Record<string, number> = {};
  return {
    feedLog,
    async push(events): Promise<PushResponse> {
      const first = events[0]?.seq ?? 0;
      log.push(`push ${first} sent`);
      await sleep(pushMs);
      if (refusePushFrom !== undefined && first >= refusePushFrom) {
        throw new MasterRejectedError(403, 'FORBIDDEN', 'no more from you');
      }
      for (const event of events) {
        if (event.seq > (held[event.originId] ?? 0)) {
          feedLog.push(event);
          held[event.originId] = event.seq;
        }
      }
      log.push(`push ${first} answered`);
      return { accepted: events.length, duplicates: 0, held: { ...held }, headSeq: feedLog.length };
    },
    sale: () => Promise.reject(new Error('no sales here')),
    repair: () => Promise.reject(new Error('no repair here')),
    async feed(after, limit): Promise<FeedResponse & { bytes: number }> {
      log.push(`feed after ${after}`);
      await sleep(1);
      return feedPageOf(feedLog, after, limit);
    },
  };
}

function eventsOf(ledger: Ledger, count: number): LedgerEvent[] {
  for (let i = 0; i < count; i += 1) deliver(ledger, demoIsbn(i % 3), 1);
  return ledger.eventsMissingFrom({}, 10_000);
}

describe('pushing and pulling at once', () => {
  it('pulls while the push waits on the master, and ends at a head read after the push ended', async () => {
    const chain = eventsOf(open('riverside'), 9);
    const till = open();
    eventsOf(till, 10);
    const log: string[] = [];
    const master = slowMaster(chain, log);
    const phases: string[] = [];
    const result = await runBatch(till, master, {
      pageSize: 3,
      onProgress: (progress) => phases.push(progress.phase),
    });
    // The feed was read before the push had its first answer.
    expect(log.indexOf('feed after 0')).toBeLessThan(log.indexOf('push 1 answered'));
    // Every event the push sent came back: the checkpoint is the head, with nothing skipped.
    expect(master.feedLog).toHaveLength(19);
    expect(till.settings.get('pull_after')).toBe(19);
    expect(result).toMatchObject({ pushed: 10, pulled: 9, conflicts: 0 });
    expect(new Outbox(till).size()).toBe(0);
    expect(till.onHand(demoIsbn(0))).toBe(4);
    expect(till.onHand(demoIsbn(0), 'riverside')).toBe(3);
    // Progress shows the push, then the pull.
    const firstPull = phases.indexOf('pull');
    expect(phases.lastIndexOf('push')).toBeLessThan(firstPull);
    expect(phases.slice(firstPull).every((phase) => phase !== 'push')).toBe(true);
  });

  it('stops the pull when the push is refused, and reports the refusal', async () => {
    const chain = eventsOf(open('riverside'), 30);
    const till = open();
    eventsOf(till, 10);
    const log: string[] = [];
    const master = slowMaster(chain, log, { refusePushFrom: 4, pushMs: 30 });
    await expect(runBatch(till, master, { pageSize: 3 })).rejects.toThrow(/no more from you/);
    // Each checkpoint stands at its last durable page: the push's at its one acknowledged page,
    // the pull's at a page boundary it applied, never beyond the feed.
    expect(new Outbox(till).heldByMaster()[till.originId]).toBe(3);
    const pulledTo = till.settings.get('pull_after') ?? 0;
    expect(pulledTo % 3).toBe(0);
    expect(till.vector()[chain[0]?.originId ?? '']).toBe(Math.min(pulledTo, 30));
    // Nothing was left in flight: no request after the batch settled.
    const settled = log.length;
    await sleep(60);
    expect(log).toHaveLength(settled);
  });

  it('stops the push when a feed page is refused, and reports that error', async () => {
    const chain: unknown[] = eventsOf(open('riverside'), 6);
    chain[1] = { ...(chain[1] as LedgerEvent), qty: -1 };
    const till = open();
    eventsOf(till, 30);
    const log: string[] = [];
    const master = slowMaster(chain as LedgerEvent[], log, { pushMs: 30 });
    await expect(runBatch(till, master, { pageSize: 3 })).rejects.toThrow(/qty/);
    expect(till.settings.get('pull_after') ?? 0).toBe(0);
    // The push stopped early: not all ten of its pages went out.
    expect(log.filter((line) => line.endsWith('sent')).length).toBeLessThan(10);
    const settled = log.length;
    await sleep(80);
    expect(log).toHaveLength(settled);
  });
});

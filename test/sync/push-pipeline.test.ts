// The push sends the next page as soon as the master has answered the current one, before the
// register records that answer, and reads that next page while the current one is in flight. The
// checkpoint still never names an event before the master acknowledged it, a failure leaves it at
// the last acknowledged page, and the rerun resumes there.
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../app/ledger/ledger.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { PushResponse } from '../../app/protocol/wire.js';
import { runBatch } from '../../app/sync/batch.js';
import { MasterUnreachableError, type MasterApi } from '../../app/sync/master-client.js';
import { Outbox } from '../../app/sync/outbox.js';
import { useMemoryLedgers } from '../helpers/feed-chain.js';
import { deliver, demoIsbn } from '../helpers/ledgers.js';

const open = useMemoryLedgers();

/**
 * A master that takes pushes in order, already holding the first `holds` events and failing from
 * the page starting after `failFrom`.
 */
function fakeMaster(
  till: Ledger,
  log: string[],
  { holds = 0, failFrom }: { holds?: number; failFrom?: number } = {},
): MasterApi {
  let acknowledged = holds;
  return {
    push(events: readonly LedgerEvent[]): Promise<PushResponse> {
      const first = events[0]?.seq ?? 0;
      const last = events.at(-1)?.seq ?? 0;
      const checkpoint = new Outbox(till).heldByMaster()[till.originId] ?? 0;
      log.push(`push ${first}-${last}, checkpoint ${checkpoint}`);
      // The register may only ever record what this master has acknowledged.
      expect(checkpoint).toBeLessThanOrEqual(acknowledged);
      // Pages arrive in order: each starts right after what was acknowledged.
      expect(first).toBe(acknowledged + 1);
      if (failFrom !== undefined && first > failFrom) {
        return Promise.reject(new MasterUnreachableError('the master went away'));
      }
      acknowledged = last;
      return Promise.resolve({
        accepted: events.length,
        duplicates: 0,
        held: { [till.originId]: last },
        headSeq: last,
      });
    },
    sale: () => Promise.reject(new Error('no sales here')),
    repair: () => Promise.reject(new Error('no repair here')),
    feed: (after: number) =>
      Promise.resolve({ entries: [], nextAfter: after, headSeq: after, bytes: 0 }),
  };
}

describe('pushing with the next page sent before the last answer is recorded', () => {
  it('sends every page once, in order, each only after the one before was answered', async () => {
    const till = open();
    for (let i = 0; i < 7; i += 1) deliver(till, demoIsbn(i % 3), 1);
    const log: string[] = [];
    const result = await runBatch(till, fakeMaster(till, log), { pageSize: 3 });
    // Page 2 goes out before page 1's answer is recorded (checkpoint still 0), and so on.
    expect(log).toEqual([
      'push 1-3, checkpoint 0',
      'push 4-6, checkpoint 0',
      'push 7-7, checkpoint 3',
    ]);
    expect(result.pushed).toBe(7);
    expect(new Outbox(till).heldByMaster()[till.originId]).toBe(7);
    expect(new Outbox(till).size()).toBe(0);
  });

  it('keeps the checkpoint at the last acknowledged page when a push fails, and resumes there', async () => {
    const till = open();
    for (let i = 0; i < 8; i += 1) deliver(till, demoIsbn(i % 3), 1);
    const noRetry = { attempts: 1, backoffMs: [] };
    const log: string[] = [];
    await expect(
      runBatch(till, fakeMaster(till, log, { failFrom: 6 }), { pageSize: 3, retry: noRetry }),
    ).rejects.toThrow(MasterUnreachableError);
    expect(new Outbox(till).heldByMaster()[till.originId]).toBe(6);

    expect(log).toEqual([
      'push 1-3, checkpoint 0',
      'push 4-6, checkpoint 0',
      'push 7-8, checkpoint 3',
    ]);

    const rerunLog: string[] = [];
    const rerun = await runBatch(till, fakeMaster(till, rerunLog, { holds: 6 }), {
      pageSize: 3,
      retry: noRetry,
    });
    expect(rerunLog).toEqual(['push 7-8, checkpoint 6']);
    expect(rerun.pushed).toBe(2);
    expect(new Outbox(till).heldByMaster()[till.originId]).toBe(8);
  });
});

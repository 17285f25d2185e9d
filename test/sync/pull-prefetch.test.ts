// The pull asks for the next feed page before applying the current one (so master and register
// work at once). A prefetched page is only data: the checkpoint moves with each applied page, a
// failed prefetch stops the batch after the pages already applied, and the rerun resumes there.
import { describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { FeedResponse, PushResponse } from '../../app/protocol/wire.js';
import { runBatch } from '../../app/sync/batch.js';
import { MasterUnreachableError, type MasterApi } from '../../app/sync/master-client.js';
import { anotherTillsEvents, feedPageOf, useMemoryLedgers } from '../helpers/feed-chain.js';
import { demoIsbn } from '../helpers/ledgers.js';

const open = useMemoryLedgers();

/** A master whose feed is `chain`, one event per masterSeq; logs what happens in order. */
function fakeMaster(
  chain: readonly LedgerEvent[],
  log: string[],
  failFeedAfter?: number,
): MasterApi {
  return {
    push: (): Promise<PushResponse> => Promise.reject(new Error('nothing to push')),
    sale: () => Promise.reject(new Error('no sales here')),
    repair: () => Promise.reject(new Error('no repair here')),
    feed(after: number, limit: number): Promise<FeedResponse & { bytes: number }> {
      log.push(`feed after ${after}`);
      if (failFeedAfter !== undefined && after >= failFeedAfter) {
        return Promise.reject(new MasterUnreachableError('the master went away'));
      }
      return Promise.resolve(feedPageOf(chain, after, limit));
    },
  };
}

const chainOf = (events: number) => anotherTillsEvents(open, events);

describe('pulling with the next page prefetched', () => {
  it('asks for the next page before applying the current one, and applies every page once', async () => {
    const chain = chainOf(7);
    const till = open();
    const log: string[] = [];
    const result = await runBatch(till, fakeMaster(chain, log), {
      pageSize: 3,
      onProgress: (progress) => {
        if (progress.phase === 'pull') log.push(`applied to ${progress.eventsDone}`);
      },
    });
    expect(log).toEqual([
      'feed after 0',
      'feed after 3',
      'applied to 3',
      'feed after 6',
      'applied to 6',
      'applied to 7',
    ]);
    expect(result.pulled).toBe(7);
    expect(till.settings.get('pull_after')).toBe(7);
    expect(till.onHand(demoIsbn(0))).toBe(3);
  });

  it('keeps the checkpoint at the last applied page when a prefetch fails, and resumes there', async () => {
    const chain = chainOf(7);
    const till = open();
    const log: string[] = [];
    const noRetry = { attempts: 1, backoffMs: [] };
    await expect(
      runBatch(till, fakeMaster(chain, log, 6), { pageSize: 3, retry: noRetry }),
    ).rejects.toThrow(MasterUnreachableError);
    expect(till.settings.get('pull_after')).toBe(6);
    expect(till.vector()[chain[0]?.originId ?? '']).toBe(6);

    const rerun = await runBatch(till, fakeMaster(chain, []), { pageSize: 3, retry: noRetry });
    expect(rerun.pulled).toBe(1);
    expect(till.settings.get('pull_after')).toBe(7);
    expect(till.onHand(demoIsbn(0))).toBe(3);
  });
});

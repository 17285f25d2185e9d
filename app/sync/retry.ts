import { setTimeout as sleep } from 'node:timers/promises';
import { MasterUnreachableError } from './master-client.js';

export interface RetryPolicy {
  attempts: number;
  /** Delay before the 2nd, 3rd… attempt; the last entry repeats. */
  backoffMs: readonly number[];
}

export const STRONG_SALE_RETRY: RetryPolicy = { attempts: 3, backoffMs: [150, 500] };
export const BATCH_RETRY: RetryPolicy = { attempts: 5, backoffMs: [250, 1_000, 3_000] };

/**
 * Repeats `work` while the master is unreachable. Safe only because every request carries event
 * keys the master deduplicates: a repeated push after a lost reply is acknowledged, not re-applied.
 */
export async function retryWhileUnreachable<T>(
  policy: RetryPolicy,
  work: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof MasterUnreachableError) || attempt >= policy.attempts) throw error;
      signal?.throwIfAborted();
      const delay = policy.backoffMs[Math.min(attempt - 1, policy.backoffMs.length - 1)] ?? 0;
      await sleep(delay, undefined, signal ? { signal } : undefined);
    }
  }
}

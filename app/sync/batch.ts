// The nightly batch: push our outbox, then pull the chain's feed, page by page. Each checkpoint
// moves only after the other side has durably accepted the page (the master's acknowledgement
// for a push; our own commit, in the same transaction as the events, for a pull), so a batch cut
// short anywhere resumes where it stopped and a replayed page changes nothing.
import { ZodError } from 'zod';
import type { ForeignReport, Ledger } from '../ledger/ledger.js';
import type { LedgerEvent } from '../protocol/events.js';
import type { MasterApi } from './master-client.js';
import { Outbox, type OutboxPage } from './outbox.js';
import { sendOrRewind } from './push.js';
import { MAX_EVENTS_PER_PAGE, type FeedResponse, type PushResponse } from '../protocol/wire.js';
import { BATCH_RETRY, retryWhileUnreachable, type RetryPolicy } from './retry.js';
import { finishRun, startRun } from './run-history.js';
import { antiEntropy, type AntiEntropyResult } from './anti-entropy.js';
import { commitReDerivable } from '../repair/re-derivable-commit.js';

/** The master's feed held an event that is not valid: the page was refused whole. */
export class InvalidFeedError extends Error {
  override name = 'InvalidFeedError';
}

export interface BatchProgress {
  phase: 'push' | 'pull' | 'done';
  eventsDone: number;
  eventsTotal: number;
  bytesDone: number;
  /** At the bytes per event of the pages so far. */
  bytesTotal: number;
}

export interface BatchOptions {
  pageSize?: number;
  onProgress?: (progress: BatchProgress) => void;
  signal?: AbortSignal;
  retry?: RetryPolicy;
}

export interface BatchResult {
  pushed: number;
  pulled: number;
  /** Feed events refused because the ledger holds the same key with other content. */
  conflicts: number;
  rotatedOrigin?: string;
  antiEntropy?: AntiEntropyResult;
}

/**
 * Events per push and feed page: the most the master takes (MAX_EVENTS_PER_PAGE). Each page is
 * one durable commit on each side, so fewer, larger pages cost fewer fsyncs; a page of 5,000
 * events is ~1.5 MB of JSON, and progress still moves 40 times for 200,000 events.
 */
export const BATCH_PAGE_SIZE = MAX_EVENTS_PER_PAGE;

export async function runBatch(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions = {},
): Promise<BatchResult> {
  const runId = startRun(ledger, 'batch');
  const result: BatchResult = { pushed: 0, pulled: 0, conflicts: 0 };
  try {
    await pushAndPull(ledger, client, options, result);
    result.antiEntropy = await retryWhileUnreachable(
      options.retry ?? BATCH_RETRY,
      () => antiEntropy(ledger, client),
      options.signal,
    );
    ledger.settings.set('last_sync_at', new Date().toISOString());
    finishRun(ledger, runId, 'ok', result, summary(result));
    options.onProgress?.({
      phase: 'done',
      eventsDone: 1,
      eventsTotal: 1,
      bytesDone: 0,
      bytesTotal: 0,
    });
    return result;
  } catch (error) {
    const outcome = options.signal?.aborted ? 'interrupted' : 'failed';
    finishRun(
      ledger,
      runId,
      outcome,
      result,
      error instanceof Error ? error.message : String(error),
    );
    throw error;
  }
}

/**
 * The push and the pull run at once: the push waits on the master (it checks and commits each
 * page) while the pull keeps the register busy (it checks and applies each page), so together they
 * take about as long as the longer of the two. They share nothing but the ledger, whose
 * transactions never interleave (each runs synchronously), and each keeps its own checkpoint.
 * The pull ends only once it has reached the feed's head as of after the push finished, so it
 * brings back every event this batch pushed, as the nightly comparison expects. Progress shows
 * the push, then the pull. The first failure stops the other phase and is the batch's error.
 */
async function pushAndPull(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions,
  result: BatchResult,
): Promise<void> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let failure: { error: unknown } | undefined;
  const firstFailure = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  const push: PushState = { ended: false };
  // The pull's progress is held back until the push has shown all of its own.
  let pullShown = false;
  let heldPullProgress: BatchProgress | undefined;
  const onProgress = options.onProgress;
  const pushing = pushPhase(ledger, client, { ...options, signal }, result, push).finally(() => {
    pullShown = true;
    if (heldPullProgress) onProgress?.(heldPullProgress);
  });
  const pushSettled = pushing.then(
    () => undefined,
    () => undefined,
  );
  const pulling = pullPhase(
    ledger,
    client,
    {
      ...options,
      signal,
      ...(onProgress && {
        onProgress: (progress: BatchProgress) => {
          if (pullShown) onProgress(progress);
          else heldPullProgress = progress;
        },
      }),
    },
    result,
    { state: push, settled: pushSettled },
  );
  await Promise.all([pushing.catch(firstFailure), pulling.catch(firstFailure)]);
  if (failure) throw failure.error;
}

/** Pushes the outbox only (a correction that should reach the master at once). */
export async function pushOutbox(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions = {},
): Promise<number> {
  const result: BatchResult = { pushed: 0, pulled: 0, conflicts: 0 };
  await pushPhase(ledger, client, options, result);
  return result.pushed;
}

function summary(result: BatchResult): string | undefined {
  const notes: string[] = [];
  if (result.conflicts > 0) notes.push(`${result.conflicts} conflicting events refused`);
  const healed = result.antiEntropy?.healed.length ?? 0;
  const unresolved = result.antiEntropy?.unresolved.length ?? 0;
  if (healed > 0) notes.push(`${healed} titles healed by the nightly comparison`);
  if (unresolved > 0) notes.push(`${unresolved} titles still differ: flagged for counting`);
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** The bytes of a push request carrying the page: its texts, the commas and the envelope. */
function byteSize(page: OutboxPage): number {
  let bytes = '{"events":[]}'.length + Math.max(0, page.texts.length - 1);
  for (const text of page.texts) bytes += Buffer.byteLength(text);
  return bytes;
}

/** Whether a push has ended; set before its promise settles, synchronously when it had nothing. */
interface PushState {
  ended: boolean;
}

async function pushPhase(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions,
  result: BatchResult,
  state: PushState = { ended: false },
): Promise<void> {
  const outbox = new Outbox(ledger);
  const pageSize = options.pageSize ?? BATCH_PAGE_SIZE;
  const eventsTotal = outbox.size();
  let bytesDone = 0;
  let pushedEvents = 0;
  let eventsDone = 0;
  // The stored texts go out as they are; a master API without pushTexts gets the events.
  const pushPage = (page: OutboxPage): Promise<PushResponse> =>
    client.pushTexts
      ? client.pushTexts(page.texts)
      : client.push(page.texts.map((text) => JSON.parse(text) as LedgerEvent));
  const send = (page: OutboxPage) =>
    retryWhileUnreachable(
      options.retry ?? BATCH_RETRY,
      () => sendOrRewind(outbox, page, pushPage),
      options.signal,
    );
  let page = outbox.textPage(pageSize);
  if (page.texts.length === 0) {
    state.ended = true;
    return;
  }
  let inFlight: Promise<PushResponse | 'rewound'> | undefined = send(page);
  try {
    for (let rewinds = 0; ;) {
      // While the master checks and commits this page, the next one is read from the ledger.
      const next = outbox.textPage(pageSize, page.last);
      if (!inFlight) return;
      const answer: PushResponse | 'rewound' = await inFlight;
      inFlight = undefined;
      if (answer === 'rewound') {
        if (++rewinds > 3)
          throw new Error('The master keeps reporting a gap in our events; the batch stopped.');
        options.signal?.throwIfAborted();
        page = outbox.textPage(pageSize);
        if (page.texts.length === 0) return;
        inFlight = send(page);
        continue;
      }
      // The master has this page durably: the next one goes out before we note it, so our own
      // commit of the checkpoint overlaps the master's work on the next page. Nothing is marked
      // pushed before its own acknowledgement; a crash in between only resends duplicates.
      options.signal?.throwIfAborted();
      if (next.texts.length > 0) inFlight = send(next);
      // Not waiting for the disk: a lost acknowledgement only resends what the master holds.
      const held = answer.held;
      commitReDerivable(ledger, () => outbox.acknowledge(held));
      // Re-sent events after a lost reply come back as duplicates: they left the outbox all the same.
      result.pushed += answer.accepted + answer.duplicates;
      bytesDone += byteSize(page);
      pushedEvents += page.texts.length;
      const perEvent = bytesDone / pushedEvents;
      eventsDone = Math.min(eventsTotal, eventsDone + page.texts.length);
      options.onProgress?.({
        phase: 'push',
        eventsDone,
        eventsTotal,
        bytesDone,
        bytesTotal: Math.max(bytesDone, Math.round(eventsTotal * perEvent)),
      });
      if (next.texts.length === 0) return;
      page = next;
    }
  } finally {
    // A batch that stops (an error, an abort) never leaves a request of its own in flight.
    await inFlight?.catch(() => undefined);
    state.ended = true;
  }
}

async function pullPhase(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions,
  result: BatchResult,
  /** The push running alongside, if any: the pull ends only at a head read after it ended. */
  push?: { state: PushState; settled: Promise<void> },
): Promise<void> {
  const pageSize = options.pageSize ?? BATCH_PAGE_SIZE;
  const startAfter = ledger.settings.get('pull_after') ?? 0;
  let after = startAfter;
  let bytesDone = 0;
  const fetchPage = async (from: number) => {
    // Asked for after the push ended, the page's head covers every event the push sent.
    const afterPush = push?.state.ended ?? true;
    // This register's own events, which it holds already, are left out: otherwise the pull would
    // carry back everything the push just sent. Read now: what it writes later has higher seqs.
    const skip = { originId: ledger.originId, throughSeq: ledger.highestSeq(ledger.originId) };
    const page = await retryWhileUnreachable(
      options.retry ?? BATCH_RETRY,
      () => client.feed(from, pageSize, skip),
      options.signal,
    );
    return { ...page, afterPush };
  };
  let next = fetchPage(after);
  try {
    await pullPages();
  } finally {
    // A batch that stops (an error, an abort) never leaves a request of its own in flight.
    await next.catch(() => undefined);
  }

  async function pullPages(): Promise<void> {
    for (;;) {
      options.signal?.throwIfAborted();
      const page = await next;
      // Empty and not moving on: the head. (An empty page that moves on held only skipped events.)
      if (page.entries.length === 0 && page.nextAfter <= after) {
        if (await caughtUp(page.afterPush)) return;
        continue;
      }
      // The next page is asked for before this one is applied, so the master reads and sends it
      // while the ledger writes: the two processes work at once instead of in turn. It is only
      // data until applied; the checkpoint still moves with each applied page.
      if (page.nextAfter < page.headSeq) {
        next = fetchPage(page.nextAfter);
        // Awaited (and its failure thrown) next time round; a batch stopping first lets it settle.
        next.catch(() => undefined);
      }
      const report = applyPage(ledger, page);
      result.pulled += report.applied;
      result.conflicts += report.conflicts.length;
      if (report.rotatedOrigin) result.rotatedOrigin = report.rotatedOrigin;
      after = page.nextAfter;
      bytesDone += page.bytes;
      const eventsTotal = Math.max(0, page.headSeq - startAfter);
      const eventsDone = Math.min(eventsTotal, after - startAfter);
      const perEvent = bytesDone / Math.max(1, eventsDone);
      options.onProgress?.({
        phase: 'pull',
        eventsDone,
        eventsTotal,
        bytesDone,
        bytesTotal: Math.max(bytesDone, Math.round(eventsTotal * perEvent)),
      });
      if (after >= page.headSeq && (await caughtUp(page.afterPush))) return;
    }
  }

  /**
   * At the head a page saw: done when that page was asked for after the push ended, so nothing
   * the push sent can be missing; otherwise waits for the push to end and asks again from here.
   */
  async function caughtUp(pageAfterPush: boolean): Promise<boolean> {
    if (pageAfterPush || !push) return true;
    await push.settled;
    options.signal?.throwIfAborted();
    next = fetchPage(after);
    return false;
  }
}

/**
 * Applies one feed page and moves the pull checkpoint past it, in one transaction. An event the
 * ledger does not hold is checked against the event schema as it is applied; a malformed one
 * stops the batch with the page rolled back whole. The commit does not wait for the disk: a power
 * cut can only lose whole pages at the end, with the checkpoint that moved past them, and the
 * master gives them back on the next pull; the batch's last record (finishRun) is durable and
 * syncs them with it.
 */
function applyPage(ledger: Ledger, page: FeedResponse): ForeignReport {
  try {
    return commitReDerivable(ledger, () => {
      const applied = ledger.applyForeign(page.entries.map((entry) => entry.event));
      ledger.settings.set('pull_after', page.nextAfter);
      return applied;
    });
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const issue = error.issues[0];
    const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    const where = issue ? ` (${field}${issue.message})` : '';
    const first = page.entries[0]?.masterSeq ?? page.nextAfter;
    throw new InvalidFeedError(
      `The master sent an event this register cannot accept in the feed page from masterSeq ${first}${where}. Nothing from that page was applied; the master may run a newer version than this register.`,
      { cause: error },
    );
  }
}

// The nightly batch: push our outbox, then pull the chain's feed, page by page. Each checkpoint
// moves only after the other side has durably accepted the page (the master's acknowledgement
// for a push; our own commit, in the same transaction as the events, for a pull), so a batch cut
// short anywhere resumes where it stopped and a replayed page changes nothing.
import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEvent } from '../protocol/events.js';
import type { MasterApi } from './master-client.js';
import { Outbox } from './outbox.js';
import { sendOrRewind } from './push.js';
import type { PushResponse } from '../protocol/wire.js';
import { BATCH_RETRY, retryWhileUnreachable, type RetryPolicy } from './retry.js';
import { finishRun, startRun } from './run-history.js';
import { antiEntropy, type AntiEntropyResult } from './anti-entropy.js';

export interface BatchProgress {
  phase: 'push' | 'pull' | 'done';
  eventsDone: number;
  eventsTotal: number;
  bytesDone: number;
  /** Known exactly for pushes; for pulls, estimated from the bytes per event so far. */
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

const DEFAULT_PAGE = 2_000;

export async function runBatch(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions = {},
): Promise<BatchResult> {
  const runId = startRun(ledger, 'batch');
  const result: BatchResult = { pushed: 0, pulled: 0, conflicts: 0 };
  try {
    await pushPhase(ledger, client, options, result);
    await pullPhase(ledger, client, options, result);
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

function byteSize(events: readonly LedgerEvent[]): number {
  return Buffer.byteLength(JSON.stringify({ events }));
}

async function pushPhase(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions,
  result: BatchResult,
): Promise<void> {
  const outbox = new Outbox(ledger);
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const eventsTotal = outbox.size();
  let bytesDone = 0;
  let perEvent = 0;
  let eventsDone = 0;
  const send = (page: readonly LedgerEvent[]) =>
    retryWhileUnreachable(
      options.retry ?? BATCH_RETRY,
      () => sendOrRewind(outbox, page, (batch) => client.push(batch)),
      options.signal,
    );
  let page = outbox.page(pageSize);
  if (page.length === 0) return;
  let inFlight: Promise<PushResponse | 'rewound'> | undefined = send(page);
  try {
    for (let rewinds = 0; ;) {
      // While the master checks and commits this page, the next one is read from the ledger.
      const next = outbox.pageAfter(pageSize, lastSeqs(page));
      if (!inFlight) return;
      const answer: PushResponse | 'rewound' = await inFlight;
      inFlight = undefined;
      if (answer === 'rewound') {
        if (++rewinds > 3)
          throw new Error('The master keeps reporting a gap in our events; the batch stopped.');
        options.signal?.throwIfAborted();
        page = outbox.page(pageSize);
        if (page.length === 0) return;
        inFlight = send(page);
        continue;
      }
      // The master has this page durably: the next one goes out before we note it, so our own
      // commit of the checkpoint overlaps the master's work on the next page. Nothing is marked
      // pushed before its own acknowledgement; a crash in between only resends duplicates.
      options.signal?.throwIfAborted();
      if (next.length > 0) inFlight = send(next);
      outbox.acknowledge(answer.held);
      // Re-sent events after a lost reply come back as duplicates: they left the outbox all the same.
      result.pushed += answer.accepted + answer.duplicates;
      const bytes = byteSize(page);
      perEvent = perEvent || bytes / page.length;
      bytesDone += bytes;
      eventsDone = Math.min(eventsTotal, eventsDone + page.length);
      options.onProgress?.({
        phase: 'push',
        eventsDone,
        eventsTotal,
        bytesDone,
        bytesTotal: Math.max(bytesDone, Math.round(eventsTotal * perEvent)),
      });
      if (next.length === 0) return;
      page = next;
    }
  } finally {
    // A batch that stops (an error, an abort) never leaves a request of its own in flight.
    await inFlight?.catch(() => undefined);
  }
}

/** Per origin, the highest seq in a page: where the page after it starts. */
function lastSeqs(page: readonly LedgerEvent[]): Record<string, number> {
  const last: Record<string, number> = {};
  for (const event of page) last[event.originId] = Math.max(last[event.originId] ?? 0, event.seq);
  return last;
}

async function pullPhase(
  ledger: Ledger,
  client: MasterApi,
  options: BatchOptions,
  result: BatchResult,
): Promise<void> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  const startAfter = ledger.settings.get('pull_after') ?? 0;
  let after = startAfter;
  let bytesDone = 0;
  const fetchPage = (from: number) =>
    retryWhileUnreachable(
      options.retry ?? BATCH_RETRY,
      () => client.feed(from, pageSize),
      options.signal,
    );
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
      if (page.entries.length === 0) return;
      // The next page is asked for before this one is applied, so the master reads and sends it
      // while the ledger writes: the two processes work at once instead of in turn. It is only
      // data until applied; the checkpoint still moves with each applied page.
      if (page.nextAfter < page.headSeq) {
        next = fetchPage(page.nextAfter);
        // Awaited (and its failure thrown) next time round; a batch stopping first lets it settle.
        next.catch(() => undefined);
      }
      const report = ledger.transaction(() => {
        // The client checked each event of the page against the event schema as it parsed it.
        const applied = ledger.applyForeign(
          page.entries.map((entry) => entry.event),
          { checked: true },
        );
        ledger.settings.set('pull_after', page.nextAfter);
        return applied;
      });
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
      if (after >= page.headSeq) return;
    }
  }
}

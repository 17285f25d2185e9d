// Where a feed page stops looking and where the next one starts, the same for every storage. A
// page that skips a register's own events (FeedSkip) may find nothing to send in a long run of
// them; it looks at most SCAN_PAGES pages' worth of masterSeqs, then says where to go on from.
import type { FeedSkip } from '../protocol/wire.js';

const SCAN_PAGES = 10;

/**
 * The highest masterSeq a page after `after` looks at. `headSeq` is read before the page: every
 * masterSeq up to it is committed (handed out in commit order), so the page misses none of them.
 */
export function feedScanEnd(after: number, limit: number, headSeq: number): number {
  return Math.max(after, Math.min(headSeq, after + limit * SCAN_PAGES));
}

/** A full page goes on after its last entry; a short one looked at everything up to scanEnd. */
export function feedNextAfter(
  lastSeq: number | undefined,
  count: number,
  limit: number,
  scanEnd: number,
): number {
  return count >= limit && lastSeq !== undefined ? lastSeq : scanEnd;
}

/** The skip as SQL parameters: no origin has the empty id, so no skip leaves nothing out. */
export function feedSkipParams(skip: FeedSkip | undefined): [originId: string, throughSeq: number] {
  return skip ? [skip.originId, skip.throughSeq] : ['', 0];
}

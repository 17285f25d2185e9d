// A title's horizon: per origin, the highest seq that the title's events reach or name. Kept in
// the title's stock row (migration 007) so a new count can tell, without reading the log, that it
// covers everything the title holds and therefore stands alone as the title's count (see
// StockCache.cacheNewStocktakes and the discrepancy report).
import type { LedgerEvent, VersionVector } from '../protocol/events.js';

export type Horizon = Record<string, number>;

function raise(horizon: Horizon, originId: string, seq: number): void {
  if ((horizon[originId] ?? 0) < seq) horizon[originId] = seq;
}

/**
 * Adds one event to a horizon (in place): its own key; for a VOID, the key it targets (a VOID of
 * an event not seen yet must keep a later count from taking that key as its own); for a
 * STOCKTAKE, what its vector had seen of `ownOrigin` (a count that had seen this register's
 * future seqs would otherwise go unnoticed). Only `ownOrigin`, because a new count is always an
 * event of the register's current origin; a rotation starts a fresh random origin that no older
 * vector can name.
 */
export function extendHorizon(horizon: Horizon, event: LedgerEvent, ownOrigin: string): Horizon {
  raise(horizon, event.originId, event.seq);
  if (event.kind === 'VOID') raise(horizon, event.target.originId, event.target.seq);
  if (event.kind === 'STOCKTAKE') {
    const seen = event.vector[ownOrigin];
    if (seen !== undefined) raise(horizon, ownOrigin, seen);
  }
  return horizon;
}

/** The horizon of a title's events, as of `ownOrigin` being this register's origin. */
export function horizonOf(events: readonly LedgerEvent[], ownOrigin: string): Horizon {
  const horizon: Horizon = {};
  for (const event of events) extendHorizon(horizon, event, ownOrigin);
  return horizon;
}

/** Whether `vector` has seen every seq the horizon names. */
export function horizonCovered(vector: VersionVector, horizon: Horizon): boolean {
  for (const originId in horizon) {
    if ((vector[originId] ?? 0) < (horizon[originId] ?? 0)) return false;
  }
  return true;
}

/** The stored form; null (a row written before migration 007 filled it) means unknown. */
export function parseHorizon(text: string | null): Horizon | null {
  return text === null ? null : (JSON.parse(text) as Horizon);
}

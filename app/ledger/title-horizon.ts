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

/** Rows whose third field is a stored horizon text: a store's stock rows as read in bulk. */
type RowsWithHorizons = readonly (readonly [string, number, string | null])[];

const parsedOf = new WeakMap<RowsWithHorizons, (Horizon | null | undefined)[]>();

/**
 * The horizon of `rows[index]`, parsed once per read of the rows: the discrepancy report and the
 * commit after it share one read of 50,000 stock rows, so they share the parsing too. The result
 * is shared: extend a copy, never the horizon itself.
 */
export function sharedHorizon(rows: RowsWithHorizons, index: number): Horizon | null {
  let parsed = parsedOf.get(rows);
  if (!parsed) {
    parsed = new Array<Horizon | null | undefined>(rows.length);
    parsedOf.set(rows, parsed);
  }
  let horizon = parsed[index];
  if (horizon === undefined) {
    horizon = parseHorizon(rows[index]?.[2] ?? null);
    parsed[index] = horizon;
  }
  return horizon;
}

/** The text of `horizon` extended by `event`, leaving `horizon` itself as it was. */
export function extendedHorizonText(
  horizon: Horizon,
  event: LedgerEvent,
  ownOrigin: string,
): string {
  return JSON.stringify(extendHorizon({ ...horizon }, event, ownOrigin));
}

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

/**
 * Reads a stored horizon text of the form JSON.stringify writes (`{"origin":seq,...}`, origin ids
 * being 32 hex digits) without building an object: calls `visit` with the position of each key
 * and its seq. False when the text has another form (the caller then parses it).
 */
function scanHorizonText(
  text: string,
  visit: (keyStart: number, keyEnd: number, seq: number) => void,
): boolean {
  if (text.charCodeAt(0) !== 123 /* { */) return false;
  if (text.length === 2) return text.charCodeAt(1) === 125; /* } */
  let at = 1;
  for (;;) {
    if (text.charCodeAt(at) !== 34 /* " */) return false;
    const keyEnd = text.indexOf('"', at + 1);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== 58 /* : */) return false;
    let seq = 0;
    let digit = keyEnd + 2;
    for (; digit < text.length; digit += 1) {
      const code = text.charCodeAt(digit);
      if (code < 48 || code > 57) break;
      seq = seq * 10 + (code - 48);
    }
    if (digit === keyEnd + 2) return false;
    visit(at + 1, keyEnd, seq);
    const next = text.charCodeAt(digit);
    if (next === 125 /* } */) return digit === text.length - 1;
    if (next !== 44 /* , */) return false;
    at = digit + 1;
  }
}

/** The seq `vector` holds for the origin named at text[start, end), without slicing it out. */
function seenAt(vector: VersionVector, text: string, start: number, end: number): number {
  for (const originId in vector) {
    if (originId.length === end - start && text.startsWith(originId, start)) {
      return vector[originId] ?? 0;
    }
  }
  return 0;
}

/**
 * Whether `vector` has seen every seq a stored horizon names, read from its text: 50,000 titles'
 * horizons parsed into objects cost the garbage collector more than the check itself.
 */
export function horizonTextCovered(vector: VersionVector, text: string): boolean {
  let covered = true;
  const plain = scanHorizonText(text, (start, end, seq) => {
    if (covered && seenAt(vector, text, start, end) < seq) covered = false;
  });
  return plain ? covered : horizonCovered(vector, JSON.parse(text) as Horizon);
}

/** The seq a stored horizon names for `originId` (0 when none), read from its text. */
export function horizonTextSeq(text: string, originId: string): number {
  let found = 0;
  const plain = scanHorizonText(text, (start, end, seq) => {
    if (end - start === originId.length && text.startsWith(originId, start)) found = seq;
  });
  return plain ? found : ((JSON.parse(text) as Horizon)[originId] ?? 0);
}

let ownKey = { originId: '', prefix: '' };

/**
 * The text of a stored horizon extended by `event` (see extendHorizon). For an event of this
 * register (a sale, a count) on a title whose events are all its own (`{"own":seq}`), the text is
 * written without parsing it.
 */
export function extendedHorizonText(text: string, event: LedgerEvent, ownOrigin: string): string {
  if (event.kind !== 'VOID' && event.originId === ownOrigin) {
    if (ownKey.originId !== ownOrigin) {
      ownKey = { originId: ownOrigin, prefix: `{${JSON.stringify(ownOrigin)}:` };
    }
    const { prefix } = ownKey;
    if (text.startsWith(prefix) && text.endsWith('}')) {
      const digits = text.slice(prefix.length, -1);
      if (/^[0-9]{1,15}$/.test(digits)) {
        const seen = event.kind === 'STOCKTAKE' ? (event.vector[ownOrigin] ?? 0) : 0;
        const seq = Math.max(Number(digits), event.seq, seen);
        return `${prefix}${String(seq)}}`;
      }
    }
  }
  return JSON.stringify(extendHorizon(JSON.parse(text) as Horizon, event, ownOrigin));
}

import { stringify } from 'safe-stable-stringify';
import type { LedgerEvent, VersionVector } from '../protocol/events.js';
import type { StocktakeEvent } from './fold.js';

/** One text per event whatever its key order: what duplicate arrivals are compared by. */
export function canonicalEvent(event: LedgerEvent): string {
  // An event parsed from a stored or sent canonical text (a feed page, a push page) already lists
  // its keys in order: the native JSON.stringify then writes the same text, ~4x faster than
  // sorting. Anything else (zod's output lists keys in schema order) takes the sorting path.
  if (inSortedOrder(event, 0)) return JSON.stringify(event);
  const text = stringify(event);
  if (text === undefined) throw new TypeError('event cannot be serialised');
  return text;
}

/**
 * True when JSON.stringify writes `object` exactly as the sorting stringify would: a plain object
 * whose keys are in ascending UTF-16 order at every level, holding only strings, finite numbers,
 * booleans, null and such objects (both write strings with JSON.stringify's escaping).
 */
function inSortedOrder(object: object, depth: number): boolean {
  if (depth > 3 || Object.getPrototypeOf(object) !== Object.prototype) return false;
  let previous: string | undefined;
  for (const key of Object.keys(object)) {
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    const value = (object as Record<string, unknown>)[key];
    switch (typeof value) {
      case 'string':
      case 'boolean':
        break;
      case 'number':
        if (!Number.isFinite(value)) return false;
        break;
      case 'object':
        if (value !== null && (Array.isArray(value) || !inSortedOrder(value, depth + 1))) {
          return false;
        }
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A version vector's canonical text: its keys sorted, as canonicalEvent writes them. */
function vectorText(vector: VersionVector): string {
  const keys = Object.keys(vector).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${String(vector[key])}`).join(',')}}`;
}

/**
 * The canonical texts of a run of STOCKTAKE events, the same as canonicalEvent's, from a template:
 * a whole-store count writes 50,000 of them, where stringifying each event (sorting its keys, its
 * vector's keys) costs ~2 µs. Each distinct vector is written once. The first event's text is
 * compared with canonicalEvent's, so a change in the event's shape fails loudly rather than
 * storing a different text.
 */
export function canonicalStocktakes(events: readonly StocktakeEvent[]): string[] {
  const vectors = new Map<VersionVector, string>();
  // The fields a run's events share (actor, origin, stocktake, store) are quoted once per value.
  const quoted = new Map<string, string>();
  const quote = (value: string): string => {
    let text = quoted.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      quoted.set(value, text);
    }
    return text;
  };
  const texts = new Array<string>(events.length);
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index] as StocktakeEvent;
    let vector = vectors.get(event.vector);
    if (vector === undefined) {
      vector = vectorText(event.vector);
      vectors.set(event.vector, vector);
    }
    // Keys in sorted order, as safe-stable-stringify writes them (strings escaped as JSON does).
    texts[index] =
      `{"actor":${quote(event.actor)},"counted":${String(event.counted)},"hlc":${JSON.stringify(event.hlc)},"isbn":${JSON.stringify(event.isbn)},"kind":"STOCKTAKE","originId":${quote(event.originId)},"seq":${String(event.seq)},"stocktakeId":${quote(event.stocktakeId)},"storeId":${quote(event.storeId)},"vector":${vector}}`;
  }
  const first = events[0];
  if (first && texts[0] !== canonicalEvent(first)) {
    throw new Error('the STOCKTAKE template no longer matches canonicalEvent');
  }
  return texts;
}

import { stringify } from 'safe-stable-stringify';
import type { LedgerEvent, VersionVector } from '../protocol/events.js';
import type { StocktakeEvent } from './fold.js';

/** One text per event whatever its key order: what duplicate arrivals are compared by. */
export function canonicalEvent(event: LedgerEvent): string {
  const text = stringify(event);
  if (text === undefined) throw new TypeError('event cannot be serialised');
  return text;
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
  const texts = events.map((event) => {
    let vector = vectors.get(event.vector);
    if (vector === undefined) {
      vector = vectorText(event.vector);
      vectors.set(event.vector, vector);
    }
    // Keys in sorted order, as safe-stable-stringify writes them (strings escaped as JSON does).
    return `{"actor":${JSON.stringify(event.actor)},"counted":${String(event.counted)},"hlc":${JSON.stringify(event.hlc)},"isbn":${JSON.stringify(event.isbn)},"kind":"STOCKTAKE","originId":${JSON.stringify(event.originId)},"seq":${String(event.seq)},"stocktakeId":${JSON.stringify(event.stocktakeId)},"storeId":${JSON.stringify(event.storeId)},"vector":${vector}}`;
  });
  const first = events[0];
  if (first && texts[0] !== canonicalEvent(first)) {
    throw new Error('the STOCKTAKE template no longer matches canonicalEvent');
  }
  return texts;
}

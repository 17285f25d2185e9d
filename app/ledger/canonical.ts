import { stringify } from 'safe-stable-stringify';
import type { LedgerEvent } from '../protocol/events.js';

/** One text per event whatever its key order: what duplicate arrivals are compared by. */
export function canonicalEvent(event: LedgerEvent): string {
  const text = stringify(event);
  if (text === undefined) throw new TypeError('event cannot be serialised');
  return text;
}

// Hand-made events from other registers, valid by the wire schema.
import type { EventOfKind } from '../../app/protocol/events.js';
import { demoIsbn } from './ledgers.js';

/** A 32-hex origin id that reads as its number in tests ("000…0007"). */
export function originNo(n: number): string {
  return n.toString(16).padStart(32, '0');
}

export function hlcAt(ms: number, counter = 0): string {
  return `${String(ms).padStart(15, '0')}.${String(counter).padStart(5, '0')}`;
}

/** `count` consecutive DELIVERY events of one foreign origin, seq 1..count, one copy each. */
export function foreignDeliveries(
  originId: string,
  count: number,
  isbn = demoIsbn(0),
): EventOfKind<'DELIVERY'>[] {
  return Array.from({ length: count }, (_, index) => ({
    kind: 'DELIVERY',
    originId,
    seq: index + 1,
    hlc: hlcAt(1_700_000_000_000 + index),
    storeId: 'uptown',
    isbn,
    actor: 'elsewhere',
    qty: 1,
    reference: `box ${index + 1}`,
  }));
}

/** `list[index]`, failing the test when it is missing. */
export function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`nothing at index ${index}`);
  return item;
}

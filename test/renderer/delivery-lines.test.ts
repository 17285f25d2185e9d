// The delivery list's rules, without a screen: one scan one copy, typed quantities, removal, what
// blocks receiving, and what is left once a delivery has been received.
import { describe, expect, it } from 'vitest';
import {
  addCopy,
  problemWith,
  removeLine,
  setQty,
  withoutReceived,
  type DeliveryLine,
} from '../../renderer/deliveries/delivery-lines.js';

const tide = { isbn: '9780558373306', title: 'Tide', author: 'E. W.' };
const orchard = { isbn: '9781645595021', title: 'Orchard', author: 'S. W.' };

describe('delivery lines', () => {
  it('adds a copy per scan, keeps first-scanned order, edits and removes lines', () => {
    let lines: DeliveryLine[] = [];
    for (const title of [tide, orchard, tide]) lines = addCopy(lines, title);
    expect(lines.map((line) => [line.title, line.qty])).toEqual([
      ['Tide', 2],
      ['Orchard', 1],
    ]);
    lines = setQty(lines, orchard.isbn, 12);
    expect(lines[1]?.qty).toBe(12);
    expect(removeLine(lines, tide.isbn).map((line) => line.title)).toEqual(['Orchard']);
  });

  it('says why a list cannot be received', () => {
    expect(problemWith([])).toBe('Scan the books of the delivery first.');
    const lines = addCopy([], tide);
    expect(problemWith(lines)).toBeNull();
    expect(problemWith(setQty(lines, tide.isbn, 0))).toBe(
      'Tide: the quantity must be 1 or more (or remove the line).',
    );
    expect(problemWith(setQty(lines, tide.isbn, Number.NaN))).toMatch(/must be 1 or more/);
    expect(problemWith(setQty(lines, tide.isbn, 100_001))).toBe(
      'Tide: at most 100000 copies on one line.',
    );
  });

  it('keeps the copies scanned while the delivery was being received', () => {
    const sent = [{ isbn: tide.isbn, qty: 2 }];
    // Two Tides were sent; meanwhile a third Tide and an Orchard were scanned.
    const now = addCopy(addCopy(addCopy(addCopy([], tide), tide), tide), orchard);
    expect(withoutReceived(now, sent).map((line) => [line.title, line.qty])).toEqual([
      ['Tide', 1],
      ['Orchard', 1],
    ]);
    expect(withoutReceived(addCopy(addCopy([], tide), tide), sent)).toEqual([]);
  });
});

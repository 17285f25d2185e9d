// A refusal from the master in the cashier's words: which title, the master's count here before
// the sale, the copies the sale takes; other refusals are not mistaken for a short title.
import { describe, expect, it } from 'vitest';
import {
  refusalText,
  shortTitleOf,
  type RefusedOutcome,
} from '../../renderer/sale/refused-sale.js';
import { receiptFor } from './fake-register.js';

const TIDE = '9780558373306';
const ORCHARD = '9781645595021';

const refused = (detail: Record<string, unknown>, code = 'INSUFFICIENT_STOCK'): RefusedOutcome => ({
  status: 'rejected',
  ...receiptFor(
    [
      { isbn: TIDE, qty: 3 },
      { isbn: ORCHARD, qty: 1 },
    ],
    { method: 'card', reference: null },
    'pending',
  ),
  code,
  message: 'refused',
  detail,
});

describe('shortTitleOf', () => {
  it('reads the master count before the sale from its count after it', () => {
    const short = shortTitleOf(refused({ isbn: TIDE, onHand: -2 }));
    expect(short).toEqual({
      isbn: TIDE,
      title: 'Tide of the Midnight Atlas',
      inSale: 3,
      masterHas: 1,
    });
    if (!short) throw new Error('expected a short title');
    expect(refusalText(short)).toBe(
      "The master's count says this store has 1 copy of “Tide of the Midnight Atlas”, but this sale takes 3 copies.",
    );
    expect(refusalText({ ...short, masterHas: 0, inSale: 1 })).toContain('has no copies of');
  });

  it('never counts below zero, and is null for other refusals or a title not in the sale', () => {
    expect(shortTitleOf(refused({ isbn: ORCHARD, onHand: -5 }))?.masterHas).toBe(0);
    expect(shortTitleOf(refused({ isbn: TIDE, onHand: -1 }, 'GAP'))).toBeNull();
    expect(shortTitleOf(refused({ isbn: '9780000000002', onHand: -1 }))).toBeNull();
    expect(shortTitleOf(refused({ isbn: TIDE }))).toBeNull();
  });
});

// What a return asks for, before anything is sent: whole copies per line, never more than a line
// can still take back, one request line per title, the refund in integer cents.
import { describe, expect, it } from 'vitest';
import type { ReturnableReceiptView } from '../../app/protocol/receipts-api.js';
import { planReturn, quantityOf } from '../../renderer/returns/return-plan.js';

const line = (
  lineNo: number,
  isbn: string,
  qty: number,
  returned: number,
  unitPriceCents = 1099,
): ReturnableReceiptView['lines'][number] => ({
  lineNo,
  isbn,
  title: `Title ${isbn.slice(-2)}`,
  author: 'A',
  qty,
  unitPriceCents,
  returned,
  returnable: qty - returned,
});

const A = '9780558373306';
const B = '9781645595021';

describe('planReturn', () => {
  it('adds up copies and the refund, one request line per title', () => {
    const plan = planReturn([line(1, A, 2, 0, 2099), line(2, B, 1, 0), line(3, A, 1, 0, 2099)], {
      1: '2',
      3: ' 1 ',
      2: '',
    });
    expect(plan).toEqual({
      lines: [{ isbn: A, qty: 3 }],
      copies: 3,
      refundCents: 3 * 2099,
      problems: [],
    });
  });

  it('refuses more than a line can still return, saying how many already came back', () => {
    const plan = planReturn([line(1, A, 3, 1), line(2, B, 1, 1)], { 1: '3', 2: '1' });
    expect(plan.lines).toEqual([]);
    expect(plan.problems).toEqual([
      'Only 2 copies of “Title 06” can still come back (1 copy already returned).',
      'Nothing more of “Title 21” can come back (1 copy already returned).',
    ]);
  });

  it('refuses what is not a whole number of copies', () => {
    expect(planReturn([line(1, A, 2, 0)], { 1: '1.5' }).problems).toEqual([
      'Type a number of copies for “Title 06”.',
    ]);
    expect(quantityOf('-1')).toBeUndefined();
    expect(quantityOf('')).toBe(0);
    expect(quantityOf('007')).toBe(7);
  });
});

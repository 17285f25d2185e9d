// The arithmetic the customer pays by: integer cents, quantities within the register's limits,
// and the change handed back.
import { describe, expect, it } from 'vitest';
import type { TitleLookup } from '../../app/protocol/register-api.js';
import {
  cartReducer,
  cartTotalCents,
  changeDueCents,
  EMPTY_CART,
  itemCount,
  lineTotalCents,
  MAX_QTY,
  suggestedTenders,
  type Cart,
  type CartAction,
} from '../../renderer/cart/cart.js';
import { parseMoney } from '../../renderer/lib/money.js';

const title = (isbn: string, priceCents: number): TitleLookup => ({
  isbn,
  title: `Title ${isbn.slice(-3)}`,
  author: 'A. Author',
  priceCents,
  section: 'Fiction',
  onHand: 3,
});
const A = title('9780558373306', 2099);
const B = title('9781645595021', 1099);
const C = title('9780964488786', 1399);

const run = (...actions: CartAction[]): Cart => actions.reduce(cartReducer, EMPTY_CART);

describe('cart arithmetic', () => {
  it('adds lines at the catalog price and totals them in cents', () => {
    const cart = run({ type: 'add', title: A }, { type: 'add', title: B });
    expect(cart.lines.map((line) => [line.isbn, line.qty, line.unitPriceCents])).toEqual([
      [A.isbn, 1, 2099],
      [B.isbn, 1, 1099],
    ]);
    expect(cartTotalCents(cart.lines)).toBe(3198);
    expect(itemCount(cart.lines)).toBe(2);
  });

  it('a second scan of a title adds a copy to its line, which stays in place', () => {
    const cart = run(
      { type: 'add', title: A },
      { type: 'add', title: B },
      { type: 'add', title: A },
    );
    expect(cart.lines.map((line) => [line.isbn, line.qty])).toEqual([
      [A.isbn, 2],
      [B.isbn, 1],
    ]);
    expect(cart.lastIsbn).toBe(A.isbn);
    expect(lineTotalCents(cart.lines[0]!)).toBe(4198);
    expect(cartTotalCents(cart.lines)).toBe(5297);
  });

  it('"+" and "-" act on the book touched last, never below 1 nor above the limit', () => {
    let cart = run({ type: 'add', title: A }, { type: 'add', title: B });
    cart = cartReducer(cart, { type: 'adjust-last', delta: 1 });
    cart = cartReducer(cart, { type: 'adjust-last', delta: 1 });
    expect(cart.lines.find((line) => line.isbn === B.isbn)?.qty).toBe(3);
    cart = cartReducer(cart, { type: 'adjust', isbn: A.isbn, delta: -5 });
    expect(cart.lines.find((line) => line.isbn === A.isbn)?.qty).toBe(1);
    expect(cart.lastIsbn).toBe(A.isbn);
    cart = cartReducer(cart, { type: 'adjust', isbn: A.isbn, delta: 5_000 });
    expect(cart.lines.find((line) => line.isbn === A.isbn)?.qty).toBe(MAX_QTY);
    expect(cartTotalCents(cart.lines)).toBe(MAX_QTY * 2099 + 3 * 1099);
  });

  it('removing a line drops it from the total; the last line becomes the one "+" acts on', () => {
    let cart = run({ type: 'add', title: A }, { type: 'add', title: B }, { type: 'add', title: C });
    cart = cartReducer(cart, { type: 'remove', isbn: C.isbn });
    expect(cart.lines.map((line) => line.isbn)).toEqual([A.isbn, B.isbn]);
    expect(cart.lastIsbn).toBe(B.isbn);
    expect(cartTotalCents(cart.lines)).toBe(3198);
    cart = cartReducer(cart, { type: 'remove', isbn: A.isbn });
    cart = cartReducer(cart, { type: 'remove', isbn: B.isbn });
    expect(cart).toEqual(EMPTY_CART);
    expect(cartReducer(cart, { type: 'adjust-last', delta: 1 })).toEqual(EMPTY_CART);
  });

  it('never drifts in floating point: a hundred 0.10 books cost exactly 10.00', () => {
    let cart = run({ type: 'add', title: title('9780304136704', 10) });
    cart = cartReducer(cart, { type: 'adjust-last', delta: 99 });
    expect(cartTotalCents(cart.lines)).toBe(1000);
  });

  it('change due is tendered minus total, and nothing when the cash does not cover it', () => {
    expect(changeDueCents(6696, 10_000)).toBe(3304);
    expect(changeDueCents(6696, 6696)).toBe(0);
    expect(changeDueCents(6696, 6695)).toBeUndefined();
  });

  it('suggests exact money and the next round notes above the total', () => {
    expect(suggestedTenders(6696)).toEqual([6696, 7000, 8000, 10_000]);
    expect(suggestedTenders(2000)).toEqual([2000, 2500, 3000, 4000]);
  });

  it('reads amounts as typed at a till, in cents, and refuses anything else', () => {
    expect(parseMoney('20')).toBe(2000);
    expect(parseMoney('20.5')).toBe(2050);
    expect(parseMoney('20,05')).toBe(2005);
    expect(parseMoney('$ 100.00')).toBe(10_000);
    expect(parseMoney('0.1')).toBe(10);
    for (const bad of ['', 'abc', '20.555', '-5', '1e3', '9780558373306']) {
      expect(parseMoney(bad)).toBeUndefined();
    }
  });
});

// The sale being rung up, as pure functions over integer cents: the arithmetic the customer pays
// by is tested on its own, apart from any screen.
import type { TitleLookup } from '../../app/protocol/register-api.js';

export interface CartLine {
  isbn: string;
  title: string;
  author: string;
  /** The price the cashier saw when the book was scanned, which is the price charged. */
  unitPriceCents: number;
  qty: number;
}

/** The register takes 1 to 999 copies of a title on one line. */
export const MAX_QTY = 999;

export interface Cart {
  lines: CartLine[];
  /** The line "+" and "-" act on: the book scanned or changed last. */
  lastIsbn: string | null;
}

export const EMPTY_CART: Cart = { lines: [], lastIsbn: null };

export type CartAction =
  | { type: 'add'; title: TitleLookup }
  | { type: 'adjust'; isbn: string; delta: number }
  | { type: 'adjust-last'; delta: number }
  | { type: 'remove'; isbn: string }
  | { type: 'restore'; lines: CartLine[] }
  | { type: 'clear' };

const clampQty = (qty: number) => Math.min(MAX_QTY, Math.max(1, qty));

function adjust(cart: Cart, isbn: string, delta: number): Cart {
  if (!cart.lines.some((line) => line.isbn === isbn)) return cart;
  return {
    lines: cart.lines.map((line) =>
      line.isbn === isbn ? { ...line, qty: clampQty(line.qty + delta) } : line,
    ),
    lastIsbn: isbn,
  };
}

export function cartReducer(cart: Cart, action: CartAction): Cart {
  switch (action.type) {
    case 'add': {
      const { isbn, title, author, priceCents } = action.title;
      // Another copy of a title already rung up goes on its line, which stays where it is.
      if (cart.lines.some((line) => line.isbn === isbn)) return adjust(cart, isbn, 1);
      return {
        lines: [...cart.lines, { isbn, title, author, unitPriceCents: priceCents, qty: 1 }],
        lastIsbn: isbn,
      };
    }
    case 'adjust':
      return adjust(cart, action.isbn, action.delta);
    case 'adjust-last':
      return cart.lastIsbn ? adjust(cart, cart.lastIsbn, action.delta) : cart;
    case 'remove': {
      const lines = cart.lines.filter((line) => line.isbn !== action.isbn);
      const lastIsbn = cart.lastIsbn === action.isbn ? (lines.at(-1)?.isbn ?? null) : cart.lastIsbn;
      return { lines, lastIsbn };
    }
    case 'restore':
      return { lines: [...action.lines], lastIsbn: action.lines.at(-1)?.isbn ?? null };
    case 'clear':
      return EMPTY_CART;
  }
}

export const lineTotalCents = (line: CartLine): number => line.qty * line.unitPriceCents;

export const cartTotalCents = (lines: readonly CartLine[]): number =>
  lines.reduce((sum, line) => sum + lineTotalCents(line), 0);

export const itemCount = (lines: readonly CartLine[]): number =>
  lines.reduce((sum, line) => sum + line.qty, 0);

/** Change to hand back, or undefined when the cash tendered does not cover the total. */
export function changeDueCents(totalCents: number, tenderedCents: number): number | undefined {
  return tenderedCents >= totalCents ? tenderedCents - totalCents : undefined;
}

/** Quick-tender amounts a cashier is likely handed: exact, then the next round notes above. */
export function suggestedTenders(totalCents: number): number[] {
  const steps = [500, 1_000, 2_000, 5_000, 10_000];
  const amounts = new Set<number>([totalCents]);
  for (const step of steps) amounts.add(Math.floor(totalCents / step) * step + step);
  return [...amounts].sort((a, b) => a - b).slice(0, 4);
}

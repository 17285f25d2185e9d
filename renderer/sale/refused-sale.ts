// What a refusal from the master means for the cashier, in words: which title, how many copies the
// master counts here against how many this sale takes. Pure, tested apart from the dialog.
import type { StrongOutcome } from '../../app/protocol/register-api.js';

export type RefusedOutcome = Extract<StrongOutcome, { status: 'rejected' }>;

export interface ShortTitle {
  isbn: string;
  title: string;
  /** Copies of the title in this sale. */
  inSale: number;
  /** Copies the master counts at this store before this sale (never below zero). */
  masterHas: number;
}

const copies = (n: number) => (n === 0 ? 'no copies' : `${n} ${n === 1 ? 'copy' : 'copies'}`);

/** The title the master says is short, when the refusal is for lack of stock. */
export function shortTitleOf(outcome: RefusedOutcome): ShortTitle | null {
  if (outcome.code !== 'INSUFFICIENT_STOCK') return null;
  const { isbn, onHand } = outcome.detail;
  if (typeof isbn !== 'string' || typeof onHand !== 'number') return null;
  const lines = outcome.receipt.lines.filter((line) => line.isbn === isbn);
  const first = lines[0];
  if (!first) return null;
  const inSale = lines.reduce((sum, line) => sum + line.qty, 0);
  // The master's onHand is its count as it would be after this sale.
  return { isbn, title: first.title, inSale, masterHas: Math.max(0, onHand + inSale) };
}

export function refusalText(short: ShortTitle): string {
  return `The master's count says this store has ${copies(short.masterHas)} of “${short.title}”, but this sale takes ${copies(short.inSale)}.`;
}

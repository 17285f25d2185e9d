// What the cashier asked to take back, checked before anything is sent: whole copies, never more
// than a line can still return. Pure, so the arithmetic is tested apart from the screen.
import type { ReturnableReceiptView } from '../../app/protocol/receipts-api.js';

type Line = ReturnableReceiptView['lines'][number];

/** What was typed per receipt line (lineNo → text). */
export type Quantities = Readonly<Record<number, string>>;

export interface ReturnPlan {
  /** One request line per title (a receipt may list a title twice). */
  lines: { isbn: string; qty: number }[];
  copies: number;
  refundCents: number;
  /** Plain words for each quantity that cannot be taken back; nothing is sent while any. */
  problems: string[];
}

const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;

export function quantityOf(text: string | undefined): number | undefined {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return 0;
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : undefined;
}

export function planReturn(lines: readonly Line[], quantities: Quantities): ReturnPlan {
  const byIsbn = new Map<string, number>();
  const problems: string[] = [];
  let refundCents = 0;
  let total = 0;
  for (const line of lines) {
    const qty = quantityOf(quantities[line.lineNo]);
    if (qty === undefined) {
      problems.push(`Type a number of copies for “${line.title}”.`);
      continue;
    }
    if (qty === 0) continue;
    if (qty > line.returnable) {
      const already = line.returned > 0 ? ` (${copies(line.returned)} already returned)` : '';
      problems.push(
        line.returnable === 0
          ? `Nothing more of “${line.title}” can come back${already}.`
          : `Only ${copies(line.returnable)} of “${line.title}” can still come back${already}.`,
      );
      continue;
    }
    byIsbn.set(line.isbn, (byIsbn.get(line.isbn) ?? 0) + qty);
    refundCents += qty * line.unitPriceCents;
    total += qty;
  }
  return {
    lines: [...byIsbn].map(([isbn, qty]) => ({ isbn, qty })),
    copies: total,
    refundCents,
    problems,
  };
}

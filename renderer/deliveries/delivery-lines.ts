// The delivery being received, as a list the screen edits: one scan adds one copy, a line's
// quantity can be typed, a line can be removed. Pure, so the rules are tested without a screen.

export interface DeliveryLine {
  isbn: string;
  title: string;
  author: string;
  qty: number;
}

export const MAX_LINE_QTY = 100_000;

/** One more copy of a title: its line grows, or a new line is added at the end. */
export function addCopy(lines: readonly DeliveryLine[], title: Omit<DeliveryLine, 'qty'>) {
  const existing = lines.find((line) => line.isbn === title.isbn);
  if (!existing) return [...lines, { ...title, qty: 1 }];
  return lines.map((line) => (line.isbn === title.isbn ? { ...line, qty: line.qty + 1 } : line));
}

export function setQty(lines: readonly DeliveryLine[], isbn: string, qty: number) {
  return lines.map((line) => (line.isbn === isbn ? { ...line, qty } : line));
}

export function removeLine(lines: readonly DeliveryLine[], isbn: string) {
  return lines.filter((line) => line.isbn !== isbn);
}

/**
 * The list once a delivery has been received: the copies sent are taken off, so copies scanned
 * while the call was on its way stay for the next delivery.
 */
export function withoutReceived(
  lines: readonly DeliveryLine[],
  sent: readonly { isbn: string; qty: number }[],
): DeliveryLine[] {
  const taken = new Map(sent.map((line) => [line.isbn, line.qty]));
  return lines
    .map((line) => ({ ...line, qty: line.qty - (taken.get(line.isbn) ?? 0) }))
    .filter((line) => line.qty > 0 || Number.isNaN(line.qty));
}

/** Why the list cannot be received as it is, in words for the person receiving; null when it can. */
export function problemWith(lines: readonly DeliveryLine[]): string | null {
  if (lines.length === 0) return 'Scan the books of the delivery first.';
  const bad = lines.find((line) => !Number.isInteger(line.qty) || line.qty < 1);
  if (bad) return `${bad.title}: the quantity must be 1 or more (or remove the line).`;
  const huge = lines.find((line) => line.qty > MAX_LINE_QTY);
  if (huge) return `${huge.title}: at most ${MAX_LINE_QTY} copies on one line.`;
  return null;
}

export const copiesIn = (lines: readonly DeliveryLine[]) =>
  lines.reduce((sum, line) => sum + line.qty, 0);

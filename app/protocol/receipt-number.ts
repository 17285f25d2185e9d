// How a receipt's number is printed, shared by the printed receipt (app/ledger) and every screen
// that names a receipt, so a cashier can type what is on the paper.

/**
 * The receipt number as printed: the register's origin (first 8 hex digits) and its receipt
 * number, read from the id (`<origin>-<000017>`) so a refund can print the sale it is against.
 */
export function printedReceiptNo(receiptId: string): string {
  const match = /^(.+)-(\d+)$/.exec(receiptId);
  return match?.[1] && match[2] ? `${match[1].slice(0, 8)}-${Number(match[2])}` : receiptId;
}

// The receipt as printed on an 80 mm roll (42 columns of the printer's font). Pure, so a receipt
// read back from the ledger prints exactly as it did at the counter.
import { printedReceiptNo } from '../protocol/receipt-number.js';
import type { Receipt } from './sales.js';

export { printedReceiptNo };

export const RECEIPT_COLUMNS = 42;

export function formatMoney(cents: number, currency: string, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
}

function row(left: string, right: string): string {
  const room = RECEIPT_COLUMNS - right.length - 1;
  const clipped = left.length > room ? `${left.slice(0, Math.max(0, room - 1))}…` : left;
  return `${clipped.padEnd(room)} ${right}`;
}

function centre(text: string): string {
  const pad = Math.max(0, Math.floor((RECEIPT_COLUMNS - text.length) / 2));
  return `${' '.repeat(pad)}${text}`.slice(0, RECEIPT_COLUMNS);
}

export function receiptText(receipt: Receipt, storeName: string, currency: string): string {
  const money = (cents: number) => formatMoney(cents, currency);
  const rule = '-'.repeat(RECEIPT_COLUMNS);
  const lines = [
    centre('BOOKCASE'),
    centre(storeName),
    centre(receipt.kind === 'RETURN' ? 'RETURN / REFUND' : 'SALE'),
    rule,
    `Receipt ${printedReceiptNo(receipt.receiptId)}`,
    `${receipt.createdAt.replace('T', ' ').slice(0, 19)} UTC`,
    `Served by ${receipt.cashier}`,
  ];
  if (receipt.originalReceiptId)
    lines.push(`Against ${printedReceiptNo(receipt.originalReceiptId)}`);
  lines.push(rule);
  for (const line of receipt.lines) {
    lines.push(row(line.title, money(line.lineTotalCents)));
    lines.push(`  ${line.qty} x ${money(line.unitPriceCents)}  ${line.isbn}`);
  }
  lines.push(rule, row(receipt.kind === 'RETURN' ? 'REFUND' : 'TOTAL', money(receipt.totalCents)));
  if (receipt.payment.method === 'cash') {
    if (receipt.kind === 'SALE') {
      lines.push(row('Cash', money(receipt.payment.tenderedCents)));
      lines.push(row('Change', money(receipt.payment.changeCents)));
    } else lines.push('Refunded in cash');
  } else {
    lines.push(row('Card', receipt.payment.reference ?? ''));
  }
  if (receipt.status === 'pending') lines.push(rule, centre('NOT FINAL: awaiting the master'));
  if (receipt.status === 'cancelled') lines.push(rule, centre('CANCELLED'));
  lines.push(rule, centre('Thank you for reading with us'));
  return lines.join('\n');
}

// How a receipt is named on the Returns screen: the same number the paper shows, its local time,
// and its kind and state in words.
import type { ReceiptSummary } from '../../app/protocol/receipts-api.js';

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
}

export function dateTimeOf(iso: string): string {
  return new Date(iso).toLocaleString('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function kindOf(summary: Pick<ReceiptSummary, 'kind' | 'status'>): string {
  const kind = summary.kind === 'RETURN' ? 'Refund' : 'Sale';
  switch (summary.status) {
    case 'final':
      return kind;
    case 'pending':
      return `${kind}, waiting for the master`;
    case 'cancelled':
      return `${kind}, cancelled`;
  }
}

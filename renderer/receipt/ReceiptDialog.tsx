import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import type { PrintableReceipt } from '../../app/protocol/register-api.js';
import { formatMoney } from '../lib/money.js';
import { AppDialog } from '../ui/AppDialog.js';

export interface ReceiptDialogProps {
  receipt: PrintableReceipt | null;
  currency: string;
  printing: boolean;
  printNote: string | null;
  onPrint: () => void;
  onDone: () => void;
  /** What the closing button says: the till moves on to the next customer. */
  doneLabel?: string;
  hint?: string;
}

export function ReceiptDialog({
  receipt,
  currency,
  printing,
  printNote,
  onPrint,
  onDone,
  doneLabel = 'Next customer',
  hint = 'Scanning the next book also starts a new sale.',
}: ReceiptDialogProps) {
  const payment = receipt?.receipt.payment;
  const next = useRef<HTMLButtonElement>(null);
  // Enter moves on to the next customer: the button has the focus from the start.
  const open = receipt !== null;
  useEffect(() => {
    if (open) next.current?.focus();
  }, [open]);
  return (
    <AppDialog
      title={receipt?.receipt.kind === 'RETURN' ? 'Refund recorded' : 'Sale complete'}
      isOpen={receipt !== null}
      onClose={onDone}
      className="receipt-dialog"
    >
      {receipt && (
        <div className="receipt-layout">
          <pre className="receipt-paper" aria-label="Receipt" data-testid="receipt-text">
            {receipt.text}
          </pre>
          <div className="receipt-side">
            {receipt.receipt.kind === 'RETURN' ? (
              <div className="change-callout">
                <div className="change-callout-label">
                  {payment?.method === 'cash' ? 'Give back in cash' : 'Refund to the card'}
                </div>
                <div className="change-callout-amount" data-testid="receipt-refund">
                  {formatMoney(receipt.receipt.totalCents, currency)}
                </div>
              </div>
            ) : payment?.method === 'cash' ? (
              <div className="change-callout">
                <div className="change-callout-label">Change due</div>
                <div className="change-callout-amount" data-testid="receipt-change">
                  {formatMoney(payment.changeCents, currency)}
                </div>
              </div>
            ) : (
              <div className="change-callout card">
                <div className="change-callout-label">Paid by card</div>
                <div className="change-callout-amount">
                  {formatMoney(receipt.receipt.totalCents, currency)}
                </div>
              </div>
            )}
            {printNote && (
              <p className="print-note" role="status">
                {printNote}
              </p>
            )}
            <div className="dialog-actions vertical">
              <Button className="button secondary" isDisabled={printing} onPress={onPrint}>
                {printing ? 'Printing…' : 'Print receipt'} <kbd>P</kbd>
              </Button>
              <Button ref={next} className="button primary" onPress={onDone}>
                {doneLabel} <kbd>Enter</kbd>
              </Button>
            </div>
            <p className="dialog-hint">{hint}</p>
          </div>
        </div>
      )}
    </AppDialog>
  );
}

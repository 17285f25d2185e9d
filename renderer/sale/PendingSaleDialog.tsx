// Strong mode: the sale is written locally but the master has not confirmed it. The cashier is
// told so plainly and chooses; nothing is recorded twice and nothing is dropped silently.
import { useEffect, useRef } from 'react';
import type { StrongOutcome } from '../../app/protocol/register-api.js';
import { formatMoney } from '../lib/money.js';
import { AppDialog } from '../ui/AppDialog.js';
import { CancelSaleButton, ChoiceButton, RetryButton } from './SaleChoices.js';

export type WaitingOutcome = Extract<StrongOutcome, { status: 'master-unreachable' | 'rejected' }>;

export interface PendingSaleDialogProps {
  outcome: WaitingOutcome | null;
  currency: string;
  busy: boolean;
  /** Set after a retry that did not get through either. */
  lastAttempt: string | null;
  error: string | null;
  onRetry: () => void;
  onCancelSale: () => void;
  onContinueEventually: () => void;
}

export function PendingSaleDialog(props: PendingSaleDialogProps) {
  const { outcome, busy } = props;
  const unreachable = outcome?.status === 'master-unreachable';
  const retry = useRef<HTMLButtonElement>(null);
  const open = outcome !== null;
  useEffect(() => {
    if (open) retry.current?.focus();
  }, [open]);
  return (
    <AppDialog
      title={unreachable ? 'The master register cannot be reached' : 'The master refused this sale'}
      isOpen={outcome !== null}
      role="alertdialog"
      className="pending-dialog"
    >
      {outcome && (
        <div className="pending">
          <p className="pending-lead">
            This store confirms every sale with the master before the receipt prints.{' '}
            {unreachable
              ? 'The sale is saved on this register and is waiting; it has not been counted twice and will not be lost.'
              : `The master said: ${outcome.message}`}
          </p>
          <dl className="pending-facts">
            <div>
              <dt>Sale</dt>
              <dd>
                {outcome.receipt.lines.reduce((n, line) => n + line.qty, 0)} books,{' '}
                {formatMoney(outcome.receipt.totalCents, props.currency)}
              </dd>
            </div>
            <div>
              <dt>Status</dt>
              <dd>Waiting for the master</dd>
            </div>
          </dl>
          {props.lastAttempt && (
            <p className="pending-note" role="status">
              {props.lastAttempt}
            </p>
          )}
          {props.error && (
            <p className="form-error" role="alert">
              {props.error}
            </p>
          )}
          <div className="pending-choices">
            <RetryButton ref={retry} busy={busy} onPress={props.onRetry} />
            <CancelSaleButton busy={busy} onPress={props.onCancelSale} />
            {unreachable && outcome.canFallBack && (
              <ChoiceButton tone="secondary" busy={busy} onPress={props.onContinueEventually}>
                Manager: continue in eventual mode
              </ChoiceButton>
            )}
          </div>
          {unreachable && outcome.canFallBack && (
            <p className="dialog-hint">
              Eventual mode records the sale here now and sends it to the master in the nightly
              batch. The register stays in eventual mode until a manager switches back.
            </p>
          )}
        </div>
      )}
    </AppDialog>
  );
}

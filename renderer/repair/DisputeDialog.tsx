// Read repair at the counter, in plain words: while the register asks the master about a title
// the ledger disputes, and, when the two disagree, the correction the cashier confirms (Enter) or
// declines (Esc). Outcomes that need no decision are shown as a notice on the screen instead.
import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import type { RepairOutcomeView, TitleLookup } from '../../app/protocol/register-api.js';
import { AppDialog } from '../ui/AppDialog.js';

export type Dispute =
  | { kind: 'checking'; title: TitleLookup }
  | {
      kind: 'discrepancy';
      title: TitleLookup;
      outcome: Extract<RepairOutcomeView, { outcome: 'discrepancy' }>;
    };

export interface DisputeDialogProps {
  dispute: Dispute | null;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onDecline: () => void;
}

export function DisputeDialog({ dispute, busy, error, onConfirm, onDecline }: DisputeDialogProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  const deciding = dispute?.kind === 'discrepancy';
  useEffect(() => {
    if (deciding) confirm.current?.focus();
  }, [deciding]);
  return (
    <AppDialog
      title={deciding ? 'Shelf count disputed' : 'Checking the shelf count'}
      isOpen={dispute !== null}
      role="alertdialog"
      className="dispute-dialog"
      // Esc declines, but only once there is something to decline (and not mid-request).
      {...(deciding && !busy ? { onClose: onDecline } : {})}
    >
      {dispute?.kind === 'checking' && (
        <p className="dispute-lead" role="status" data-testid="dispute-checking">
          Checking this title with the master…
        </p>
      )}
      {dispute?.kind === 'discrepancy' && (
        <div className="dispute">
          <p className="dispute-title">{dispute.title.title}</p>
          <p className="dispute-lead" data-testid="dispute-proposal">
            Shelf count corrected from {dispute.outcome.proposed.from} to{' '}
            {dispute.outcome.proposed.to}: confirm
          </p>
          <p className="dialog-hint">
            The master counts {dispute.outcome.masterOnHand} here too, yet the copy is at the
            counter. Confirming records the correction; declining flags the title for the next
            stocktake. The sale goes ahead either way.
          </p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dispute-choices">
            <Button ref={confirm} className="button primary" isDisabled={busy} onPress={onConfirm}>
              {busy ? 'Saving…' : 'Confirm'}
            </Button>
            <Button className="button secondary" isDisabled={busy} onPress={onDecline}>
              Decline
            </Button>
          </div>
          <p className="dialog-hint">Enter confirms · Esc declines</p>
        </div>
      )}
    </AppDialog>
  );
}

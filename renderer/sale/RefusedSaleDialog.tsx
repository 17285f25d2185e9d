// Strong mode: the master refused the sale (it counts fewer copies here than the sale takes). The
// cashier is told so in plain words and chooses: check the title with the master and, when the
// books are in hand, confirm them and sell; take the title off; or cancel. Nothing is charged and
// the cart stays as it was until then.
import { useEffect, useRef } from 'react';
import { formatMoney } from '../lib/money.js';
import { AppDialog } from '../ui/AppDialog.js';
import { CancelSaleButton, ChoiceButton, RetryButton } from './SaleChoices.js';
import { refusalText, shortTitleOf, type RefusedOutcome } from './refused-sale.js';
import type { useRefusedSale } from './use-refused-sale.js';

export interface RefusedSaleDialogProps {
  outcome: RefusedOutcome | null;
  currency: string;
  refused: ReturnType<typeof useRefusedSale>;
}

const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;

export function RefusedSaleDialog({ outcome, currency, refused }: RefusedSaleDialogProps) {
  const { phase, busy, error } = refused;
  const primary = useRef<HTMLButtonElement>(null);
  const open = outcome !== null;
  useEffect(() => {
    if (open && phase.kind !== 'checking') primary.current?.focus();
  }, [open, phase.kind]);
  const short = outcome ? shortTitleOf(outcome) : null;
  const titles = new Set(outcome?.receipt.lines.map((line) => line.isbn));
  // Taking the title off only makes sense when something else is left to sell.
  const canTakeOff = short !== null && titles.size > 1;

  const giveUpButtons = short && (
    <>
      {canTakeOff && (
        <ChoiceButton tone="secondary" busy={busy} onPress={() => refused.giveUp(short.isbn)}>
          Take “{short.title}” off the sale
        </ChoiceButton>
      )}
      <CancelSaleButton busy={busy} onPress={() => refused.giveUp()} />
    </>
  );

  return (
    <AppDialog
      title="The master refused this sale"
      isOpen={open}
      role="alertdialog"
      className="pending-dialog refused-dialog"
    >
      {outcome && (
        <div className="pending" data-testid="refused-sale">
          {phase.kind === 'choose' && (
            <>
              <p className="refused-lead" data-testid="refused-reason">
                {short ? refusalText(short) : `The master said: ${outcome.message}`}
              </p>
              <p className="pending-lead">
                Nothing has been charged: the sale of{' '}
                {formatMoney(outcome.receipt.totalCents, currency)} is waiting, and the books are
                still in the cart.
                {short &&
                  ' If the books are in your hand, check the title with the master: it compares both ledgers and lets you confirm the copies.'}
              </p>
            </>
          )}
          {phase.kind === 'checking' && (
            <p className="refused-lead" role="status" data-testid="refused-checking">
              Checking {short ? `“${short.title}”` : 'this sale'} with the master…
            </p>
          )}
          {phase.kind === 'confirm' && (
            <>
              {phase.discrepancies.map((discrepancy) => {
                const inSale = outcome.receipt.lines
                  .filter((line) => line.isbn === discrepancy.isbn)
                  .reduce((sum, line) => sum + line.qty, 0);
                return (
                  <p key={discrepancy.isbn} className="refused-lead" data-testid="refused-question">
                    The master and this register agree: “{discrepancy.title}” is not on the books.
                    Are the {copies(inSale)} you are selling here at the counter?
                  </p>
                );
              })}
              <p className="dialog-hint">
                Yes records a correction (and flags the title for the next stocktake), then sends
                the sale again.
              </p>
            </>
          )}
          {phase.kind === 'unverified' && (
            <p className="refused-lead" data-testid="refused-unverified">
              The master cannot be reached now, so nothing was checked. The sale is still waiting.
            </p>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {phase.kind !== 'checking' && (
            <div className="pending-choices">
              {phase.kind === 'choose' && short && (
                <ChoiceButton ref={primary} tone="primary" busy={busy} onPress={refused.check}>
                  Check “{short.title}” with the master
                </ChoiceButton>
              )}
              {phase.kind === 'confirm' && (
                <ChoiceButton
                  ref={primary}
                  tone="primary"
                  busy={busy}
                  onPress={refused.confirmHere}
                >
                  {busy ? 'Sending…' : 'Yes, they are here: sell'}
                </ChoiceButton>
              )}
              {((phase.kind === 'choose' && !short) || phase.kind === 'unverified') && (
                <RetryButton ref={primary} busy={busy} onPress={refused.retry} />
              )}
              {giveUpButtons ?? <CancelSaleButton busy={busy} onPress={() => refused.giveUp()} />}
            </div>
          )}
        </div>
      )}
    </AppDialog>
  );
}

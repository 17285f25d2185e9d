// A scan the shelf count cannot explain (fewer on hand than copies at the counter) is checked with
// the master before the next scan: agreed and unverified outcomes become a notice, a discrepancy
// waits for the cashier's decision. The book stays in the cart whatever the answer: it is here.
import { useState } from 'react';
import type { TitleLookup } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import type { Dispute } from './DisputeDialog.js';

export const AGREED_NOTICE = 'Ledgers agreed after repair.';
export const UNVERIFIED_NOTICE =
  'The master cannot be reached: the count is unverified and will be checked later.';

export function useDispute(options: {
  api: RegisterClient;
  notify: (tone: 'info' | 'error', text: string) => void;
  /** The ledger's count after the cashier's decision, for what the screen shows of the title. */
  onDecided?: (isbn: string, onHand: number) => void;
}) {
  const { api, notify, onDecided } = options;
  const [dispute, setDispute] = useState<Dispute | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The decision the next scan waits for.
  const [settled, setSettled] = useState<(() => void) | null>(null);

  /** Resolves once the dispute is over (at once when there is none). */
  const check = async (title: TitleLookup, atCounter: number): Promise<void> => {
    if (title.onHand >= atCounter) return;
    setError(null);
    setDispute({ kind: 'checking', title });
    let outcome;
    try {
      outcome = await api.checkScan({ isbn: title.isbn, atCounter });
    } catch (failure) {
      setDispute(null);
      notify('error', `Could not check this title with the master: ${messageOf(failure)}`);
      return;
    }
    if (outcome.outcome === 'discrepancy') {
      const decided = new Promise<void>((resolve) => setSettled(() => resolve));
      setDispute({ kind: 'discrepancy', title, outcome });
      await decided;
      return;
    }
    setDispute(null);
    if (outcome.outcome === 'agreed') notify('info', AGREED_NOTICE);
    else if (outcome.outcome === 'unverified') notify('info', UNVERIFIED_NOTICE);
  };

  const decide = (confirmed: boolean) => {
    if (dispute?.kind !== 'discrepancy' || busy) return;
    const { repairId } = dispute.outcome;
    setBusy(true);
    setError(null);
    const call = confirmed ? api.confirmCorrection : api.declineCorrection;
    call({ repairId })
      .then(
        (result) => {
          setDispute(null);
          onDecided?.(result.isbn, result.onHand);
          notify(
            'info',
            confirmed
              ? `Shelf count corrected to ${result.onHand}.`
              : 'Correction declined: the title is flagged for the next stocktake.',
          );
          settled?.();
          setSettled(null);
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  };

  return {
    dispute,
    busy,
    error,
    check,
    confirm: () => decide(true),
    decline: () => decide(false),
  };
}

// A strong sale the master refused for lack of stock, and the cashier's way through it: check the
// title with the master (read repair), confirm that the copies are at the counter (a correction),
// and send the sale again; or take the title off, or cancel. Nothing is charged meanwhile.
import { useState } from 'react';
import type { StrongOutcome } from '../../app/protocol/register-api.js';
import type { RefusedTitleCheck } from '../../app/protocol/receipts-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import type { RefusedOutcome } from './refused-sale.js';

export type Discrepancy = Extract<RefusedTitleCheck, { outcome: 'discrepancy' }>;

export type RefusedPhase =
  | { kind: 'choose' }
  | { kind: 'checking' }
  /** The master agrees the copies are not on the books: are they here? */
  | { kind: 'confirm'; discrepancies: Discrepancy[] }
  | { kind: 'unverified'; message: string };

export interface RefusedSaleOptions {
  api: RegisterClient;
  /** The sale's next answer: a receipt, still waiting, or refused again. */
  onOutcome: (outcome: StrongOutcome) => void;
  /** Gives the sale up, leaving `without` out of the cart given back. */
  onCancel: (without?: string) => void;
}

export function useRefusedSale(outcome: RefusedOutcome | null, options: RefusedSaleOptions) {
  const { api } = options;
  const [phase, setPhase] = useState<RefusedPhase>({ kind: 'choose' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A new refusal starts from the choice again.
  const [seen, setSeen] = useState<RefusedOutcome | null>(outcome);
  if (seen !== outcome) {
    setSeen(outcome);
    setPhase({ kind: 'choose' });
    setError(null);
  }

  const run = (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    work()
      .catch((failure: unknown) => setError(messageOf(failure)))
      .finally(() => setBusy(false));
  };

  const retry = async (receiptId: string) => {
    const next = await api.retryPending({ receiptId });
    setPhase({ kind: 'choose' });
    options.onOutcome(next);
  };

  return {
    phase,
    busy,
    error,
    /** Check every title of the sale with the master, then go on by what it found. */
    check: () => {
      if (!outcome) return;
      const receiptId = outcome.receipt.receiptId;
      setPhase({ kind: 'checking' });
      run(async () => {
        let checks: RefusedTitleCheck[];
        try {
          checks = await api.reconcileRefusedSale({ receiptId });
        } catch (failure) {
          setPhase({ kind: 'choose' });
          throw failure;
        }
        const unverified = checks.find((check) => check.outcome === 'unverified');
        if (unverified) {
          setPhase({ kind: 'unverified', message: unverified.message });
          return;
        }
        const discrepancies = checks.filter(
          (check): check is Discrepancy => check.outcome === 'discrepancy',
        );
        if (discrepancies.length > 0) {
          setPhase({ kind: 'confirm', discrepancies });
          return;
        }
        // The ledgers agreed once reconciled: the sale goes again at once.
        await retry(receiptId);
      });
    },
    /** The copies are at the counter: record the corrections, then send the sale again. */
    confirmHere: () => {
      if (!outcome || phase.kind !== 'confirm') return;
      const receiptId = outcome.receipt.receiptId;
      run(async () => {
        for (const discrepancy of phase.discrepancies) {
          await api.confirmCorrection({ repairId: discrepancy.repairId });
        }
        await retry(receiptId);
      });
    },
    retry: () => {
      if (!outcome) return;
      run(() => retry(outcome.receipt.receiptId));
    },
    /**
     * Takes the title off (or cancels the whole sale). Counts still in dispute are declined first,
     * which flags those titles for the next stocktake.
     */
    giveUp: (without?: string) => {
      if (!outcome) return;
      run(async () => {
        if (phase.kind === 'confirm') {
          for (const discrepancy of phase.discrepancies) {
            await api.declineCorrection({ repairId: discrepancy.repairId });
          }
        }
        setPhase({ kind: 'choose' });
        options.onCancel(without);
      });
    },
  };
}

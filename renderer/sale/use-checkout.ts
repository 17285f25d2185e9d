// The path of a sale on screen: ringing up, paying, then either the receipt or (strong mode, no
// master) the waiting sale and the cashier's choice. The register decides what is recorded; this
// only follows its answers.
import { useEffect, useState } from 'react';
import type {
  PaymentInput,
  PrintableReceipt,
  RegisterStatus,
  SaleOutcome,
} from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import type { CartLine } from '../cart/cart.js';
import type { WaitingOutcome } from './PendingSaleDialog.js';

export type Stage =
  | { kind: 'ringing' }
  | { kind: 'paying'; method: 'cash' | 'card' }
  | { kind: 'waiting'; outcome: WaitingOutcome }
  | { kind: 'done'; receipt: PrintableReceipt };

export interface CheckoutOptions {
  api: RegisterClient;
  status: RegisterStatus;
  lines: readonly CartLine[];
  clearCart: () => void;
  restoreCart: (lines: CartLine[]) => void;
  notify: (tone: 'info' | 'error', text: string) => void;
  /** The browser prints the page itself; the Electron shell prints through the main process. */
  printPage: () => void;
}

const linesOf = (receipt: PrintableReceipt): CartLine[] =>
  receipt.receipt.lines.map((line) => ({
    isbn: line.isbn,
    title: line.title,
    author: line.author,
    unitPriceCents: line.unitPriceCents,
    qty: line.qty,
  }));

export function useCheckout(options: CheckoutOptions) {
  const { api } = options;
  const [stage, setStage] = useState<Stage>({ kind: 'ringing' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lastAttempt, setLastAttempt] = useState<string | null>(null);
  const [printNote, setPrintNote] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);

  // A sale left waiting when the register last stopped is still waiting: bring it back.
  const allowFallBack = options.status.allowEventualFallback;
  useEffect(() => {
    api.pendingSales({}).then(
      (pending) => {
        const first = pending[0];
        if (!first) return;
        setStage({
          kind: 'waiting',
          outcome: {
            status: 'master-unreachable',
            ...first,
            message: 'This sale was waiting for the master when the register last stopped.',
            canFallBack: allowFallBack,
          },
        });
      },
      () => undefined,
    );
  }, [api, allowFallBack]);

  // The cart stays on screen while a sale waits for the master: it empties once the sale is done.
  const settle = (outcome: SaleOutcome) => {
    setLastAttempt(null);
    setPrintNote(null);
    if (outcome.status === 'recorded' || outcome.status === 'confirmed') {
      options.clearCart();
      setStage({ kind: 'done', receipt: { receipt: outcome.receipt, text: outcome.text } });
    } else {
      setStage({ kind: 'waiting', outcome });
    }
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return {
    stage,
    busy,
    error,
    lastAttempt,
    printNote,
    printing,
    pay: (method: 'cash' | 'card') => {
      if (options.lines.length === 0 || busy) return;
      setError(null);
      setStage({ kind: 'paying', method });
    },
    back: () => {
      setError(null);
      setStage({ kind: 'ringing' });
    },
    confirm: (payment: PaymentInput) => {
      void run(async () => {
        const outcome = await api.sell({
          lines: options.lines.map((line) => ({
            isbn: line.isbn,
            qty: line.qty,
            unitPriceCents: line.unitPriceCents,
          })),
          payment,
        });
        settle(outcome);
      });
    },
    /** A waiting sale's next answer, reached another way (the refused sale's own dialog). */
    resolve: settle,
    retry: () => {
      if (stage.kind !== 'waiting') return;
      void run(async () => {
        const outcome = await api.retryPending({ receiptId: stage.outcome.receipt.receiptId });
        settle(outcome);
        if (outcome.status !== 'confirmed') {
          setLastAttempt(
            `Tried again at ${new Date().toLocaleTimeString()}: ${outcome.status === 'rejected' ? outcome.message : 'still no answer from the master.'}`,
          );
        }
      });
    },
    /** Gives the waiting sale up; `without` leaves that title out of the cart it gives back. */
    cancelSale: (without?: string) => {
      if (stage.kind !== 'waiting') return;
      const waiting = stage.outcome;
      void run(async () => {
        await api.cancelPending({ receiptId: waiting.receipt.receiptId });
        const lines = linesOf(waiting).filter((line) => line.isbn !== without);
        const removed = waiting.receipt.lines.find((line) => line.isbn === without);
        options.restoreCart(lines);
        setStage({ kind: 'ringing' });
        options.notify(
          'info',
          removed && lines.length > 0
            ? `“${removed.title}” taken off the sale; nothing was charged. Take payment again for the rest.`
            : removed
              ? `“${removed.title}” taken off: the sale is cancelled and nothing was charged.`
              : 'Sale cancelled; nothing was charged. The books are back in the cart.',
        );
      });
    },
    continueEventually: () => {
      if (stage.kind !== 'waiting') return;
      const waiting = stage.outcome;
      void run(async () => {
        const receipt = await api.finishPendingEventually({ receiptId: waiting.receipt.receiptId });
        options.clearCart();
        setStage({ kind: 'done', receipt });
        options.notify(
          'info',
          'The register is now in eventual mode: sales sync in the nightly batch.',
        );
      });
    },
    finish: () => {
      setPrintNote(null);
      setStage({ kind: 'ringing' });
    },
    print: () => {
      if (stage.kind !== 'done' || printing) return;
      setPrinting(true);
      api
        .printReceipt({ receiptId: stage.receipt.receipt.receiptId })
        .then(
          (outcome) => {
            if (outcome.via === 'page') {
              options.printPage();
              setPrintNote('Sent to the printer.');
            } else if (outcome.via === 'printer') setPrintNote('Sent to the printer.');
            else if (outcome.via === 'cancelled') setPrintNote('Printing cancelled.');
            else setPrintNote(`No printer answered (${outcome.reason}); saved as ${outcome.path}.`);
          },
          (failure: unknown) => setPrintNote(`Could not print: ${messageOf(failure)}`),
        )
        .finally(() => setPrinting(false));
    },
  };
}

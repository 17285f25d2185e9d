// Returns (F4): find the receipt (its printed number, or one of today's), take back some of its
// copies with a cash or card refund, hand over the refund receipt; or reprint any receipt found.
import { useEffect, useState } from 'react';
import type { PaymentInput, PrintableReceipt } from '../../app/protocol/register-api.js';
import type { ReturnableReceiptView } from '../../app/protocol/receipts-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';
import { PrintArea } from '../receipt/PrintArea.js';
import { ReceiptDialog } from '../receipt/ReceiptDialog.js';
import { usePrintReceipt } from '../receipt/use-print-receipt.js';
import { isEditable } from '../scan/keystroke-timing.js';
import { ReceiptFinder } from './ReceiptFinder.js';
import { ReturnForm } from './ReturnForm.js';

export interface ReturnsScreenProps {
  api: RegisterClient;
  currency: string;
  /** Prints the page (its print style sheet shows only the receipt). */
  printPage?: () => void;
}

export function ReturnsScreen({ api, currency, printPage }: ReturnsScreenProps) {
  const [view, setView] = useState<ReturnableReceiptView | null>(null);
  const [refund, setRefund] = useState<PrintableReceipt | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const printer = usePrintReceipt(api, printPage ?? (() => window.print()));

  const open = (receiptId: string) => {
    setOpenError(null);
    api.returnableReceipt({ receiptId }).then(
      (opened) => {
        setError(null);
        printer.clearNote();
        setView(opened);
      },
      (failure: unknown) => setOpenError(messageOf(failure)),
    );
  };

  const takeBack = (lines: { isbn: string; qty: number }[], payment: PaymentInput) => {
    if (!view) return;
    const originalReceiptId = view.summary.receiptId;
    setBusy(true);
    setError(null);
    api
      .returnItems({ originalReceiptId, lines, refund: payment })
      .then(
        async (recorded) => {
          setRefund(recorded);
          printer.clearNote();
          // What the receipt can still take back has changed.
          setView(await api.returnableReceipt({ receiptId: originalReceiptId }));
        },
        (failure: unknown) => setError(messageOf(failure)),
      )
      .finally(() => setBusy(false));
  };

  const reprint = () => {
    if (!view) return;
    api
      .getReceipt({ receiptId: view.summary.receiptId })
      .then(printer.print, (failure: unknown) =>
        setError(`Could not reprint: ${messageOf(failure)}`),
      );
  };

  // As at the till: P prints the refund receipt while it is shown.
  useEffect(() => {
    if (!refund) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.key === 'p' || event.key === 'P') && !isEditable(event.target)) {
        event.preventDefault();
        printer.print(refund);
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [refund, printer]);

  return (
    <main className="returns">
      <h1 className="screen-title">Returns and reprints</h1>
      {openError && (
        <p className="form-error" role="alert">
          {openError}
        </p>
      )}
      {view ? (
        <ReturnForm
          key={`${view.summary.receiptId}:${view.lines.map((line) => line.returned).join(',')}`}
          view={view}
          currency={currency}
          busy={busy}
          error={error}
          printing={printer.printing}
          printNote={refund ? null : printer.note}
          focusRequest={focusRequest}
          onReturn={takeBack}
          onReprint={reprint}
          onBack={() => {
            setView(null);
            setError(null);
            printer.clearNote();
          }}
        />
      ) : (
        <ReceiptFinder api={api} currency={currency} onOpen={open} />
      )}
      <ReceiptDialog
        receipt={refund}
        currency={currency}
        printing={printer.printing}
        printNote={refund ? printer.note : null}
        onPrint={() => refund && printer.print(refund)}
        onDone={() => {
          setRefund(null);
          printer.clearNote();
          // Back to the receipt's quantities for the next copy, or its reprint.
          setFocusRequest((n) => n + 1);
        }}
        doneLabel="Done"
        hint="The Returned column now counts these copies."
      />
      <PrintArea text={printer.paper} />
    </main>
  );
}

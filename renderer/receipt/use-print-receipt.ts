// Printing a receipt that is not the one just sold (a reprint, a refund): the register prints it
// through the shell, or, in the browser shell, the page prints itself with only the receipt on
// paper (PrintArea shows `paper`).
import { useState } from 'react';
import type { PrintOutcome, PrintableReceipt } from '../../app/protocol/register-api.js';
import { messageOf } from '../api/api-error.js';
import type { RegisterClient } from '../api/register-client.js';

/** What the cashier is told after a print, in plain words. */
export function printNoteOf(outcome: PrintOutcome): string {
  switch (outcome.via) {
    case 'page':
    case 'printer':
      return 'Sent to the printer.';
    case 'cancelled':
      return 'Printing cancelled.';
    case 'pdf':
      return `No printer answered (${outcome.reason}); saved as ${outcome.path}.`;
  }
}

export function usePrintReceipt(api: RegisterClient, printPage: () => void) {
  const [paper, setPaper] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const print = (receipt: PrintableReceipt) => {
    if (printing) return;
    setPaper(receipt.text);
    setPrinting(true);
    setNote(null);
    api
      .printReceipt({ receiptId: receipt.receipt.receiptId })
      .then(
        (outcome) => {
          if (outcome.via === 'page') printPage();
          setNote(printNoteOf(outcome));
        },
        (failure: unknown) => setNote(`Could not print: ${messageOf(failure)}`),
      )
      .finally(() => setPrinting(false));
  };

  return { paper, printing, note, print, clearNote: () => setNote(null) };
}

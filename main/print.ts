// Receipts go to the receipt printer without a dialog (the register's default printer), on a
// page 80 mm wide and as long as the receipt. When no printer takes the job, the receipt is
// saved as a PDF in the data folder instead, so it can still be printed or sent.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebContents } from 'electron';
import type { PrintOutcome, PrintableReceipt } from '../app/protocol/register-api.js';

const ROLL_WIDTH_MM = 80;
/** 8 pt at 1.3 line height, the print style sheet's receipt font. */
const LINE_HEIGHT_MM = 3.67;
const MARGIN_MM = 8;

export function receiptLengthMm(text: string): number {
  return Math.ceil(text.split('\n').length * LINE_HEIGHT_MM + 2 * MARGIN_MM);
}

export function printReceipt(
  contents: Pick<WebContents, 'print' | 'printToPDF'>,
  receipt: PrintableReceipt,
  pdfDir: string,
): Promise<PrintOutcome> {
  const lengthMm = receiptLengthMm(receipt.text);
  return new Promise((resolve, reject) => {
    contents.print(
      {
        silent: true,
        printBackground: false,
        pageSize: { width: ROLL_WIDTH_MM * 1000, height: lengthMm * 1000 }, // microns
        margins: { marginType: 'none' },
      },
      (success, failureReason) => {
        if (success) return resolve({ via: 'printer' });
        if (/cancel/i.test(failureReason)) return resolve({ via: 'cancelled' });
        savePdf(contents, receipt, pdfDir, lengthMm).then(
          (path) => resolve({ via: 'pdf', path, reason: failureReason || 'no printer' }),
          reject,
        );
      },
    );
  });
}

async function savePdf(
  contents: Pick<WebContents, 'printToPDF'>,
  receipt: PrintableReceipt,
  pdfDir: string,
  lengthMm: number,
): Promise<string> {
  const pdf = await contents.printToPDF({
    pageSize: { width: ROLL_WIDTH_MM / 25.4, height: lengthMm / 25.4 }, // inches
    margins: { marginType: 'none' },
    printBackground: false,
  });
  await mkdir(pdfDir, { recursive: true });
  const path = join(pdfDir, `receipt-${receipt.receipt.receiptId}.pdf`);
  await writeFile(path, pdf);
  return path;
}

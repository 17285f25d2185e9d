// A command-line tour of the ledger until the register app exists: seeds the demo catalog into
// a ledger file, sells and returns a book, and shows the counts and the receipt as printed.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seedDemo } from '../catalog/seed-demo.js';
import { Ledger } from '../ledger/ledger.js';
import { receiptText } from '../ledger/receipt-text.js';
import { recordReturn, recordSale } from '../ledger/sales.js';
import { demoStaffLine, seedDemoStaff } from '../staff/demo-staff.js';
import { StaffStore } from '../staff/staff-store.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.data/demo' },
    store: { type: 'string', default: 'uptown' },
  },
});
const dataDir = resolve(values.data);
mkdirSync(dataDir, { recursive: true });
const path = join(dataDir, `${values.store}.db`);
const ledger = Ledger.open({ path, storeId: values.store });
const CASHIER = 'Casey';
try {
  const seeded = seedDemo(ledger);
  await seedDemoStaff(new StaffStore(ledger));
  const store = ledger.catalog.store(ledger.storeId);
  console.log(`Ledger ${path}\nStore ${store.name}, register origin ${ledger.originId}`);
  console.log(`Catalog: ${seeded.titles} titles; opening stock ${seeded.copies} copies`);
  console.log(`${demoStaffLine()}\n`);

  const book = ledger.catalog.titles().find((title) => ledger.onHand(title.isbn) > 1);
  if (!book) throw new Error('the demo catalog has no title in stock');
  console.log(`"${book.title}" by ${book.author}: ${ledger.onHand(book.isbn)} on hand`);
  const sale = recordSale(ledger, {
    cashier: CASHIER,
    lines: [{ isbn: book.isbn, qty: 2 }],
    payment: { method: 'cash', tenderedCents: 5000 },
  });
  console.log(`Sold 2: ${ledger.onHand(book.isbn)} on hand\n`);
  console.log(receiptText(sale, store.name, 'USD'));
  recordReturn(ledger, {
    cashier: CASHIER,
    originalReceiptId: sale.receiptId,
    lines: [{ isbn: book.isbn, qty: 1 }],
    refund: { method: 'cash', tenderedCents: 0 },
  });
  console.log(`\nReturned 1: ${ledger.onHand(book.isbn)} on hand`);
  const mismatches = ledger.checkStock();
  console.log(
    `Stock cache vs event log: ${mismatches.length === 0 ? 'in agreement' : `${mismatches.length} mismatches`}`,
  );
  console.log(`Version vector: ${JSON.stringify(ledger.vector())}`);
} finally {
  ledger.close();
}

// Child process for test/ledger/crash.test.ts: opens an on-disk ledger, seeds the demo catalog and
// sells in a loop until killed, printing each receipt id only after its sale has committed.
// Usage: node --import tsx test/helpers/crash-seller.ts <ledger file> <seed>
import { seedDemo } from '../../app/catalog/seed-demo.js';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';

const [file, seedText = '1'] = process.argv.slice(2);
if (!file) throw new Error('usage: crash-seller.ts <ledger file> <seed>');

let state = Number(seedText) >>> 0;
function next(): number {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32;
}

const ledger = Ledger.open({ path: file, storeId: 'uptown' });
seedDemo(ledger);
const isbns = ledger.catalog.titles().map((title) => title.isbn);
// Pipes are synchronous on Linux, so a line written here has left the process before the next sale.
process.stdout.write(`ready ${ledger.originId}\n`);
for (;;) {
  const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({
    isbn: isbns[Math.floor(next() * isbns.length)] ?? '',
    qty: 1 + Math.floor(next() * 2),
  }));
  const receipt = recordSale(ledger, {
    cashier: 'crash-test',
    lines,
    payment: next() < 0.5 ? { method: 'card' } : { method: 'cash', tenderedCents: 1_000_000 },
  });
  process.stdout.write(`${receipt.receiptId}\n`);
}

// Child process for test/master/title-index-crash.test.ts: pushes events into a SQLite master with
// tiny title-index tiers, so nearly every write moves a slice, and prints each acknowledged
// (origin, seq) so the test can SIGKILL it mid-write and check what the file kept.
// Usage: node --import tsx test/helpers/title-index-child.ts <master file> <origin id>
import { formatHlc } from '../../app/ledger/hlc.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { demoIsbn } from './ledgers.js';

const [file, originId] = process.argv.slice(2);
if (!file || !originId) throw new Error('usage: title-index-child.ts <master file> <origin id>');
const storage = SqliteMasterStorage.open({
  path: file,
  titleIndex: { recentTarget: 64, sliceMin: 16, tieredFrom: 0 },
});
const isbns = Array.from({ length: 40 }, (_, index) => demoIsbn(index));
let seq = 0;
const next = (isbn: string, sale: boolean): LedgerEvent => {
  seq += 1;
  const keys = { originId, seq, hlc: formatHlc({ ms: 1_700_000_000_000 + seq, counter: 0 }) };
  const where = { storeId: 'uptown', isbn };
  return sale
    ? {
        ...keys,
        ...where,
        kind: 'SALE',
        actor: 'amy',
        qty: 1,
        unitPriceCents: 999,
        receiptId: `r-${seq}`,
      }
    : { ...keys, ...where, kind: 'DELIVERY', actor: 'ivy', qty: 2, reference: `PO-${seq}` };
};
for (let write = 0; ; write += 1) {
  const events = Array.from({ length: 1 + (write % 37) }, (_, index) =>
    next(isbns[(write * 7 + index) % isbns.length] ?? '', index % 5 === 4),
  );
  const { held } = await storage.append({ events });
  process.stdout.write(`held ${held[originId]}\n`);
}

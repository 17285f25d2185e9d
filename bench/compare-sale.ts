// Goal 1's durable local sale, this checkout against another, in one process: both ledgers sell
// in turn and the raw single-row insert runs between, so all three see the same disk at the same
// moment. Separate runs of `npm run bench -- --only 1` drift by more than a change worth a few
// percent (the raw insert alone moved 4,100–6,100 rows/s between runs in one hour here).
// Not a goal of `npm run bench`: run it on its own,
//   git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules
//   npx tsx bench/compare-sale.ts /tmp/before [--reverse]
// --reverse sells on the other checkout's ledger first in each repetition.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Ledger } from '../app/ledger/ledger.js';
import type { recordSale as RecordSale } from '../app/ledger/sales.js';
import type { openLedger as OpenLedger } from './lib/ledgers.js';
import { median, nowMs } from './lib/stats.js';
import { RawInserter } from './lib/raw-sqlite.js';

const SALES = 2_000;
const REPS = 9;

const other = process.argv[2];
if (!other) throw new Error('usage: npx tsx bench/compare-sale.ts <other checkout> [--reverse]');

interface Side {
  name: string;
  ledger: Ledger;
  recordSale: typeof RecordSale;
  perSale: number[];
}

async function side(name: string, root: string, folder: string): Promise<Side> {
  const from = (file: string) => pathToFileURL(join(root, file)).href;
  const { openLedger } = (await import(from('bench/lib/ledgers.ts'))) as {
    openLedger: typeof OpenLedger;
  };
  const { recordSale } = (await import(from('app/ledger/sales.ts'))) as {
    recordSale: typeof RecordSale;
  };
  mkdirSync(folder);
  return { name, ledger: openLedger(folder, { stock: 1_000 }), recordSale, perSale: [] };
}

const dir = mkdtempSync(join(tmpdir(), 'bookcase-compare-sale-'));
const sides = [
  await side('this checkout', resolve(import.meta.dirname, '..'), join(dir, 'this')),
  await side(other, resolve(other), join(dir, 'other')),
];
if (process.argv.includes('--reverse')) sides.reverse();
const rawInserter = new RawInserter(join(dir, 'raw.db'));
const raw: number[] = [];
let sold = 0;
try {
  // One repetition first that is not counted: the first sales grow the files and warm the JIT.
  for (let rep = -1; rep < REPS; rep += 1) {
    for (const { ledger, recordSale, perSale } of sides) {
      const titles = ledger.catalog.titles();
      const start = nowMs();
      for (let i = 0; i < SALES; i += 1, sold += 1) {
        const title = titles[sold % titles.length];
        if (!title) throw new Error('no titles');
        recordSale(ledger, {
          cashier: 'amy',
          lines: [{ isbn: title.isbn, qty: 1 }],
          payment: { method: 'card' },
        });
      }
      if (rep >= 0) perSale.push(((nowMs() - start) * 1000) / SALES);
    }
    const rate = rawInserter.rate(SALES);
    if (rep >= 0) raw.push(1e6 / rate);
  }
  const rawUs = median(raw);
  for (const { name, perSale } of sides) {
    const us = median(perSale);
    console.log(
      `${name}: ${us.toFixed(0)} µs a sale, ${(rawUs / us).toFixed(2)}x of the raw insert`,
    );
  }
  console.log(`raw single-row insert: ${rawUs.toFixed(0)} µs (median of ${REPS} × ${SALES})`);
} finally {
  for (const { ledger } of sides) ledger.close();
  rawInserter.close();
  rmSync(dir, { recursive: true, force: true });
}

// 1. A durable local sale (eventual mode): one receipt, one line, through the ledger API, against
// better-sqlite3's own single-row durable insert with the same settings.
import { join } from 'node:path';
import { checkpointLedgerInWorker } from '../../app/ledger/ledger-checkpoint.js';
import { recordSale } from '../../app/ledger/sales.js';
import type { Context } from '../lib/context.js';
import { fmtRate, fmtRatio } from '../lib/format.js';
import { openLedger } from '../lib/ledgers.js';
import { verdict, type Section } from '../lib/report.js';
import { median, nowMs } from '../lib/stats.js';
import { rawInsertRate } from './limits.js';

export async function localSale(ctx: Context): Promise<Section> {
  const { reps, localSales } = ctx.sizes;
  const dir = ctx.scratch('local-sale');
  const ledger = openLedger(dir, { stock: 1_000 });
  // As Register.open runs its ledger: WAL checkpoints in a worker thread, not inside a sale's COMMIT.
  checkpointLedgerInWorker(ledger);
  const titles = ledger.catalog.titles();
  const ours: number[] = [];
  const raw: number[] = [];
  try {
    for (let rep = 0; rep < reps; rep += 1) {
      // Interleaved with the raw figure so both see the same disk at the same time.
      const start = nowMs();
      for (let i = 0; i < localSales; i += 1) {
        const title = titles[i % titles.length];
        if (!title) throw new Error('no titles');
        recordSale(ledger, {
          cashier: 'amy',
          lines: [{ isbn: title.isbn, qty: 1 }],
          payment: { method: 'card' },
        });
      }
      ours.push(localSales / ((nowMs() - start) / 1000));
      raw.push(rawInsertRate(join(dir, `raw-${rep}.db`), localSales));
      await Promise.resolve();
    }
  } finally {
    ledger.close();
    ctx.discard(dir);
  }
  const rate = median(ours);
  const rawRate = median(raw);
  const ratio = rate / rawRate;
  return {
    rows: [
      {
        section: '1',
        what: 'durable local sale (eventual), recordSale, 1 line',
        figure: fmtRate(rate, ' sales/s'),
        against: `raw single-row insert ${fmtRate(rawRate, ' rows/s')}`,
        ratio: fmtRatio(ratio),
        goal: '≥ 0.70x',
        verdict: verdict(ratio >= 0.7),
      },
    ],
    notes: [
      `1: ${localSales} sales per repetition, median of ${reps}; the raw inserts run in the same repetition, right after, on the same disk. The ledger checkpoints its WAL in a worker thread, as the register runs it (Register.open); the raw inserts keep SQLite's automatic checkpoint.`,
    ],
  };
}

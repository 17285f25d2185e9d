// 3. The master under load: many registers selling at once in strong mode, each with its own
// ledger and its own MasterClient, enrolled under its own origin. Group commit should let the
// master confirm far more sales per second than it could fsync one at a time.
import { join } from 'node:path';
import type { Ledger } from '../../app/ledger/ledger.js';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';
import { pushOutbox } from '../../app/sync/batch.js';
import type { MasterClient } from '../../app/sync/master-client.js';
import { sellStrong } from '../../app/sync/strong-sale.js';
import type { StorageStats } from '../../app/master/storage.js';
import type { Context } from '../lib/context.js';
import { fmtMs, fmtRate, fmtRatio } from '../lib/format.js';
import { openLedger } from '../lib/ledgers.js';
import { enrolledClient, startMaster } from '../lib/master.js';
import { verdict, type Section } from '../lib/report.js';
import { median, nowMs, percentile } from '../lib/stats.js';

interface Till {
  ledger: Ledger;
  client: MasterClient;
  isbns: string[];
}

export async function masterLoad(ctx: Context): Promise<Section> {
  const limits = ctx.requireLimits();
  const { loadRegisters, loadSeconds } = ctx.sizes;
  const reps = Math.min(3, ctx.sizes.reps);
  const dir = ctx.scratch('master-load');
  const master = await startMaster(join(dir, 'master.db'));
  const tills: Till[] = [];
  const rates: number[] = [];
  const latencies: number[] = [];
  let refused = 0;
  let perCommit = Number.NaN;
  try {
    for (let i = 0; i < loadRegisters; i += 1) {
      // In-memory ledgers: 32 tills have 32 disks in a real chain, so here the only disk writes
      // are the master's and the figure is the master's.
      const ledger = openLedger(':memory:');
      const client = await enrolledClient(master, 'uptown', ledger.originId);
      const isbns = ledger.catalog
        .titles()
        .slice(i * 5, i * 5 + 20)
        .map((title) => title.isbn);
      receiveDelivery(ledger, {
        actor: 'receiving',
        reference: 'bench opening stock',
        lines: isbns.map((isbn) => ({ isbn, qty: 100_000 })),
      });
      await pushOutbox(ledger, client);
      tills.push({ ledger, client, isbns });
    }
    for (let rep = 0; rep < reps; rep += 1) {
      const before = await master.child.call<StorageStats>('stats');
      const start = nowMs();
      const end = start + loadSeconds * 1000;
      let confirmed = 0;
      await Promise.all(
        tills.map(async (till) => {
          for (let n = 0; nowMs() < end; n += 1) {
            const t0 = nowMs();
            const outcome = await sellStrong(till.ledger, till.client, {
              cashier: 'amy',
              lines: [{ isbn: till.isbns[n % till.isbns.length] ?? '', qty: 1 }],
              payment: { method: 'card' },
            });
            if (outcome.status === 'confirmed') {
              confirmed += 1;
              latencies.push(nowMs() - t0);
            } else refused += 1;
          }
        }),
      );
      rates.push(confirmed / ((nowMs() - start) / 1000));
      const after = await master.child.call<StorageStats>('stats');
      perCommit = (after.appends - before.appends) / Math.max(1, after.commits - before.commits);
    }
  } finally {
    for (const till of tills) {
      await till.client.close();
      till.ledger.close();
    }
    await master.stop();
    ctx.discard(dir);
  }
  const rate = median(rates);
  const ratio = rate / limits.fsyncPerSecond;
  return {
    rows: [
      {
        section: '3',
        what: `master under load: ${loadRegisters} registers, strong sales`,
        figure: fmtRate(rate, ' sales/s'),
        against: `fsync ${fmtRate(limits.fsyncPerSecond)}`,
        ratio: fmtRatio(ratio),
        goal: '≥ 3x',
        verdict: verdict(ratio >= 3),
      },
      {
        section: '3',
        what: `master under load: sale latency p50 / p99`,
        figure: `${fmtMs(percentile(latencies, 50))} / ${fmtMs(percentile(latencies, 99))}`,
        against: `fsync ${fmtMs(limits.fsyncMs)}`,
        ratio: fmtRatio(percentile(latencies, 99) / limits.fsyncMs),
        goal: 'p99 reported',
        verdict: 'n/a',
      },
    ],
    notes: [
      `3: ${loadRegisters} registers (each a Ledger in memory + its own MasterClient, enrolled with its own origin) in one process, closed loop (each sells again as soon as its sale is confirmed) for ${loadSeconds} s, median of ${reps}; the master in its own process; ${perCommit.toFixed(1)} sale requests per group commit in the last repetition.` +
        (refused > 0 ? ` ${refused} sales not confirmed.` : ''),
    ],
  };
}

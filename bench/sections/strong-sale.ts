// 2. A strong-mode sale at one register: the Register core, a durable ledger on disk, over real
// HTTP on loopback to a real master in its own process. The receipt prints when sell() returns.
import { Register } from '../../app/register/register.js';
import type { Context } from '../lib/context.js';
import { fmtMs, fmtRatio } from '../lib/format.js';
import { startMaster } from '../lib/master.js';
import { verdict, type Section } from '../lib/report.js';
import { nowMs, percentile } from '../lib/stats.js';
import { join } from 'node:path';

export async function strongSale(ctx: Context): Promise<Section> {
  const limits = ctx.requireLimits();
  const dir = ctx.scratch('strong-sale');
  const master = await startMaster(join(dir, 'master.db'));
  const register = Register.open({ dataDir: join(dir, 'till'), storeId: 'uptown' });
  const samples: number[] = [];
  const notConfirmed: string[] = [];
  try {
    await register.enrol({
      masterUrl: master.url,
      code: await master.issueCode('uptown'),
      registerName: 'Bench till',
    });
    const titles = register.ledger.catalog.titles().slice(0, 20);
    register.deliver({
      actor: 'receiving',
      reference: 'bench opening stock',
      lines: titles.map((title) => ({ isbn: title.isbn, qty: 10_000 })),
    });
    await register.syncNow();
    register.setMode('strong');
    const warmup = 20;
    for (let i = 0; i < ctx.sizes.strongSales + warmup; i += 1) {
      const title = titles[i % titles.length];
      if (!title) throw new Error('no titles');
      const start = nowMs();
      const outcome = await register.sell({
        cashier: 'amy',
        lines: [{ isbn: title.isbn, qty: 1 }],
        payment: { method: 'card' },
      });
      const elapsed = nowMs() - start;
      if (outcome.status !== 'confirmed') notConfirmed.push(outcome.status);
      else if (i >= warmup) samples.push(elapsed);
    }
  } finally {
    await register.close();
    await master.stop();
    ctx.discard(dir);
  }
  const p50 = percentile(samples, 50);
  const p99 = percentile(samples, 99);
  const floor = limits.httpRoundTripMs + limits.fsyncMs;
  const ratio = p50 / floor;
  return {
    rows: [
      {
        section: '2',
        what: 'strong-mode sale, 1 register (Register.sell), p50',
        figure: fmtMs(p50),
        against: `1 HTTP round trip + 1 fsync = ${fmtMs(floor)}`,
        ratio: fmtRatio(ratio),
        goal: '≤ 1.30x',
        verdict: verdict(ratio <= 1.3),
      },
      {
        section: '2',
        what: 'strong-mode sale, 1 register, p99',
        figure: fmtMs(p99),
        against: fmtMs(floor),
        ratio: fmtRatio(p99 / floor),
        goal: 'reported',
        verdict: 'n/a',
      },
    ],
    notes: [
      `2: ${samples.length} sales after ${20} warm-up sales; ledger on disk (WAL, synchronous=FULL), master in its own process.` +
        (notConfirmed.length > 0
          ? ` ${notConfirmed.length} sales were not confirmed: ${[...new Set(notConfirmed)].join(', ')}.`
          : ''),
      `2: the durable floor for a strong sale is one HTTP round trip plus TWO fsyncs in sequence: the register's pending sale must be on its disk before it is sent (else a crash could leave the master counting a sale no receipt shows), and the master's commit before it answers: ${fmtMs(limits.httpRoundTripMs + 2 * limits.fsyncMs)} here, ${fmtRatio((limits.httpRoundTripMs + 2 * limits.fsyncMs) / floor)} of the goal's sum.`,
    ],
  };
}

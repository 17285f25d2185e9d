// 2. A strong-mode sale at one register: the Register core, a durable ledger on disk, over real
// HTTP on loopback to a real master in its own process. The receipt prints when sell() returns.
// Measured with the master on SQLite, then on PostgreSQL, in the same run.
import { join } from 'node:path';
import { Register } from '../../app/register/register.js';
import { onBothMasters } from '../lib/both-masters.js';
import type { Context, Limits } from '../lib/context.js';
import { fmtMs, fmtRatio } from '../lib/format.js';
import { startMaster, type MasterDatabase } from '../lib/master.js';
import { verdict, type Row, type Section } from '../lib/report.js';
import { nowMs, percentile } from '../lib/stats.js';

const WARMUP = 20;

interface Sales {
  samples: number[];
  notConfirmed: string[];
}

async function measureSales(ctx: Context, database: MasterDatabase): Promise<Sales> {
  const dir = ctx.scratch('strong-sale');
  const master = await startMaster(database);
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
    for (let i = 0; i < ctx.sizes.strongSales + WARMUP; i += 1) {
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
      else if (i >= WARMUP) samples.push(elapsed);
    }
  } finally {
    await register.close();
    await master.stop();
    ctx.discard(dir);
  }
  return { samples, notConfirmed };
}

function rowsFor(limits: Limits, sales: Sales, label: string): Row[] {
  const p50 = percentile(sales.samples, 50);
  const p99 = percentile(sales.samples, 99);
  const floor = limits.httpRoundTripMs + limits.fsyncMs;
  const ratio = p50 / floor;
  return [
    {
      section: '2',
      what: `strong-mode sale, 1 register (Register.sell), p50, ${label}`,
      figure: fmtMs(p50),
      against: `1 HTTP round trip + 1 fsync = ${fmtMs(floor)}`,
      ratio: fmtRatio(ratio),
      goal: '≤ 1.30x',
      verdict: verdict(ratio <= 1.3),
    },
    {
      section: '2',
      what: `strong-mode sale, 1 register, p99, ${label}`,
      figure: fmtMs(p99),
      against: fmtMs(floor),
      ratio: fmtRatio(p99 / floor),
      goal: 'reported',
      verdict: 'n/a',
    },
  ];
}

function unconfirmed(sales: Sales, label: string): string[] {
  const { notConfirmed } = sales;
  return notConfirmed.length > 0
    ? [
        `2: ${label}: ${notConfirmed.length} sales were not confirmed: ${[...new Set(notConfirmed)].join(', ')}.`,
      ]
    : [];
}

export async function strongSale(ctx: Context): Promise<Section> {
  const limits = ctx.requireLimits();
  const both = await onBothMasters(
    ctx,
    '2',
    (database) => measureSales(ctx, database),
    (sales, label) => rowsFor(limits, sales, label),
  );
  const floor = limits.httpRoundTripMs + limits.fsyncMs;
  const pgFloor =
    both.postgres && limits.pgCommitMs !== undefined
      ? [
          `2: on PostgreSQL the master's durable commit is a PostgreSQL commit: ${fmtMs(limits.pgCommitMs)} (median) for a one-row autocommit insert on one connection here, against ${fmtMs(limits.fsyncMs)} for a raw fsync. One HTTP round trip + the register's fsync + one PostgreSQL commit = ${fmtMs(limits.httpRoundTripMs + limits.fsyncMs + limits.pgCommitMs)}. The PostgreSQL master's p50 is ${fmtRatio(percentile(both.postgres.samples, 50) / percentile(both.sqlite.samples, 50))} the SQLite master's in this run.`,
        ]
      : [];
  return {
    rows: both.rows,
    notes: [
      `2: ${both.sqlite.samples.length} sales after ${WARMUP} warm-up sales on each master; ledger on disk (WAL, synchronous=FULL), master in its own process.`,
      ...unconfirmed(both.sqlite, 'SQLite master'),
      ...(both.postgres ? unconfirmed(both.postgres, 'PostgreSQL master') : []),
      `2: the durable floor for a strong sale is one HTTP round trip plus TWO fsyncs in sequence: the register's pending sale must be on its disk before it is sent (else a crash could leave the master counting a sale no receipt shows), and the master's commit before it answers: ${fmtMs(limits.httpRoundTripMs + 2 * limits.fsyncMs)} here, ${fmtRatio((limits.httpRoundTripMs + 2 * limits.fsyncMs) / floor)} of the goal's sum.`,
      ...pgFloor,
      ...both.notes,
    ],
  };
}

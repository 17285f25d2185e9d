// 3. The master under load: many registers selling at once in strong mode, each with its own
// ledger and its own MasterClient, enrolled under its own origin. Group commit should let the
// master confirm far more sales per second than it could fsync one at a time. Measured with the
// master on SQLite, then on PostgreSQL, in the same run.
import { availableParallelism } from 'node:os';
import type { Ledger } from '../../app/ledger/ledger.js';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';
import { pushOutbox } from '../../app/sync/batch.js';
import type { MasterClient } from '../../app/sync/master-client.js';
import { sellStrong } from '../../app/sync/strong-sale.js';
import type { StorageStats } from '../../app/master/storage.js';
import { onBothMasters, PG_LABEL } from '../lib/both-masters.js';
import { PG_GROUP_CONNECTIONS, type Context, type Limits } from '../lib/context.js';
import { fmtMs, fmtRate, fmtRatio } from '../lib/format.js';
import { trivialHttpLoad, type HttpLoad } from '../lib/http-load.js';
import { openLedger } from '../lib/ledgers.js';
import { enrolledClient, startMaster, type MasterDatabase } from '../lib/master.js';
import { verdict, type Row, type Section } from '../lib/report.js';
import { median, nowMs, ownCpuUs, percentile } from '../lib/stats.js';

interface Till {
  ledger: Ledger;
  client: MasterClient;
  isbns: string[];
}

interface Load {
  rate: number;
  p50: number;
  p99: number;
  perCommit: number;
  refused: number;
  /** CPU per confirmed sale in the last repetition, µs: the master's process, the registers' process. */
  masterCpuUs: number;
  registersCpuUs: number;
}

async function measureLoad(ctx: Context, database: MasterDatabase): Promise<Load> {
  const { loadRegisters, loadSeconds } = ctx.sizes;
  const reps = Math.min(3, ctx.sizes.reps);
  const master = await startMaster(database);
  const tills: Till[] = [];
  const rates: number[] = [];
  const latencies: number[] = [];
  let refused = 0;
  let perCommit = Number.NaN;
  let masterCpuUs = Number.NaN;
  let registersCpuUs = Number.NaN;
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
      const masterCpuBefore = await master.child.call<number>('cpu');
      const registersCpuBefore = ownCpuUs();
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
      registersCpuUs = (ownCpuUs() - registersCpuBefore) / Math.max(1, confirmed);
      masterCpuUs =
        ((await master.child.call<number>('cpu')) - masterCpuBefore) / Math.max(1, confirmed);
      const after = await master.child.call<StorageStats>('stats');
      perCommit = (after.appends - before.appends) / Math.max(1, after.commits - before.commits);
    }
  } finally {
    for (const till of tills) {
      await till.client.close();
      till.ledger.close();
    }
    await master.stop();
  }
  return {
    rate: median(rates),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perCommit,
    refused,
    masterCpuUs,
    registersCpuUs,
  };
}

function rowsFor(
  limits: Limits,
  registers: number,
  httpRate: number,
  load: Load,
  label: string,
): Row[] {
  const ratio = load.rate / limits.fsyncPerSecond;
  return [
    {
      section: '3',
      what: `master under load: ${registers} registers, strong sales, ${label}`,
      figure: fmtRate(load.rate, ' sales/s'),
      against: `fsync ${fmtRate(limits.fsyncPerSecond)}`,
      ratio: fmtRatio(ratio),
      goal: '≥ 3x',
      verdict: verdict(ratio >= 3),
    },
    {
      section: '3',
      what: `master under load: sale latency p50 / p99, ${label}`,
      figure: `${fmtMs(load.p50)} / ${fmtMs(load.p99)}`,
      against: `fsync ${fmtMs(limits.fsyncMs)}`,
      ratio: fmtRatio(load.p99 / limits.fsyncMs),
      goal: 'p99 reported',
      verdict: 'n/a',
    },
    {
      section: '3',
      what: `master under load, ${label}, against a server that does nothing with the same requests`,
      figure: fmtRate(load.rate, ' sales/s'),
      against: `trivial HTTP server ${fmtRate(httpRate, ' requests/s')}`,
      ratio: fmtRatio(load.rate / httpRate),
      goal: 'reported',
      verdict: 'n/a',
    },
    ...againstPgGroupCommit(limits, load, label),
  ];
}

/** The peer the issue names: PostgreSQL's own group commit of raw inserts, on the same cores. */
function againstPgGroupCommit(limits: Limits, load: Load, label: string): Row[] {
  const group = limits.pgGroupCommitPerSecond;
  if (group === undefined) return [];
  return [
    {
      section: '3',
      what: `master under load, ${label}, against PostgreSQL's own group commit`,
      figure: fmtRate(load.rate, ' sales/s'),
      against: `${PG_GROUP_CONNECTIONS} connections of raw one-row inserts ${fmtRate(group, ' rows/s')}`,
      ratio: fmtRatio(load.rate / group),
      goal: 'reported',
      verdict: 'n/a',
    },
  ];
}

function describeRun(load: Load, label: string): string {
  return (
    `${label}: ${load.perCommit.toFixed(1)} sale requests per group commit in the last repetition` +
    (load.refused > 0 ? `, ${load.refused} sales not confirmed` : '')
  );
}

/**
 * The CPU a confirmed sale costs, measured in the same repetition: with every process on the
 * same cores, the cores cap the rate whatever the disk allows.
 */
function describeCpu(load: Load, label: string, cores: number, fsyncPerSecond: number): string {
  const perSale = load.masterCpuUs + load.registersCpuUs;
  const ceiling = (cores * 1_000_000) / perSale;
  return `${label}: ${fmtUs(load.masterCpuUs)} in the master's process and ${fmtUs(load.registersCpuUs)} in the registers' process per confirmed sale, so ${cores} cores allow at most ${fmtRate(ceiling, ' sales/s')} (${fmtRatio(ceiling / fsyncPerSecond)} the fsync rate) even with a disk that cost nothing`;
}

const fmtUs = (us: number) => `${Math.round(us)} µs of CPU`;

export async function masterLoad(ctx: Context): Promise<Section> {
  const limits = ctx.requireLimits();
  const { loadRegisters, loadSeconds } = ctx.sizes;
  const reps = Math.min(3, ctx.sizes.reps);
  const httpLoads: HttpLoad[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    httpLoads.push(await trivialHttpLoad(loadRegisters, loadSeconds));
  }
  const httpRate = median(httpLoads.map((load) => load.perSecond));
  const lastHttp = httpLoads.at(-1);
  const both = await onBothMasters(
    ctx,
    '3',
    (database) => measureLoad(ctx, database),
    (load, label) => rowsFor(limits, loadRegisters, httpRate, load, label),
  );
  const httpRatio = httpRate / limits.fsyncPerSecond;
  const runs = [describeRun(both.sqlite, 'SQLite')];
  if (both.postgres) runs.push(describeRun(both.postgres, 'PostgreSQL'));
  const cores = availableParallelism();
  const cpu = [describeCpu(both.sqlite, 'SQLite', cores, limits.fsyncPerSecond)];
  if (both.postgres) {
    cpu.push(
      `${describeCpu(both.postgres, 'PostgreSQL', cores, limits.fsyncPerSecond)} (PostgreSQL's own server processes not counted)`,
    );
  }
  const pgCommit = limits.pgCommitPerSecond;
  return {
    rows: [
      {
        section: '3',
        what: `limit of 3: ${loadRegisters} clients at once, one request each in turn, to an HTTP server that does nothing`,
        figure: fmtRate(httpRate, ' requests/s'),
        against: `fsync ${fmtRate(limits.fsyncPerSecond)}`,
        ratio: fmtRatio(httpRatio),
        goal: 'reported',
        verdict: 'n/a',
      },
      ...both.rows,
    ],
    notes: [
      `3: the server that does nothing (bench/servers/trivial-http.ts, node:http in its own process) answers ${loadRegisters} undici clients in one process, each sending a 500-byte POST as soon as its last answer came, for ${loadSeconds} s, median of ${reps}: every strong sale is one such request, so no master confirms more sales a second than that on these cores, whatever its disk does (${fmtRatio(httpRatio)} the fsync rate here${httpRatio < 3 ? ', below the goal' : ''}).${lastHttp ? ` Such a request cost ${fmtUs(lastHttp.serverCpuUs)} in the server's process and ${fmtUs(lastHttp.clientsCpuUs)} in the clients' process in the last repetition, against a confirmed sale's figures below.` : ''}`,
      `3: ${loadRegisters} registers (each a Ledger in memory + its own MasterClient, enrolled with its own origin) in one process, closed loop (each sells again as soon as its sale is confirmed) for ${loadSeconds} s, median of ${reps}; the master in its own process, on a fresh database each; ${runs.join('; ')}.`,
      ...(both.postgres && pgCommit
        ? [
            `3: the ${PG_LABEL} confirmed ${fmtRatio(both.postgres.rate / pgCommit)} the rate of PostgreSQL's own one-connection autocommit inserts (${fmtRate(pgCommit)}) and ${fmtRatio(both.postgres.rate / both.sqlite.rate)} the SQLite master's rate in this run; PostgreSQL's server processes share the same cores as the master and the 32 registers.`,
          ]
        : []),
      `3: CPU per confirmed sale in the last repetition: ${cpu.join('; ')}.`,
      ...both.notes,
    ],
  };
}

// The machine's own limits, measured first in the same run: every figure after is a ratio to one
// of these, because absolute numbers drift on a shared machine and ratios taken together hold.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { Child } from '../lib/child.js';
import { PG_GROUP_CONNECTIONS, type Context, type Limits } from '../lib/context.js';
import { openRawDatabase, RAW_WARM_UP_COMMITS, RawInserter } from '../lib/raw-sqlite.js';
import { fmtMs, fmtRate, fmtRatio } from '../lib/format.js';
import type { Section } from '../lib/report.js';
import { median, nowMs, percentile } from '../lib/stats.js';

const TRIVIAL_HTTP = fileURLToPath(new URL('../servers/trivial-http.ts', import.meta.url));

/** One small write and fsync per iteration: what one durable commit costs at best. */
export function fsyncLatencies(dir: string, count: number): number[] {
  const fd = openSync(join(dir, 'fsync.bin'), 'w');
  const block = Buffer.alloc(512, 7);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i += 1) {
      const start = nowMs();
      writeSync(fd, block, 0, block.length, (i % 8) * 512);
      fsyncSync(fd);
      samples.push(nowMs() - start);
    }
  } finally {
    closeSync(fd);
  }
  return samples;
}

/** Rows shaped like the master's events (same columns, canonical body, same indexes), one transaction. */
export function rawBulkInsertRate(path: string, count: number): number {
  const db = openRawDatabase(path);
  try {
    db.exec(`CREATE TABLE events (
      master_seq INTEGER PRIMARY KEY AUTOINCREMENT, origin_id TEXT NOT NULL, seq INTEGER NOT NULL,
      hlc TEXT NOT NULL, store_id TEXT NOT NULL, isbn TEXT NOT NULL, kind TEXT NOT NULL,
      body TEXT NOT NULL, ref_origin_id TEXT, ref_seq INTEGER, received_at TEXT NOT NULL,
      UNIQUE (origin_id, seq)) STRICT;
      CREATE INDEX events_by_title ON events (store_id, isbn);`);
    const insert = db.prepare(
      'INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const originId = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    const rows = Array.from({ length: count }, (_, i) => {
      const hlc = `${String(1_700_000_000_000 + i).padStart(15, '0')}.00000`;
      const isbn = `97803064${String(i % 10_000).padStart(5, '0')}`;
      return [
        originId,
        i + 1,
        hlc,
        'uptown',
        isbn,
        'SALE',
        `{"actor":"amy","hlc":"${hlc}","isbn":"${isbn}","kind":"SALE","originId":"${originId}","qty":1,"receiptId":"r-${i + 1}","seq":${i + 1},"storeId":"uptown","unitPriceCents":1299}`,
        '2026-01-01T00:00:00.000Z',
      ] as const;
    });
    const start = nowMs();
    db.transaction(() => {
      for (const row of rows) insert.run(...row);
    })();
    return count / ((nowMs() - start) / 1000);
  } finally {
    db.close();
  }
}

export async function httpRoundTrips(count: number): Promise<number[]> {
  const server = await Child.start<{ url: string }>(TRIVIAL_HTTP, []);
  const pool = new Pool(server.ready.url, { connections: 1 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < count + 50; i += 1) {
      const start = nowMs();
      const response = await pool.request({ method: 'GET', path: '/' });
      await response.body.text();
      if (i >= 50) samples.push(nowMs() - start);
    }
  } finally {
    await pool.close();
    await server.stop();
  }
  return samples;
}

/** PostgreSQL's own commit rate, for the sections that also run a PostgreSQL master. */
async function pgLimit(
  ctx: Context,
  reps: number,
  perRep: number,
): Promise<{
  measured?: { perSecond: number; medianMs: number; groupPerSecond: number };
  note: string;
}> {
  const state = await ctx.postgres.availability();
  if (!state.available) {
    return { note: `Limits: PostgreSQL not measured: ${state.reason}.` };
  }
  const rates: number[] = [];
  const medians: number[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    const { perSecond, medianMs } = await ctx.postgres.rawCommits(perRep);
    rates.push(perSecond);
    medians.push(medianMs);
  }
  const groupReps = Math.min(3, reps);
  const groupSeconds = ctx.quick ? 1 : 2;
  const groupRates: number[] = [];
  for (let rep = 0; rep < groupReps; rep += 1) {
    groupRates.push(await ctx.postgres.rawGroupCommits(PG_GROUP_CONNECTIONS, groupSeconds));
  }
  return {
    measured: {
      perSecond: median(rates),
      medianMs: median(medians),
      groupPerSecond: median(groupRates),
    },
    note: `Limits: PostgreSQL from ${state.source}; ${perRep} autocommit one-row inserts per repetition on one connection (node-postgres), each a commit and a WAL flush, median of ${reps}; its group commit: the same inserts from ${PG_GROUP_CONNECTIONS} connections at once, each inserting again as soon as its last commit returned, for ${groupSeconds} s, median of ${groupReps}.`,
  };
}

export async function measureLimits(ctx: Context): Promise<Section> {
  const { reps } = ctx.sizes;
  const fsyncRates: number[] = [];
  const fsyncMedians: number[] = [];
  const inserts: number[] = [];
  const bulks: number[] = [];
  const rtts: number[] = [];
  const rttTails: number[] = [];
  const perRep = ctx.quick ? 100 : 300;
  for (let rep = 0; rep < reps; rep += 1) {
    const dir = ctx.scratch('limits');
    const fsyncs = fsyncLatencies(dir, perRep);
    fsyncRates.push(1000 / (fsyncs.reduce((a, b) => a + b, 0) / fsyncs.length));
    fsyncMedians.push(median(fsyncs));
    const inserter = new RawInserter(join(dir, 'single.db'));
    inserts.push(inserter.rate(perRep));
    inserter.close();
    bulks.push(rawBulkInsertRate(join(dir, 'bulk.db'), ctx.quick ? 20_000 : 100_000));
    const trips = await httpRoundTrips(ctx.quick ? 500 : 2_000);
    rtts.push(median(trips));
    rttTails.push(percentile(trips, 99));
    ctx.discard(dir);
  }
  const limits: Limits = {
    fsyncPerSecond: median(fsyncRates),
    fsyncMs: median(fsyncMedians),
    rawInsertPerSecond: median(inserts),
    httpRoundTripMs: median(rtts),
    httpRoundTripP99Ms: median(rttTails),
    bulkInsertPerSecond: median(bulks),
  };
  const pg = ctx.usesPostgres ? await pgLimit(ctx, reps, perRep) : undefined;
  if (pg?.measured) {
    limits.pgCommitPerSecond = pg.measured.perSecond;
    limits.pgCommitMs = pg.measured.medianMs;
    limits.pgGroupCommitPerSecond = pg.measured.groupPerSecond;
  }
  ctx.limits = limits;
  const row = (what: string, figure: string) => ({
    section: 'limit',
    what,
    figure,
    against: '—',
    ratio: '—',
    goal: '—',
    verdict: 'n/a' as const,
  });
  return {
    rows: [
      row(
        'fsync: 512 B write + fsync, data disk',
        `${fmtRate(limits.fsyncPerSecond)} (${fmtMs(limits.fsyncMs)} each)`,
      ),
      row(
        'raw better-sqlite3 single-row insert, WAL + FULL',
        fmtRate(limits.rawInsertPerSecond, ' rows/s'),
      ),
      row(
        'raw HTTP round trip, undici → node:http, loopback, p50 / p99',
        `${fmtMs(limits.httpRoundTripMs)} / ${fmtMs(limits.httpRoundTripP99Ms)}`,
      ),
      row(
        'raw better-sqlite3 bulk insert, event-shaped rows',
        fmtRate(limits.bulkInsertPerSecond, ' rows/s'),
      ),
      ...(pg
        ? [
            row(
              'raw PostgreSQL single-row insert, autocommit, 1 connection',
              pg.measured
                ? `${fmtRate(pg.measured.perSecond, ' rows/s')} (${fmtMs(pg.measured.medianMs)} each)`
                : 'not measured: PostgreSQL unavailable',
            ),
            row(
              `raw PostgreSQL single-row insert, autocommit, ${PG_GROUP_CONNECTIONS} connections at once (its group commit)`,
              pg.measured
                ? `${fmtRate(pg.measured.groupPerSecond, ' rows/s')} (${fmtRatio(pg.measured.groupPerSecond / limits.fsyncPerSecond)} the fsync rate)`
                : 'not measured: PostgreSQL unavailable',
            ),
          ]
        : []),
    ],
    notes: [
      `Limits: median of ${reps} repetitions; fsync and single-row inserts ${perRep} per repetition, the inserts after ${RAW_WARM_UP_COMMITS} not timed on the same database, so its WAL has started over once and is overwritten in place, as a ledger's is once it has been selling for a while.`,
      ...(pg ? [pg.note] : []),
    ],
  };
}

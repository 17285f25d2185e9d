// What every section gets: the run's sizes, a scratch directory on the data disk, the machine's
// limits once measured, and a log line for progress.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchPostgres } from './postgres.js';

export interface Limits {
  /** Small write + fsync per second, and the median latency of one. */
  fsyncPerSecond: number;
  fsyncMs: number;
  /** better-sqlite3, WAL + synchronous=FULL, one row per transaction. */
  rawInsertPerSecond: number;
  /** One HTTP round trip on loopback with undici to a trivial node:http server. */
  httpRoundTripMs: number;
  /** Its 99th percentile: the tail any request on this machine shares, whatever it does. */
  httpRoundTripP99Ms: number;
  /** better-sqlite3 rows per second inserted in one transaction, rows shaped like events. */
  bulkInsertPerSecond: number;
  /** PostgreSQL autocommit single-row inserts on one connection; absent without PostgreSQL. */
  pgCommitPerSecond?: number;
  pgCommitMs?: number;
  /** The same inserts from PG_GROUP_CONNECTIONS connections at once: PostgreSQL's group commit. */
  pgGroupCommitPerSecond?: number;
}

/** Connections of PostgreSQL's own group commit, as the issue measured it. */
export const PG_GROUP_CONNECTIONS = 16;

export interface Sizes {
  reps: number;
  localSales: number;
  strongSales: number;
  loadRegisters: number;
  loadSeconds: number;
  batchEvents: number;
  batchReps: number;
  pouchReps: number;
  repairMasterEvents: number;
  repairs: number;
  scaleSmall: number;
  scaleLarge: number;
  stocktakeTitles: number;
}

export const FULL: Sizes = {
  reps: 5,
  // Each repetition spans several of the ledger's WAL checkpoint cycles (1,000 frames, about 130
  // sales), so its median carries their cost rather than falling between two of them.
  localSales: 2_000,
  strongSales: 300,
  loadRegisters: 32,
  loadSeconds: 5,
  batchEvents: 100_000,
  batchReps: 3,
  pouchReps: 2,
  repairMasterEvents: 1_000_000,
  repairs: 300,
  scaleSmall: 10_000,
  scaleLarge: 5_000_000,
  stocktakeTitles: 50_000,
};

export const QUICK: Sizes = {
  reps: 3,
  localSales: 40,
  strongSales: 60,
  loadRegisters: 32,
  loadSeconds: 2,
  batchEvents: 10_000,
  batchReps: 1,
  pouchReps: 1,
  repairMasterEvents: 100_000,
  repairs: 60,
  scaleSmall: 10_000,
  scaleLarge: 200_000,
  stocktakeTitles: 5_000,
};

export class Context {
  limits: Limits | undefined;
  private readonly dirs: string[] = [];

  constructor(
    readonly sizes: Sizes,
    readonly quick: boolean,
    private readonly root: string,
    /** The PostgreSQL for the sections that also measure a PostgreSQL master. */
    readonly postgres: BenchPostgres,
    /** Whether any section of this run measures a PostgreSQL master (the limits then include it). */
    readonly usesPostgres: boolean,
  ) {}

  /** A fresh directory under the run's scratch root, removed at the end of the run. */
  scratch(name: string): string {
    const dir = mkdtempSync(join(this.root, `${name}-`));
    this.dirs.push(dir);
    return dir;
  }

  /** Frees a scratch directory early (the 5-million-event master is gigabytes). */
  discard(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }

  log(message: string): void {
    process.stderr.write(`  ${message}\n`);
  }

  requireLimits(): Limits {
    if (!this.limits) throw new Error('the machine limits were not measured');
    return this.limits;
  }
}

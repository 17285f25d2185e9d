// WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the COMMIT that
// crosses its threshold: that commit then also copies every page the WAL holds back into the
// database file and syncs it. On a large database whose writes land on random index pages that is
// the slowest part of the commit, and the caller waits for it. Here the writer's connection never
// checkpoints on its own (wal_autocheckpoint=0); a worker thread with a connection of its own runs
// PASSIVE checkpoints, which never block the writer nor wait for it.
//
// Durability is untouched: a commit is durable once its frames are in the WAL (synchronous=FULL
// syncs them before COMMIT returns); a checkpoint only copies durable frames into the database
// file, and one cut short by a crash is redone from the WAL when the file is next opened.
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './database.js';

/** Slots of the Int32Array shared with the worker. */
const KICKS = 0;
const STOP = 1;
const PASSES = 2;
/** 1 while the worker runs a pass. */
const RUNNING = 3;
/** 1 while the writer checkpoints itself: the worker starts no pass. */
const HOLD = 4;
const SLOTS = 5;

/**
 * The wal-index header at the start of the -shm file (https://sqlite.org/walformat.html, stable
 * since SQLite 3.7): mxFrame, the frames written since the WAL last started over, at byte 16;
 * nBackfill, how many of them a checkpoint has copied, at byte 96. Both in native byte order,
 * little-endian on every platform the register ships for.
 */
const MX_FRAME_OFFSET = 16;
const N_BACKFILL_OFFSET = 96;

/**
 * The worker, as CommonJS source run with `eval`: no separate file to locate once bundled or run
 * from TypeScript sources. It wakes on a commit's kick (or every pollMs) and checkpoints once the
 * frames waiting to be copied reach the threshold. A pass that commits raced with is followed by
 * up to maxChase more straight away, until at most catchUpFrames are left: the WAL only starts
 * over from its beginning (rather than grow) when a writer begins after every frame was copied,
 * and under back-to-back commits a pass never copies the frames written while it ran. The writer
 * copies those last few itself (see afterCommit).
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const Database = require(workerData.modulePath);
const shared = new Int32Array(workerData.shared);
const [KICKS, STOP, PASSES, RUNNING, HOLD] = [0, 1, 2, 3, 4];
const db = new Database(workerData.path, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('synchronous = FULL');
// The writer's thread opened the -shm file and owns the descriptor (see WalCheckpointer.shm).
const shm = workerData.shmFd;
const header = Buffer.alloc(100);
function framesWaiting() {
  if (readSync(shm, header, 0, 100, 0) < 100) return 0;
  return Math.max(0, header.readUInt32LE(${MX_FRAME_OFFSET}) - header.readUInt32LE(${N_BACKFILL_OFFSET}));
}
while (Atomics.load(shared, STOP) === 0) {
  // Woken by a commit's kick, or after pollMs for a writer that does not kick.
  if (Atomics.exchange(shared, KICKS, 0) === 0) Atomics.wait(shared, KICKS, 0, workerData.pollMs);
  for (let pass = 0; pass <= workerData.maxChase && Atomics.load(shared, STOP) === 0; pass += 1) {
    const waiting = framesWaiting();
    if (pass === 0 ? waiting < workerData.thresholdFrames : waiting <= workerData.catchUpFrames) break;
    // RUNNING before HOLD is read here, HOLD before RUNNING on the writer's side: one of the two
    // always sees the other, so a pass never overlaps the writer's own checkpoint.
    Atomics.store(shared, RUNNING, 1);
    const held = Atomics.load(shared, HOLD) === 1;
    const result = held ? undefined : db.pragma('wal_checkpoint(PASSIVE)')[0];
    Atomics.store(shared, RUNNING, 0);
    Atomics.notify(shared, RUNNING);
    if (!result) break;
    Atomics.add(shared, PASSES, 1);
    // Held back by a reader: copying again cannot help before it ends.
    if (result.checkpointed < result.log) break;
  }
}
db.close();
`;

export interface WalCheckpointerOptions {
  /** The writer's connection: its automatic checkpoint is turned off while this runs. */
  db: SqliteDatabase;
  /** The database file both connections open. */
  path: string;
  /** The better-sqlite3 native build for this process (Electron's ABI differs from Node's). */
  nativeBinding?: string;
  /** Frames waiting in the WAL before the worker copies them (SQLite's own default: 1,000). */
  thresholdFrames?: number;
  /**
   * The WAL may not hold more than this: if the worker cannot make it start over (commits racing
   * every pass), the writer checkpoints itself at its next commit that does not find a pass under
   * way, or at once past twice this.
   */
  hardLimitBytes?: number;
  /**
   * Frames the worker leaves for the writer to copy, so that a WAL written back to back still
   * starts over: a copy this small costs the writer's commit well under a millisecond, against
   * appending every later commit to an ever-longer file (a commit that grows the file syncs its
   * size too: sales back to back ran at 0.45x against 0.64x of a raw insert on a fresh file).
   */
  catchUpFrames?: number;
  /**
   * For a writer that does not call afterCommit: the worker looks at the WAL this often, and the
   * hard limit is enforced on a timer of `limitCheckMs`.
   */
  pollMs?: number;
  limitCheckMs?: number;
}

export interface WalCheckpointerStats {
  /** PASSIVE passes the worker ran. */
  passes: number;
  /** Times the writer woke the worker: only when a pass was due, not at every commit. */
  kicks: number;
  /** Times the writer checkpointed itself because the WAL passed the hard limit. */
  writerCheckpoints: number;
  /** Times the writer copied the few frames the worker's passes left, so the WAL starts over. */
  writerCatchUps: number;
  /** Copies by the writer that failed after a commit (the commit itself stood). */
  writerFailures: number;
}

export class WalCheckpointer {
  private readonly shared = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly worker: Worker;
  /** Resolves once the worker has closed its connection and ended. */
  readonly exited: Promise<void>;
  private readonly limitTimer: NodeJS.Timeout | undefined;
  private readonly hardLimitFrames: number;
  private readonly previousThreshold: number;
  private readonly catchUpFrames: number;
  private readonly thresholdFrames: number;
  private readonly header = Buffer.alloc(N_BACKFILL_OFFSET + 4);
  /**
   * One descriptor on the -shm file for both threads, closed only once the writer's connection is
   * closed and the worker has ended. Closing any descriptor of a file drops every POSIX lock the
   * process holds on it, SQLite's included: closed while a connection is open, another process
   * opening the database would find no reader, rebuild the -shm under the open connection (a
   * SIGBUS crashed the bench so) and could lose the WAL's frames. SQLite keeps its own descriptors
   * open for that reason; this one must too.
   */
  private readonly shm: number;
  private shmClosed = false;
  private writerClosed = false;
  private workerEnded = false;
  private writerCheckpointCount = 0;
  private writerCatchUpCount = 0;
  private kickCount = 0;
  private writerFailureCount = 0;
  private stopped = false;

  constructor(private readonly options: WalCheckpointerOptions) {
    const { db, path } = options;
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    this.hardLimitFrames = Math.max(1, Math.floor((options.hardLimitBytes ?? 64 << 20) / pageSize));
    this.catchUpFrames = options.catchUpFrames ?? 64;
    this.thresholdFrames = options.thresholdFrames ?? 1_000;
    this.previousThreshold = Number(db.pragma('wal_autocheckpoint', { simple: true }));
    db.pragma('wal_autocheckpoint = 0');
    // The -shm file exists while a connection in WAL mode is open; a read of the schema makes sure.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    this.shm = openSync(`${path}-shm`, 'r');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        shared: this.shared.buffer,
        shmFd: this.shm,
        path,
        modulePath: createRequire(import.meta.url).resolve('better-sqlite3'),
        nativeBinding: options.nativeBinding,
        thresholdFrames: this.thresholdFrames,
        // With kicks, a lost one (none is expected) is still looked at within a second.
        pollMs: options.pollMs ?? 1_000,
        maxChase: 4,
        catchUpFrames: this.catchUpFrames,
      },
    });
    // A storage left open must not keep its process alive.
    this.worker.unref();
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', () => {
        this.workerEnded = true;
        this.closeShmWhenUnused();
        resolve();
      }),
    );
    // The writer's close() stops the worker first, and frees the -shm descriptor once both closed.
    const closeConnection = db.close.bind(db);
    db.close = () => {
      this.stop();
      const closed = closeConnection();
      this.writerClosed = true;
      this.closeShmWhenUnused();
      return closed;
    };
    this.worker.on('error', () => {
      // The worker's connection failed (a disk error): checkpoints go back to the writer's COMMIT.
      if (db.open) db.pragma(`wal_autocheckpoint = ${this.previousThreshold}`);
    });
    if (options.limitCheckMs !== undefined) {
      this.limitTimer = setInterval(
        () => this.safely(() => this.readHeader() && this.enforceLimit()),
        options.limitCheckMs,
      );
      this.limitTimer.unref();
    }
  }

  /**
   * Call after each commit on the writer's connection, outside any transaction: wakes the worker
   * once enough frames wait for a pass; copies the last few frames if the worker's passes left only
   * those, so the WAL starts over at the next commit; and checkpoints here if the WAL passed its
   * hard limit.
   */
  afterCommit(): void {
    if (this.stopped) return;
    this.safely(() => this.checkpointIfDue());
  }

  /** Wakes the worker, which looks at the WAL and runs a pass if one is due. */
  private kick(): void {
    this.kickCount += 1;
    Atomics.add(this.shared, KICKS, 1);
    Atomics.notify(this.shared, KICKS);
  }

  /**
   * The writer's own copies run after a commit, which is durable already: one that fails (a disk
   * error) must not make its caller report a sale or a push as failed, to be made again, nor
   * crash the process from the timer. The WAL keeps the frames; a later pass copies them.
   */
  private safely(copy: () => unknown): void {
    try {
      copy();
    } catch {
      this.writerFailureCount += 1;
    }
  }

  private checkpointIfDue(): void {
    // The header first, and the worker woken only when a pass is due: waking it at every commit
    // cost the writer's thread about 0.1 ms a commit on 2 busy cores (the woken worker takes the
    // core, finds too few frames and sleeps again), a quarter of a read repair's local work.
    if (!this.readHeader()) {
      this.kick();
      return;
    }
    if (this.enforceLimit()) return;
    const frames = this.header.readUInt32LE(MX_FRAME_OFFSET);
    const copied = this.header.readUInt32LE(N_BACKFILL_OFFSET);
    if (frames - copied >= this.thresholdFrames) {
      this.kick();
      return;
    }
    // copied > 0: a pass ran since the WAL started over, and the worker stops chasing once this
    // few are left (a pass still under way is not waited for: a later commit looks again).
    const left = frames - copied;
    if (copied > 0 && left > 0 && left <= this.catchUpFrames && !this.passRunning()) {
      this.checkpointHere('PASSIVE');
      this.writerCatchUpCount += 1;
    }
  }

  stats(): WalCheckpointerStats {
    return {
      passes: Atomics.load(this.shared, PASSES),
      kicks: this.kickCount,
      writerCheckpoints: this.writerCheckpointCount,
      writerCatchUps: this.writerCatchUpCount,
      writerFailures: this.writerFailureCount,
    };
  }

  /**
   * Tells the worker to stop (it finishes a pass under way, then closes its connection) and gives
   * the writer back its automatic checkpoint. Synchronous, for a close() that cannot wait.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.limitTimer) clearInterval(this.limitTimer);
    Atomics.store(this.shared, STOP, 1);
    Atomics.notify(this.shared, KICKS);
    if (this.options.db.open) {
      this.options.db.pragma(`wal_autocheckpoint = ${this.previousThreshold}`);
    }
  }

  /** stop(), then waits for the worker to close its connection and end. */
  async close(): Promise<void> {
    // Unreferenced, the worker would not keep the process alive long enough to say it exited.
    this.worker.ref();
    this.stop();
    await this.exited;
  }

  /** After readHeader(): true if the WAL was past its hard limit and the writer checkpointed. */
  private enforceLimit(): boolean {
    const frames = this.header.readUInt32LE(MX_FRAME_OFFSET);
    if (frames <= this.hardLimitFrames) return false;
    // A pass under way will have copied most frames when it ends: the writer takes over at a
    // later commit rather than wait for it, unless the WAL has grown to twice its limit.
    if (this.passRunning() && frames <= 2 * this.hardLimitFrames) return false;
    this.checkpointHere('RESTART');
    this.writerCheckpointCount += 1;
    return true;
  }

  /**
   * Reads the wal-index header (frames written, frames copied) if the writer may checkpoint now:
   * open, and outside a transaction.
   */
  private readHeader(): boolean {
    const { db } = this.options;
    if (this.stopped || !db.open || db.inTransaction) return false;
    return readSync(this.shm, this.header, 0, this.header.length, 0) === this.header.length;
  }

  private closeShmWhenUnused(): void {
    if (this.shmClosed || !this.writerClosed || !this.workerEnded) return;
    this.shmClosed = true;
    closeSync(this.shm);
  }

  private passRunning(): boolean {
    return Atomics.load(this.shared, RUNNING) === 1;
  }

  /**
   * The fallback that bounds the WAL whatever the worker manages: waits for the worker's pass to
   * end (SQLite refuses a second checkpointer outright), copies what is left and makes the WAL
   * start over (RESTART: the file keeps its size, so later commits overwrite it rather than grow
   * it). It holds up the writer, which is why it is only the fallback; the worker has usually
   * copied most frames already. The catch-up copy is PASSIVE: what is left is a few frames, and
   * the next commit starts the WAL over by itself once every frame is copied.
   */
  private checkpointHere(mode: 'RESTART' | 'PASSIVE'): void {
    Atomics.store(this.shared, HOLD, 1);
    try {
      while (Atomics.load(this.shared, RUNNING) === 1) Atomics.wait(this.shared, RUNNING, 1, 100);
      this.options.db.pragma(`wal_checkpoint(${mode})`);
    } finally {
      Atomics.store(this.shared, HOLD, 0);
    }
  }
}

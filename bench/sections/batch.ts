// 4. The nightly batch end to end: a register on disk pushes its own events and pulls the chain's
// from a real master (runBatch over HTTP), against PouchDB replicating the same number of
// documents each way with an express-pouchdb server, measured in the same run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { receiveDelivery } from '../../app/ledger/stock-operations.js';
import { BATCH_PAGE_SIZE, runBatch } from '../../app/sync/batch.js';
import { bulkLoadMaster } from '../lib/bulk-load.js';
import { Child } from '../lib/child.js';
import type { Context } from '../lib/context.js';
import { fmtCount, fmtMs, fmtRate, fmtRatio } from '../lib/format.js';
import { benchTitles, openLedger } from '../lib/ledgers.js';
import { enrolledClient, startMaster } from '../lib/master.js';
import { ensurePeers, PEERS_DIR } from '../lib/peers.js';
import { verdict, type Section } from '../lib/report.js';
import { median, nowMs } from '../lib/stats.js';

// runBatch's own page size (the register's choice); PouchDB gets the same batch size.
const PAGE = BATCH_PAGE_SIZE;

async function oursOnce(
  ctx: Context,
  events: number,
): Promise<{
  ms: number;
  pushed: number;
  pulled: number;
  cpu: { register: number; master: number };
}> {
  const dir = ctx.scratch('batch');
  const isbns = benchTitles(300).map((title) => title.isbn);
  // The chain's events the register will pull: other tills of its store and another store.
  await bulkLoadMaster(join(dir, 'master.db'), {
    events,
    origins: 8,
    stores: ['uptown', 'riverside'],
    isbns,
  });
  const master = await startMaster(join(dir, 'master.db'));
  mkdirSync(join(dir, 'till'));
  const ledger = openLedger(join(dir, 'till'));
  try {
    const client = await enrolledClient(master, 'uptown', ledger.originId);
    // The register's own events (deliveries, at most 50,000 lines a delivery).
    ledger.transaction(() => {
      for (let done = 0; done < events; done += 50_000) {
        const lines = Math.min(50_000, events - done);
        receiveDelivery(ledger, {
          actor: 'receiving',
          reference: `bench ${done}`,
          lines: Array.from({ length: lines }, (_, i) => ({
            isbn: isbns[i % isbns.length] ?? '',
            qty: 1,
          })),
        });
      }
    });
    const masterCpu = await master.child.call<number>('cpu');
    const registerCpu = process.cpuUsage();
    const start = nowMs();
    const result = await runBatch(ledger, client);
    const ms = nowMs() - start;
    const { user, system } = process.cpuUsage(registerCpu);
    const cpu = {
      // The bench's process is the register's (its checkpoint worker thread included).
      register: (user + system) / 1000,
      master: ((await master.child.call<number>('cpu')) - masterCpu) / 1000,
    };
    await client.close();
    return { ms, pushed: result.pushed, pulled: result.pulled, cpu };
  } finally {
    ledger.close();
    await master.stop();
    ctx.discard(dir);
  }
}

async function pouchOnce(
  ctx: Context,
  documents: number,
): Promise<{ ms: number; pushed: number; pulled: number }> {
  const dir = ctx.scratch('pouch');
  const isbns = benchTitles(300)
    .map((title) => title.isbn)
    .join(',');
  mkdirSync(join(dir, 'server'));
  mkdirSync(join(dir, 'client'));
  const options = { typescript: false, cwd: PEERS_DIR };
  const server = await Child.start<{ url: string }>(
    join(PEERS_DIR, 'pouch-server.js'),
    [join(dir, 'server'), String(documents), isbns],
    options,
  );
  const client = await Child.start(
    join(PEERS_DIR, 'pouch-client.js'),
    [join(dir, 'client'), String(documents), isbns],
    options,
  );
  try {
    return await client.call('sync', { url: server.ready.url, batchSize: PAGE });
  } finally {
    await client.stop();
    await server.stop();
    ctx.discard(dir);
  }
}

export async function nightlyBatch(ctx: Context): Promise<Section> {
  const limits = ctx.requireLimits();
  const { batchEvents, batchReps, pouchReps } = ctx.sizes;
  const notes: string[] = [];
  const ours: number[] = [];
  const moved: number[] = [];
  const cpu: string[] = [];
  for (let rep = 0; rep < batchReps; rep += 1) {
    const run = await oursOnce(ctx, batchEvents);
    ctx.log(`runBatch: ${run.pushed} pushed, ${run.pulled} pulled in ${fmtMs(run.ms)}`);
    ours.push(run.ms);
    moved.push(run.pushed + run.pulled);
    cpu.push(`${fmtMs(run.cpu.register)} + ${fmtMs(run.cpu.master)}`);
  }
  const pouch: number[] = [];
  let pouchProblem: string | undefined;
  try {
    ensurePeers((message) => ctx.log(message));
    for (let rep = 0; rep < pouchReps; rep += 1) {
      const run = await pouchOnce(ctx, batchEvents);
      ctx.log(`PouchDB sync: ${run.pushed} pushed, ${run.pulled} pulled in ${fmtMs(run.ms)}`);
      pouch.push(run.ms);
    }
  } catch (error) {
    pouchProblem = error instanceof Error ? error.message : String(error);
    notes.push(`4: the PouchDB peer could not run: ${pouchProblem}`);
  }
  const ms = median(ours);
  const rate = (2 * batchEvents) / (ms / 1000);
  const pouchMs = median(pouch);
  const speedup = pouchMs / ms;
  const ofBulk = rate / limits.bulkInsertPerSecond;
  const size = `${fmtCount(batchEvents)} pushed + ${fmtCount(batchEvents)} pulled`;
  notes.push(
    `4: runBatch (page ${PAGE}) from a register whose ledger is on disk (WAL checkpoints in a worker thread, as Register.open runs it), to a master in its own process; median of ${batchReps}. Every run moved ${moved.join(', ')} events (pushed + pulled). The pull asks the feed to leave out the register's own events (the ${fmtCount(batchEvents)} it just pushed), which it used to carry back and recognise as its own; anti-entropy runs at the end, as every night. CPU per run, register + master: ${cpu.join('; ')}.`,
    `4: PouchDB ${'9'} (pouchdb-node, LevelDB on disk) syncing both ways (PouchDB.sync, batch_size ${PAGE}) with express-pouchdb 4 on express in its own process, LevelDB on disk; the same number of documents each way, each document the event's fields; median of ${pouchReps}.`,
  );
  return {
    rows: [
      {
        section: '4',
        what: `nightly batch ${size}, runBatch`,
        figure: fmtMs(ms),
        against: pouchProblem ? 'PouchDB: did not run' : `PouchDB sync ${fmtMs(pouchMs)}`,
        ratio: pouchProblem ? '—' : `${fmtRatio(speedup)} faster`,
        goal: '≥ 10x faster',
        verdict: pouchProblem ? 'ERROR' : verdict(speedup >= 10),
      },
      {
        section: '4',
        what: 'nightly batch, events moved per second',
        figure: fmtRate(rate, ' events/s'),
        against: `raw bulk insert ${fmtRate(limits.bulkInsertPerSecond, ' rows/s')}`,
        ratio: fmtRatio(ofBulk),
        goal: '≥ 0.50x',
        verdict: verdict(ofBulk >= 0.5),
      },
    ],
    notes,
  };
}

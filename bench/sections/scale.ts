// 6. Scale: the master's push, pull and per-title count with a small and a large log, and its
// memory while a register streams a full pull of the large one.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'undici';
import { formatHlc } from '../../app/ledger/hlc.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import type { TitleIndexStats } from '../../app/master/title-index.js';
import type { MasterClient } from '../../app/sync/master-client.js';
import { bulkLoadMaster } from '../lib/bulk-load.js';
import type { Context } from '../lib/context.js';
import { fmtBytes, fmtCount, fmtMs, fmtRate, fmtRatio } from '../lib/format.js';
import { benchTitles } from '../lib/ledgers.js';
import { enrolRegister, newOriginId, startMaster, type RunningMaster } from '../lib/master.js';
import { verdict, type Row, type Section } from '../lib/report.js';
import { median, nowMs } from '../lib/stats.js';

const PUSH_PAGE = 1_000;
/**
 * Pushes before the measured ones: enough to fill the master's recent title-index tier to its
 * steady size (16k entries at 5M), so every measured push also moves its slice of that tier.
 */
const WARMUP_PUSHES = 24;
const PULL_PAGE = 1_000;
const STREAM_PAGE = 5_000;

interface Figures {
  pushMs: number;
  /** The mean as well: a push that moves a slice of the title index costs more than one that does not. */
  pushMeanMs: number;
  pullMs: number;
  countMs: number;
  streamEventsPerSecond: number;
  rssGrowth: number;
  dbBytes: number;
  /** The master's title index over the measured pushes: slices moved, and its recent tier after. */
  titleIndex: TitleIndexStats | null;
  /** The master's WAL checkpointer over the pushes: worker passes, and fallbacks in the writer. */
  checkpoints: { passes: number; writerCheckpoints: number } | null;
}

/** A deterministic sequence, so both sizes read the same spread of positions. */
function positions(count: number, max: number): number[] {
  let state = 12345;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % Math.max(1, max);
  });
}

async function streamFullPull(
  master: RunningMaster,
  token: string,
): Promise<{ ms: number; events: number; rss: number }> {
  // A plain HTTP client: the figure is the master's memory, so the client does no more than read.
  const pool = new Pool(master.url, {
    connections: 1,
    bodyTimeout: 120_000,
    headersTimeout: 120_000,
  });
  const { baseline } = await master.child.call<{ baseline: number }>('rssStart');
  const start = nowMs();
  let after = 0;
  let events = 0;
  try {
    for (;;) {
      const response = await pool.request({
        method: 'GET',
        path: `/v1/feed?after=${after}&limit=${STREAM_PAGE}`,
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await response.body.json()) as {
        entries: unknown[];
        nextAfter: number;
        headSeq: number;
      };
      events += page.entries.length;
      after = page.nextAfter;
      if (page.entries.length === 0 || after >= page.headSeq) break;
    }
  } finally {
    await pool.close();
  }
  const ms = nowMs() - start;
  const { peak } = await master.child.call<{ baseline: number; peak: number }>('rssStop');
  return { ms, events, rss: peak - baseline };
}

async function measureAt(ctx: Context, size: number): Promise<Figures> {
  const dir = ctx.scratch(`scale-${size}`);
  const isbns = benchTitles(2_000).map((title) => title.isbn);
  const stores = ['s01', 's02', 's03', 's04'];
  const loadStart = nowMs();
  await bulkLoadMaster(join(dir, 'master.db'), { events: size, origins: 100, stores, isbns });
  ctx.log(`loaded ${fmtCount(size)} events in ${fmtMs(nowMs() - loadStart)}`);
  const dbBytes = statSync(join(dir, 'master.db')).size;
  const openStart = nowMs();
  const master = await startMaster(join(dir, 'master.db'));
  ctx.log(`master open (integrity check) in ${fmtMs(nowMs() - openStart)}`);
  const originId = newOriginId();
  let client: MasterClient | undefined;
  try {
    const enrolled = await enrolRegister(master, 's01', originId);
    client = enrolled.client;
    const { token } = enrolled;
    const reps = ctx.quick ? 5 : 11;
    // Pulls are cheap and each reads a different stretch of the log: more of them steady the median.
    const pullReps = ctx.quick ? 11 : 41;
    let seq = 0;
    const pushes: number[] = [];
    let titleIndexBefore: TitleIndexStats | null = null;
    for (let rep = -WARMUP_PUSHES; rep < reps; rep += 1) {
      if (rep === 0)
        titleIndexBefore = await master.child.call<TitleIndexStats | null>('titleIndex');
      const events: LedgerEvent[] = Array.from({ length: PUSH_PAGE }, (_, i) => {
        seq += 1;
        return {
          kind: 'DELIVERY',
          originId,
          seq,
          hlc: formatHlc({ ms: 1_800_000_000_000 + seq, counter: 0 }),
          storeId: 's01',
          isbn: isbns[(seq * 13) % isbns.length] ?? '',
          actor: 'receiving',
          qty: 3,
          reference: `PO-${rep}-${i}`,
        };
      });
      const start = nowMs();
      await client.push(events);
      if (rep >= 0) pushes.push(nowMs() - start);
    }
    const titleIndexAfter = await master.child.call<TitleIndexStats | null>('titleIndex');
    const titleIndex =
      titleIndexBefore && titleIndexAfter
        ? {
            slices: titleIndexAfter.slices - titleIndexBefore.slices,
            settledEntries: titleIndexAfter.settledEntries - titleIndexBefore.settledEntries,
            recent: titleIndexAfter.recent,
          }
        : null;
    ctx.log(`pushes at ${fmtCount(size)}, in order: ${pushes.map((ms) => fmtMs(ms)).join(', ')}`);
    const checkpoints = await master.child.call<Figures['checkpoints']>('checkpoints');
    const pulls: number[] = [];
    for (const after of positions(pullReps, size - PULL_PAGE)) {
      const start = nowMs();
      await client.feed(after, PULL_PAGE);
      pulls.push(nowMs() - start);
    }
    const counts: number[] = [];
    const countPositions = positions(ctx.quick ? 100 : 400, isbns.length);
    for (const [index, at] of countPositions.entries()) {
      const start = nowMs();
      await client.titleState(stores[index % stores.length] ?? 's01', isbns[at] ?? '');
      counts.push(nowMs() - start);
    }
    const stream = await streamFullPull(master, token);
    ctx.log(
      `full pull of ${fmtCount(stream.events)} events in ${fmtMs(stream.ms)}, RSS +${fmtBytes(stream.rss)}`,
    );
    return {
      pushMs: median(pushes),
      pushMeanMs: pushes.reduce((sum, ms) => sum + ms, 0) / pushes.length,
      pullMs: median(pulls),
      countMs: median(counts),
      streamEventsPerSecond: stream.events / (stream.ms / 1000),
      rssGrowth: stream.rss,
      dbBytes,
      checkpoints,
      titleIndex,
    };
  } finally {
    await client?.close();
    await master.stop();
    ctx.discard(dir);
  }
}

export async function scale(ctx: Context): Promise<Section> {
  const { scaleSmall, scaleLarge } = ctx.sizes;
  const small = await measureAt(ctx, scaleSmall);
  const large = await measureAt(ctx, scaleLarge);
  const label = `${fmtCount(scaleLarge)} vs ${fmtCount(scaleSmall)} events`;
  const row = (what: string, at: (f: Figures) => number, format: (n: number) => string): Row => {
    const ratio = at(large) / at(small);
    return {
      section: '6',
      what: `${what}, ${label}`,
      figure: format(at(large)),
      against: `${format(at(small))} at ${fmtCount(scaleSmall)}`,
      ratio: `${fmtRatio(ratio)} slower`,
      goal: '≤ 1.50x',
      verdict: verdict(ratio <= 1.5),
    };
  };
  const memoryBound = 64 * 1024 * 1024;
  return {
    rows: [
      row(`push of ${fmtCount(PUSH_PAGE)} events (one request)`, (f) => f.pushMs, fmtMs),
      row(`pull of a ${fmtCount(PULL_PAGE)}-event feed page`, (f) => f.pullMs, fmtMs),
      row('per-title count (GET /v1/stock)', (f) => f.countMs, fmtMs),
      {
        section: '6',
        what: `master RSS growth streaming a full pull of ${fmtCount(scaleLarge)} events`,
        figure: `+${fmtBytes(large.rssGrowth)}`,
        against: `database ${fmtBytes(large.dbBytes)}; +${fmtBytes(small.rssGrowth)} at ${fmtCount(scaleSmall)}`,
        ratio: fmtRatio(large.rssGrowth / large.dbBytes),
        goal: `bounded (≤ ${fmtBytes(memoryBound)})`,
        verdict: verdict(large.rssGrowth <= memoryBound),
      },
    ],
    notes: [
      `6: ${ctx.quick ? `**quick mode: ${fmtCount(scaleLarge)} events stand in for 5M**; ` : ''}each size is a fresh master bulk-loaded with valid events (100 tills, 4 stores, 2,000 titles), in its own process; pushes are the median of ${ctx.quick ? 5 : 11} requests, pulls of ${ctx.quick ? 11 : 41} from spread positions, the count a median of ${ctx.quick ? 100 : 400} requests. Full pull at ${fmtCount(scaleLarge)}: ${fmtRate(large.streamEventsPerSecond, ' events/s')} in pages of ${fmtCount(STREAM_PAGE)}, RSS sampled every 10 ms in the master.`,
      ...(large.titleIndex && small.titleIndex
        ? [
            `6: ${WARMUP_PUSHES} pushes not counted came first at each size, so a master whose log is large enough to tier its title index (256k events) had its recent tier at its steady size; the measured pushes took ${fmtMs(large.pushMeanMs)} on average at ${fmtCount(scaleLarge)} against ${fmtMs(small.pushMeanMs)} at ${fmtCount(scaleSmall)} (${fmtRatio(large.pushMeanMs / small.pushMeanMs)}); over them the master moved ${large.titleIndex.settledEntries} entries in ${large.titleIndex.slices} slices into the settled tier at ${fmtCount(scaleLarge)} (recent tier then ${large.titleIndex.recent} entries)${small.titleIndex.slices === 0 && small.titleIndex.recent === 0 ? `; at ${fmtCount(scaleSmall)} every entry went straight to the settled tier` : `, and ${small.titleIndex.settledEntries} in ${small.titleIndex.slices} at ${fmtCount(scaleSmall)} (${small.titleIndex.recent})`}.`,
          ]
        : []),
      ...(large.checkpoints
        ? [
            `6: the master checkpoints its WAL from a worker thread, off the push's commit: over the pushes at ${fmtCount(scaleLarge)} events its worker ran ${large.checkpoints.passes} passes, and the writer checkpointed itself ${large.checkpoints.writerCheckpoints} times (the WAL past its 64 MiB limit).`,
          ]
        : []),
    ],
  };
}

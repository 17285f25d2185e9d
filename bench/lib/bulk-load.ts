// Fills a fresh master database with valid events at SQLite speed, for the scale and read-repair
// figures (a million events pushed over HTTP would take longer than the benchmark itself). Each
// row is exactly what the master's writer stores for that event: the canonical JSON body, the
// held vector and the stock cache; a sample is read back and checked against the schema and
// canonical form.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import { ledgerEventSchema } from '../../app/protocol/events.js';
import { newOriginId } from './master.js';

export interface BulkSpec {
  events: number;
  /** Origins (registers) the events are spread over, round robin across `stores`. */
  origins: number;
  stores: readonly string[];
  isbns: readonly string[];
}

export interface BulkResult {
  origins: { originId: string; storeId: string; seqs: number }[];
  /** Problems found when reading a sample back; empty when every sampled row is valid. */
  problems: string[];
}

export const BULK_HLC_BASE = 1_700_000_000_000;

export async function bulkLoadMaster(dbPath: string, spec: BulkSpec): Promise<BulkResult> {
  const storage = SqliteMasterStorage.open({ path: dbPath });
  const db = storage.db;
  try {
    // Setup only: the load is not a measured write, so it need not wait for the disk.
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1000000');
    const before = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    if (before > 0)
      throw new Error(`${dbPath} already holds events: bulk load needs a fresh master`);
    const stores = spec.stores.map((storeId) => ({ storeId, name: `Store ${storeId}` }));
    db.prepare(
      'CREATE TEMP TABLE bench_titles (idx INTEGER PRIMARY KEY, isbn TEXT NOT NULL)',
    ).run();
    const addTitle = db.prepare('INSERT INTO bench_titles (idx, isbn) VALUES (?, ?)');
    const origins: BulkResult['origins'] = [];
    const perOrigin = Math.floor(spec.events / spec.origins);
    const remainder = spec.events - perOrigin * spec.origins;
    // Origin-major order with a stride through the titles: every title gets events from every
    // origin, and each origin's seqs are contiguous (as the master's log requires).
    const insert = db.prepare(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
      INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, received_at)
      SELECT @originId, i + 1, printf('%015d.00000', @hlcBase + i), @storeId, t.isbn,
        CASE WHEN i % 10 = 0 THEN 'DELIVERY' ELSE 'SALE' END,
        CASE WHEN i % 10 = 0 THEN
          printf('{"actor":"ivy","hlc":"%015d.00000","isbn":"%s","kind":"DELIVERY","originId":"%s","qty":12,"reference":"PO-%d","seq":%d,"storeId":"%s"}',
            @hlcBase + i, t.isbn, @originId, i + 1, i + 1, @storeId)
        ELSE
          printf('{"actor":"amy","hlc":"%015d.00000","isbn":"%s","kind":"SALE","originId":"%s","qty":1,"receiptId":"r-%s-%d","seq":%d,"storeId":"%s","unitPriceCents":1299}',
            @hlcBase + i, t.isbn, @originId, substr(@originId, 1, 8), i + 1, i + 1, @storeId)
        END,
        '2026-01-01T00:00:00.000Z'
      FROM n JOIN bench_titles t ON t.idx = (i * 7919 + @offset) % @titles`);
    db.transaction(() => {
      spec.isbns.forEach((isbn, index) => addTitle.run(index, isbn));
      for (let index = 0; index < spec.origins; index += 1) {
        const originId = newOriginId();
        const storeId = spec.stores[index % spec.stores.length] ?? 'uptown';
        const count = perOrigin + (index < remainder ? 1 : 0);
        if (count === 0) continue;
        insert.run({
          count,
          originId,
          storeId,
          hlcBase: BULK_HLC_BASE + index * 10_000_000,
          offset: index * 31,
          titles: spec.isbns.length,
        });
        origins.push({ originId, storeId, seqs: count });
      }
      db.exec(`
        INSERT INTO held (origin_id, seq) SELECT origin_id, max(seq) FROM events GROUP BY origin_id;
        INSERT INTO stock (store_id, isbn, on_hand, event_count, seq_sum)
          SELECT store_id, isbn, sum(CASE kind WHEN 'SALE' THEN -1 ELSE 12 END), count(*), sum(seq)
          FROM events GROUP BY store_id, isbn;
        DROP TABLE bench_titles;
      `);
    })();
    storage.rebuildTitleIndex();
    void storage.upsertStores(stores);
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { origins, problems: checkSample(storage) };
  } finally {
    db.pragma('synchronous = FULL');
    // Closed before the master's process opens the file: nothing of this one is left running.
    await storage.close();
    flushToDisk(dbPath);
  }
}

/**
 * The load ran without syncing, so the kernel may still be writing its gigabytes back while the
 * figures are taken. That is the likely cause of two full runs that had a pull at 5M at 1.53x and
 * 1.57x the pull at 10k, where runs of section 6 alone gave 0.93–1.10x; syncing here keeps the
 * load's writeback out of what is measured.
 */
function flushToDisk(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function checkSample(storage: SqliteMasterStorage): string[] {
  const problems: string[] = [];
  const head = (
    storage.db.prepare('SELECT max(master_seq) AS n FROM events').get() as { n: number }
  ).n;
  const read = storage.db.prepare('SELECT body FROM events WHERE master_seq = ?');
  for (const masterSeq of [1, 2, 10, 11, Math.floor(head / 2), head]) {
    const row = read.get(masterSeq) as { body: string } | undefined;
    if (!row) continue;
    const parsed = ledgerEventSchema.safeParse(JSON.parse(row.body));
    if (!parsed.success)
      problems.push(`event ${masterSeq} fails the schema: ${parsed.error.message}`);
    else if (canonicalEvent(parsed.data) !== row.body) {
      problems.push(`event ${masterSeq} is not in canonical form`);
    }
  }
  const mismatches = head <= 200_000 ? storage.checkStock() : [];
  if (mismatches.length > 0) problems.push(`${mismatches.length} stock rows differ from the fold`);
  return problems;
}

// `master migrate-to-postgres`: moves a chain from the SQLite master to PostgreSQL without losing or
// duplicating an event. Events keep their masterSeq, so every register's pull checkpoint stays
// valid. Each page of events is one PostgreSQL transaction (events, held, stock and the feed head
// together), so an interrupted copy resumes after the last page that committed, and running it
// again copies only what is new. A target holding anything but a prefix of the source is refused.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PoolClient } from 'pg';
import type { SqliteDatabase } from '../ledger/database.js';
import type { LedgerEvent } from '../protocol/events.js';
import { openMasterDatabase } from './master-database.js';
import { MasterDatabaseError } from './master-errors.js';
import { copyReferenceData } from './pg-copy-reference-data.js';
import { insertEventRows, lockHeld, saveHeld, type EventRow } from './pg-log-rows.js';
import { readHeadSeq } from './pg-event-reads.js';
import { inTransaction, redactedUrl } from './pg-pool.js';
import { PgMasterStorage } from './pg-storage.js';
import { applyInsertedEvents } from './pg-stock-cache.js';

export interface CopyOptions {
  /** The SQLite master's data directory (holding master.db). */
  dataDir: string;
  databaseUrl: string;
  /** Events per PostgreSQL transaction (default 5,000). */
  pageSize?: number;
  print: (line: string) => void;
  /** Called after each page committed; tests throw here to interrupt the copy. */
  afterPage?: (copiedSoFar: number) => void;
}

export interface CopyReport {
  /** Events already in PostgreSQL before this run, checked identical to the source's. */
  verified: number;
  copied: number;
  headSeq: number;
}

interface SourceRow {
  master_seq: number;
  body: string;
  received_at: string;
}

function openSource(dataDir: string): SqliteDatabase {
  const path = join(resolve(dataDir), 'master.db');
  if (!existsSync(path)) {
    throw new MasterDatabaseError(`There is no SQLite master at ${path}; check --data.`);
  }
  return openMasterDatabase({ path });
}

function notAPrefix(detail: string): MasterDatabaseError {
  return new MasterDatabaseError(
    `The PostgreSQL database already holds events that are not a prefix of this SQLite master's (${detail}). Nothing was copied. Point --database at an empty database or schema, or at one this command filled from the same SQLite master.`,
  );
}

/** Every event the target already holds must be the source's event at the same masterSeq. */
async function verifyPrefix(
  source: SqliteDatabase,
  target: PoolClient,
  pageSize: number,
): Promise<number> {
  const sourcePage = source.prepare<[number, number], { master_seq: number; body: string }>(
    'SELECT master_seq, body FROM events WHERE master_seq > ? ORDER BY master_seq LIMIT CAST(? AS INTEGER)',
  );
  let after = 0;
  let verified = 0;
  for (;;) {
    const rows = await target.query<{ master_seq: number; body: string }>(
      'SELECT master_seq, body FROM events WHERE master_seq > $1 ORDER BY master_seq LIMIT $2',
      [after, pageSize],
    );
    if (rows.rows.length === 0) return verified;
    const expected = sourcePage.all(after, rows.rows.length);
    rows.rows.forEach((row, index) => {
      const mine = expected[index];
      if (!mine) throw notAPrefix(`masterSeq ${row.master_seq} is not in the SQLite master`);
      if (mine.master_seq !== row.master_seq || mine.body !== row.body) {
        throw notAPrefix(`masterSeq ${row.master_seq} differs`);
      }
    });
    verified += rows.rows.length;
    after = rows.rows.at(-1)?.master_seq ?? after;
  }
}

/** One page: the same locks, in the same order, as a master's own writes. */
async function copyPage(target: PoolClient, rows: readonly SourceRow[], head: number) {
  const events = rows.map((row) => JSON.parse(row.body) as LedgerEvent);
  const held = await lockHeld(
    target,
    events.map((event) => event.originId),
  );
  const locked = await target.query<{ master_seq: number }>(
    'SELECT master_seq FROM feed_head FOR UPDATE',
  );
  if (locked.rows[0]?.master_seq !== head) {
    throw new MasterDatabaseError(
      'Another process wrote to the PostgreSQL master during the copy. Stop every master on it and run migrate-to-postgres again.',
    );
  }
  for (const event of events) {
    const current = held.get(event.originId) ?? 0;
    if (event.seq !== current + 1) {
      throw new MasterDatabaseError(
        `The SQLite master's log skips from ${event.originId}:${current} to seq ${event.seq}; it is damaged. Nothing of this page was copied.`,
      );
    }
    held.set(event.originId, event.seq);
  }
  const eventRows: EventRow[] = rows.map((row, index) => ({
    event: events[index] as LedgerEvent,
    body: row.body,
    masterSeq: row.master_seq,
    receivedAt: row.received_at,
  }));
  await insertEventRows(target, eventRows);
  await applyInsertedEvents(target, events);
  await saveHeld(target, held);
  const last = rows.at(-1)?.master_seq ?? head;
  await target.query('UPDATE feed_head SET master_seq = $1', [last]);
  return last;
}

/** After the copy: same head, same number of events, same vector, same counts. */
async function verifyCopy(
  source: SqliteDatabase,
  storage: PgMasterStorage,
  head: number,
): Promise<void> {
  const pool = storage.pool;
  const sourceHead = source
    .prepare('SELECT coalesce(max(master_seq), 0) AS head FROM events')
    .get() as { head: number };
  if (sourceHead.head !== head) {
    throw new MasterDatabaseError(
      `The SQLite master took more events during the copy (up to masterSeq ${sourceHead.head}). Stop it, then run migrate-to-postgres again to copy the rest.`,
    );
  }
  const sourceCount = source.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  const targetCount = await pool.query<{ n: number }>('SELECT count(*) AS n FROM events');
  const sourceHeld = source
    .prepare('SELECT origin_id, seq FROM held WHERE seq > 0 ORDER BY origin_id')
    .all() as { origin_id: string; seq: number }[];
  const targetHeld = await pool.query<{ origin_id: string; seq: number }>(
    'SELECT origin_id, seq FROM held WHERE seq > 0 ORDER BY origin_id COLLATE "C"',
  );
  const sourceStock = source
    .prepare('SELECT store_id, isbn, on_hand FROM stock WHERE on_hand <> 0 ORDER BY store_id, isbn')
    .all();
  const targetStock = await pool.query(
    `SELECT store_id, isbn, on_hand FROM stock WHERE on_hand <> 0
     ORDER BY store_id COLLATE "C", isbn COLLATE "C"`,
  );
  const problems = [
    targetCount.rows[0]?.n !== sourceCount.n && 'event counts differ',
    JSON.stringify(targetHeld.rows) !== JSON.stringify(sourceHeld) && 'held vectors differ',
    JSON.stringify(targetStock.rows) !== JSON.stringify(sourceStock) && 'stock counts differ',
  ].filter(Boolean);
  if (problems.length > 0) {
    throw new MasterDatabaseError(
      `The copy does not match the SQLite master (${problems.join(', ')}). Do not start the PostgreSQL masters; report this.`,
    );
  }
}

export async function copySqliteMasterToPostgres(options: CopyOptions): Promise<CopyReport> {
  const pageSize = options.pageSize ?? 5_000;
  const { print } = options;
  const source = openSource(options.dataDir);
  let storage: PgMasterStorage | undefined;
  try {
    storage = await PgMasterStorage.open({ url: options.databaseUrl, poolSize: 2 });
    const pool = storage.pool;
    print(
      `Copying the SQLite master in ${resolve(options.dataDir)} to ${redactedUrl(options.databaseUrl)}`,
    );
    const verified = await inTransaction(pool, (client) => verifyPrefix(source, client, pageSize));
    const reference = await inTransaction(pool, (client) => copyReferenceData(source, client));
    print(
      `  ${reference.stores} stores, ${reference.titles} titles, ${reference.registers} registers (${reference.origins} origins), ${reference.codes} enrolment codes`,
    );
    const total = (source.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    if (verified > 0) print(`  ${verified} events already in PostgreSQL, checked identical`);

    const nextPage = source.prepare<[number, number], SourceRow>(
      'SELECT master_seq, body, received_at FROM events WHERE master_seq > ? ORDER BY master_seq LIMIT CAST(? AS INTEGER)',
    );
    let head = await readHeadSeq(pool);
    let copied = 0;
    for (;;) {
      const rows = nextPage.all(head, pageSize);
      if (rows.length === 0) break;
      const from = head;
      head = await inTransaction(pool, (client) => copyPage(client, rows, from));
      copied += rows.length;
      print(`  events ${verified + copied}/${total} (masterSeq ${head})`);
      options.afterPage?.(copied);
    }
    await verifyCopy(source, storage, head);
    print(
      `Done: ${verified + copied} events up to masterSeq ${head} (${copied} copied now); held vectors and counts match.`,
    );
    return { verified, copied, headSeq: head };
  } finally {
    source.close();
    await storage?.close();
  }
}

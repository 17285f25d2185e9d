// What the PostgreSQL master reads from its log: the feed, counts with the vector they reflect,
// read-repair ranges and digests. Reads that must describe one moment run in one snapshot.
import type { Pool, PoolClient } from 'pg';
import type { LedgerEvent, VersionVector } from '../protocol/events.js';
import type { FeedSkip, TitleDigest } from '../protocol/wire.js';
import { feedNextAfter, feedScanEnd, feedSkipParams } from './feed-bounds.js';
import { inTransaction } from './pg-pool.js';
import type { FeedPage, RepairView, StoreOnHand, TitleState } from './storage.js';

type Queryable = Pool | PoolClient;

const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

export async function readHeadSeq(db: Queryable): Promise<number> {
  const result = await db.query<{ master_seq: number }>('SELECT master_seq FROM feed_head');
  return result.rows[0]?.master_seq ?? 0;
}

/**
 * Safe with several writing processes: masterSeqs are handed out under feed_head's lock in commit
 * order (see pg-event-writer.ts), so this one statement's snapshot holds every masterSeq below the
 * highest it returns, and a reader paging by masterSeq never steps over one committed later.
 */
export async function readFeed(
  db: Queryable,
  after: number,
  limit: number,
  skip?: FeedSkip,
): Promise<FeedPage> {
  // Read first: every masterSeq up to the head is committed, so the page, read after in its own
  // snapshot and bounded by it, holds all of them.
  const headSeq = await readHeadSeq(db);
  const scanEnd = feedScanEnd(after, limit, headSeq);
  const page = await db.query<{ master_seq: number; body: string }>(
    `SELECT master_seq, body FROM events
     WHERE master_seq > $1 AND master_seq <= $2 AND NOT (origin_id = $3 AND seq <= $4)
     ORDER BY master_seq LIMIT $5`,
    [after, scanEnd, ...feedSkipParams(skip), limit],
  );
  const entries = page.rows.map((row) => ({
    masterSeq: row.master_seq,
    event: JSON.parse(row.body) as LedgerEvent,
  }));
  const nextAfter = feedNextAfter(entries.at(-1)?.masterSeq, entries.length, limit, scanEnd);
  return { entries, nextAfter, headSeq };
}

const VECTOR_SQL = `SELECT coalesce(jsonb_object_agg(origin_id, seq), '{}'::jsonb) FROM held WHERE seq > 0`;

export async function readTitleState(
  db: Queryable,
  storeId: string,
  isbn: string,
): Promise<TitleState> {
  // One statement, one snapshot: the count and the vector describe the same moment.
  const result = await db.query<{ on_hand: number | null; vector: VersionVector }>(
    `SELECT (SELECT on_hand FROM stock WHERE store_id = $1 AND isbn = $2) AS on_hand,
       (${VECTOR_SQL}) AS vector`,
    [storeId, isbn],
  );
  const row = result.rows[0];
  return { onHand: row?.on_hand ?? 0, vector: row?.vector ?? {} };
}

export function readRepairView(
  pool: Pool,
  storeId: string,
  isbn: string,
  registerVector: VersionVector,
  limit: number,
): Promise<RepairView> {
  return inTransaction(
    pool,
    async (client) => {
      const { onHand } = await readTitleState(client, storeId, isbn);
      const origins = await client.query<{ origin_id: string; top: number }>(
        `SELECT origin_id, max(seq) AS top FROM events WHERE store_id = $1 AND isbn = $2
         GROUP BY origin_id ORDER BY origin_id COLLATE "C"`,
        [storeId, isbn],
      );
      const events: LedgerEvent[] = [];
      let complete = true;
      // Whole ranges per origin, not just the title's events, so the register's log stays
      // gap-free; they end at the last event that touches the title.
      for (const { origin_id: originId, top } of origins.rows) {
        const from = registerVector[originId] ?? 0;
        if (top <= from) continue;
        const room = limit - events.length;
        if (room <= 0 || top - from > room) complete = false;
        if (room <= 0) break;
        const range = await client.query<{ body: string }>(
          `SELECT body FROM events WHERE origin_id = $1 AND seq > $2 AND seq <= $3
           ORDER BY seq LIMIT $4`,
          [originId, from, top, room],
        );
        for (const row of range.rows) events.push(JSON.parse(row.body) as LedgerEvent);
      }
      return { onHand, events, complete };
    },
    SNAPSHOT,
  );
}

export function readTitleDigests(
  pool: Pool,
  storeId: string,
): Promise<{ headSeq: number; titles: TitleDigest[] }> {
  return inTransaction(
    pool,
    async (client) => {
      const rows = await client.query<{
        isbn: string;
        events: number;
        seq_sum: number;
        on_hand: number | null;
      }>(
        `SELECT e.isbn, count(*) AS events, sum(e.seq) AS seq_sum, s.on_hand FROM events e
         LEFT JOIN stock s ON s.store_id = e.store_id AND s.isbn = e.isbn
         WHERE e.store_id = $1 GROUP BY e.isbn, s.on_hand ORDER BY e.isbn COLLATE "C"`,
        [storeId],
      );
      return {
        headSeq: await readHeadSeq(client),
        titles: rows.rows.map((row) => ({
          isbn: row.isbn,
          onHand: row.on_hand ?? 0,
          events: row.events,
          seqSum: row.seq_sum,
        })),
      };
    },
    SNAPSHOT,
  );
}

export async function readAvailability(db: Queryable, isbn: string): Promise<StoreOnHand[]> {
  const result = await db.query<{ store_id: string; name: string; on_hand: number }>(
    `SELECT s.store_id, s.name, coalesce(k.on_hand, 0) AS on_hand FROM stores s
     LEFT JOIN stock k ON k.store_id = s.store_id AND k.isbn = $1
     ORDER BY s.name COLLATE "C", s.store_id COLLATE "C"`,
    [isbn],
  );
  return result.rows.map((row) => ({ storeId: row.store_id, name: row.name, onHand: row.on_hand }));
}

// The rows every write of events touches, shared by the group commit (pg-event-writer.ts) and the
// copy from SQLite: the held vector, the feed's head and the log itself. Lock order: see
// pg-event-writer.ts.
import type { PoolClient } from 'pg';
import { referencedEvent } from '../protocol/events.js';
import type { NewEvent } from './pg-append-judge.js';
import type { PgAppendItem } from './pg-group-plan.js';

/** Lock 1: one statement, rows in origin order; new origins get a row at seq 0. */
export async function lockHeld(
  client: PoolClient,
  origins: readonly string[],
): Promise<Map<string, number>> {
  const sorted = [...new Set(origins)].sort();
  if (sorted.length === 0) return new Map();
  const result = await client.query<{ origin_id: string; seq: number }>(
    `INSERT INTO held (origin_id, seq)
     SELECT origin_id, 0 FROM unnest($1::text[]) AS o(origin_id) ORDER BY origin_id
     ON CONFLICT (origin_id) DO UPDATE SET seq = held.seq
     RETURNING origin_id, seq`,
    [sorted],
  );
  return new Map(result.rows.map((row) => [row.origin_id, row.seq]));
}

/** Lock 2: reserves `count` masterSeqs after the head; returns the last. */
export async function reserveMasterSeqs(client: PoolClient, count: number): Promise<number> {
  const result = await client.query<{ master_seq: number }>(
    'UPDATE feed_head SET master_seq = master_seq + $1 RETURNING master_seq',
    [count],
  );
  const last = result.rows[0]?.master_seq;
  if (last === undefined) throw new Error('feed_head has no row: the schema is damaged');
  return last;
}

export interface EventRow extends NewEvent {
  masterSeq: number;
  /** ISO timestamp of the event's arrival at the master. */
  receivedAt: string;
}

export async function insertEventRows(
  client: PoolClient,
  rows: readonly EventRow[],
): Promise<void> {
  const refs = rows.map(({ event }) => referencedEvent(event));
  await client.query(
    `INSERT INTO events (master_seq, origin_id, seq, hlc, store_id, isbn, kind, body,
       ref_origin_id, ref_seq, received_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[],
       $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::timestamptz[])`,
    [
      rows.map((row) => row.masterSeq),
      rows.map(({ event }) => event.originId),
      rows.map(({ event }) => event.seq),
      rows.map(({ event }) => event.hlc),
      rows.map(({ event }) => event.storeId),
      rows.map(({ event }) => event.isbn),
      rows.map(({ event }) => event.kind),
      rows.map(({ body }) => body),
      refs.map((ref) => ref?.originId ?? null),
      refs.map((ref) => ref?.seq ?? null),
      rows.map((row) => row.receivedAt),
    ],
  );
}

export async function saveHeld(client: PoolClient, held: ReadonlyMap<string, number>) {
  if (held.size === 0) return;
  await client.query(
    `UPDATE held SET seq = v.seq FROM unnest($1::text[], $2::bigint[]) AS v(origin_id, seq)
     WHERE held.origin_id = v.origin_id`,
    [[...held.keys()], [...held.values()]],
  );
}

/** Bodies of the keys the group re-sends that were held before it began. */
export async function storedBodies(
  client: PoolClient,
  items: readonly PgAppendItem[],
  heldBefore: ReadonlyMap<string, number>,
): Promise<Map<string, string>> {
  const origins: string[] = [];
  const seqs: number[] = [];
  for (const { request } of items) {
    for (const event of request.events) {
      if (event.seq <= (heldBefore.get(event.originId) ?? 0)) {
        origins.push(event.originId);
        seqs.push(event.seq);
      }
    }
  }
  if (origins.length === 0) return new Map();
  const result = await client.query<{ origin_id: string; seq: number; body: string }>(
    `SELECT e.origin_id, e.seq, e.body FROM events e
     JOIN unnest($1::text[], $2::bigint[]) AS k(origin_id, seq) USING (origin_id, seq)`,
    [origins, seqs],
  );
  return new Map(result.rows.map((row) => [`${row.origin_id}:${row.seq}`, row.body]));
}

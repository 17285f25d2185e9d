// Writes a whole judged group in a few statements, whatever mix of strong sales and pushes it
// holds: take feed_head, read the touched counts (and any VOID aimed at the new events), count in
// memory, then one statement inserts every event, adds to every count, moves the head and saves
// held. Each statement is a round trip to the server, so a group of n strong sales costs the same
// five or so as a group of one, where writing them one by one cost some seven each.
import type { PoolClient } from 'pg';
import { referencedEvent } from '../protocol/events.js';
import { InvariantError } from '../shared/assert.js';
import {
  groupOutcomes,
  onHandKeys,
  planCounts,
  type GroupJudgement,
  type PgAppendOutcome,
} from './pg-group-plan.js';
import {
  splitKeys,
  titleBaseOf,
  titleKey,
  voidedKeyOf,
  type StockRow,
  type TitleBase,
  type VoidRow,
} from './pg-stock-cache.js';

/** Lock 2 (see pg-event-writer.ts), taken before the counts are read: stock is only written under it. */
async function lockFeedHead(client: PoolClient): Promise<number> {
  const result = await client.query<{ master_seq: number }>(
    'SELECT master_seq FROM feed_head FOR UPDATE',
  );
  const head = result.rows[0]?.master_seq;
  if (head === undefined) throw new Error('feed_head has no row: the schema is damaged');
  return head;
}

type BaseOrVoid = StockRow & { ref_origin_id: string | null; ref_seq: number | null };

/** The cached counts of `keys` and the VOIDs the log holds aimed at `events`, in one statement. */
async function readBasesAndVoids(
  client: PoolClient,
  keys: readonly string[],
  events: readonly { originId: string; seq: number }[],
): Promise<{ bases: Map<string, TitleBase>; voided: Set<string> }> {
  const [stores, isbns] = splitKeys(keys);
  const result = await client.query<BaseOrVoid>(
    `SELECT s.store_id, s.isbn, s.on_hand, s.stocktake_vector,
       NULL::text AS ref_origin_id, NULL::bigint AS ref_seq
     FROM stock s JOIN unnest($1::text[], $2::text[]) AS k(store_id, isbn) USING (store_id, isbn)
     UNION ALL
     SELECT e.store_id, e.isbn, NULL, NULL, e.ref_origin_id, e.ref_seq FROM events e
     JOIN unnest($3::text[], $4::bigint[]) AS t(origin_id, seq)
       ON e.ref_origin_id = t.origin_id AND e.ref_seq = t.seq
     WHERE e.kind = 'VOID'`,
    [stores, isbns, events.map((event) => event.originId), events.map((event) => event.seq)],
  );
  const bases = new Map<string, TitleBase>();
  const voided = new Set<string>();
  for (const row of result.rows) {
    if (row.ref_origin_id === null) bases.set(titleKey(row.store_id, row.isbn), titleBaseOf(row));
    else voided.add(voidedKeyOf(row as VoidRow));
  }
  return { bases, voided };
}

/** Counts without writing: for a group that brings nothing new. */
async function readHeadAndCounts(
  client: PoolClient,
  keys: readonly string[],
): Promise<{ head: number; counts: Map<string, number> }> {
  const [stores, isbns] = splitKeys(keys);
  const result = await client.query<{
    head: number;
    store_id: string | null;
    isbn: string | null;
    on_hand: number | null;
  }>(
    `SELECT h.master_seq AS head, s.store_id, s.isbn, s.on_hand FROM feed_head h
     LEFT JOIN (stock s JOIN unnest($1::text[], $2::text[]) AS k(store_id, isbn)
       USING (store_id, isbn)) ON true`,
    [stores, isbns],
  );
  const counts = new Map<string, number>();
  for (const row of result.rows) {
    if (row.store_id !== null && row.isbn !== null && row.on_hand !== null) {
      counts.set(titleKey(row.store_id, row.isbn), row.on_hand);
    }
  }
  return { head: result.rows[0]?.head ?? 0, counts };
}

/**
 * Writes the group, or returns undefined when some strong request would leave a count below zero
 * (nothing written: the caller then writes the requests one by one, refusing that one alone).
 * The caller holds the group's `held` rows; must not be given STOCKTAKE or VOID events.
 */
export async function writeMerged(
  client: PoolClient,
  size: number,
  group: GroupJudgement,
): Promise<PgAppendOutcome[] | undefined> {
  const { passed, failed, changed } = group;
  const wanted = onHandKeys(passed);
  const events = passed.flatMap(({ item, judgement }) =>
    judgement.accepted.map(({ event, body }) => ({ event, body, receivedAt: item.receivedAt })),
  );
  if (events.length === 0) {
    const { head, counts } = await readHeadAndCounts(client, wanted);
    return groupOutcomes(size, passed, failed, head, counts);
  }
  const before = await lockFeedHead(client);
  const touched = new Set(wanted);
  for (const { event } of events) touched.add(titleKey(event.storeId, event.isbn));
  const { bases, voided } = await readBasesAndVoids(
    client,
    [...touched],
    events.map(({ event }) => event),
  );
  const plan = planCounts(passed, bases, voided);
  if (!plan.ok) return undefined;

  const deltaKeys = [...plan.deltas.keys()];
  const [deltaStores, deltaIsbns] = splitKeys(deltaKeys);
  const refs = events.map(({ event }) => referencedEvent(event));
  const written = await client.query<{
    head: number;
    store_id: string | null;
    isbn: string | null;
    on_hand: number | null;
  }>(
    `WITH head AS (
       UPDATE feed_head SET master_seq = master_seq + $1 RETURNING master_seq
     ), inserted AS (
       INSERT INTO events (master_seq, origin_id, seq, hlc, store_id, isbn, kind, body,
         ref_origin_id, ref_seq, received_at)
       SELECT * FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::timestamptz[])
     ), counted AS (
       INSERT INTO stock (store_id, isbn, on_hand)
       SELECT * FROM unnest($13::text[], $14::text[], $15::bigint[])
       ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand
       RETURNING store_id, isbn, on_hand
     ), saved AS (
       UPDATE held SET seq = v.seq FROM unnest($16::text[], $17::bigint[]) AS v(origin_id, seq)
       WHERE held.origin_id = v.origin_id
     )
     SELECT h.master_seq AS head, c.store_id, c.isbn, c.on_hand FROM head h
     LEFT JOIN counted c ON true`,
    [
      events.length,
      events.map((_, index) => before + 1 + index),
      events.map(({ event }) => event.originId),
      events.map(({ event }) => event.seq),
      events.map(({ event }) => event.hlc),
      events.map(({ event }) => event.storeId),
      events.map(({ event }) => event.isbn),
      events.map(({ event }) => event.kind),
      events.map(({ body }) => body),
      refs.map((ref) => ref?.originId ?? null),
      refs.map((ref) => ref?.seq ?? null),
      events.map(({ receivedAt }) => receivedAt),
      deltaStores,
      deltaIsbns,
      deltaKeys.map((key) => plan.deltas.get(key) ?? 0),
      [...changed.keys()],
      [...changed.values()],
    ],
  );

  // feed_head was locked before the counts were read and stock is only written under it, so the
  // database must agree with the counts in memory; if not, something else wrote: write nothing.
  const head = written.rows[0]?.head;
  if (head !== before + events.length) {
    throw new InvariantError(`feed_head moved to ${head} while locked at ${before}`);
  }
  const counts = new Map<string, number>();
  for (const [key, base] of bases) counts.set(key, base.onHand);
  for (const row of written.rows) {
    if (row.store_id === null || row.isbn === null || row.on_hand === null) continue;
    const key = titleKey(row.store_id, row.isbn);
    if (row.on_hand !== plan.after.get(key)) {
      throw new InvariantError(
        `stock of ${key.replace('\u0000', ' ')} is ${row.on_hand}, expected ${plan.after.get(key)}`,
      );
    }
    counts.set(key, row.on_hand);
  }
  return groupOutcomes(size, passed, failed, head, counts);
}

// The PostgreSQL master's stock table: foldCount() (app/ledger/fold.ts) cached per (store, title),
// kept in the transaction that inserts the events, set-based so a page of events costs a few
// statements. Same rule as the register's StockCache: a plain event adds its delta unless a VOID
// in its own title cancels it or the title's winning stocktake had already seen it; a STOCKTAKE or
// VOID re-folds its title from the log.
import type { Pool, PoolClient } from 'pg';
import { versionVectorSchema, type LedgerEvent, type VersionVector } from '../protocol/events.js';
import { eventDelta, foldCount } from '../ledger/fold.js';
import type { StockMismatch } from '../ledger/stock-cache.js';
import { keyOf, vectorCovers } from '../ledger/vector.js';

type Queryable = Pool | PoolClient;

export function titleKey(storeId: string, isbn: string): string {
  return `${storeId}\u0000${isbn}`;
}

export function splitKeys(keys: Iterable<string>): [string[], string[]] {
  const stores: string[] = [];
  const isbns: string[] = [];
  for (const key of keys) {
    const [storeId = '', isbn = ''] = key.split('\u0000');
    stores.push(storeId);
    isbns.push(isbn);
  }
  return [stores, isbns];
}

const KEYS_TABLE = 'unnest($1::text[], $2::text[]) AS k(store_id, isbn)';

/**
 * Must run in the transaction that inserted `events` into the log. Returns each touched title's
 * on-hand afterwards.
 */
export async function applyInsertedEvents(
  client: PoolClient,
  events: readonly LedgerEvent[],
): Promise<Map<string, number>> {
  const byTitle = new Map<string, LedgerEvent[]>();
  for (const event of events) {
    const key = titleKey(event.storeId, event.isbn);
    const list = byTitle.get(key);
    if (list) list.push(event);
    else byTitle.set(key, [event]);
  }
  const refold: string[] = [];
  const plain = new Map<string, LedgerEvent[]>();
  for (const [key, list] of byTitle) {
    if (list.some((event) => event.kind === 'STOCKTAKE' || event.kind === 'VOID')) refold.push(key);
    else plain.set(key, list);
  }
  const onHand = new Map<string, number>();
  if (plain.size > 0) {
    for (const [key, value] of await addPlainDeltas(client, plain)) onHand.set(key, value);
  }
  if (refold.length > 0) {
    for (const [key, value] of await refoldTitles(client, refold)) onHand.set(key, value);
  }
  return onHand;
}

/** What a plain event's delta is added to: the cached count and the winning stocktake's vector. */
export interface TitleBase {
  onHand: number;
  stocktakeVector: VersionVector | null;
}

export interface StockRow {
  store_id: string;
  isbn: string;
  on_hand: number;
  stocktake_vector: unknown;
}

export function titleBaseOf(row: StockRow): TitleBase {
  return {
    onHand: row.on_hand,
    stocktakeVector:
      row.stocktake_vector === null ? null : versionVectorSchema.parse(row.stocktake_vector),
  };
}

export interface VoidRow {
  ref_origin_id: string;
  ref_seq: number;
  store_id: string;
  isbn: string;
}

/** Names a VOID's target within the VOID's own (store, title): a VOID counts only there. */
export function voidedKey(target: { originId: string; seq: number }, title: string): string {
  return `${keyOf(target)}\u0000${title}`;
}

export function voidedKeyOf(row: VoidRow): string {
  return voidedKey(
    { originId: row.ref_origin_id, seq: row.ref_seq },
    titleKey(row.store_id, row.isbn),
  );
}

/**
 * Whether a plain event (no STOCKTAKE or VOID among its title's new events) moves the cached
 * count, exactly as foldCount sees it: not when a VOID in its title cancels it, nor when the
 * title's winning stocktake had already seen it.
 */
export function countsTowards(
  event: LedgerEvent,
  base: TitleBase | undefined,
  voided: ReadonlySet<string>,
): boolean {
  if (voided.has(voidedKey(event, titleKey(event.storeId, event.isbn)))) return false;
  const vector = base?.stocktakeVector ?? null;
  return !(vector && vectorCovers(vector, event));
}

async function addPlainDeltas(
  client: PoolClient,
  plain: Map<string, LedgerEvent[]>,
): Promise<Map<string, number>> {
  const [stores, isbns] = splitKeys(plain.keys());
  const rows = await client.query<StockRow>(
    `SELECT s.store_id, s.isbn, s.on_hand, s.stocktake_vector FROM stock s
     JOIN ${KEYS_TABLE} USING (store_id, isbn)`,
    [stores, isbns],
  );
  const current = new Map<string, TitleBase>();
  for (const row of rows.rows) current.set(titleKey(row.store_id, row.isbn), titleBaseOf(row));

  const all = [...plain.values()].flat();
  const voids = await client.query<VoidRow>(
    `SELECT e.ref_origin_id, e.ref_seq, e.store_id, e.isbn FROM events e
     JOIN unnest($1::text[], $2::bigint[]) AS t(origin_id, seq)
       ON e.ref_origin_id = t.origin_id AND e.ref_seq = t.seq
     WHERE e.kind = 'VOID'`,
    [all.map((event) => event.originId), all.map((event) => event.seq)],
  );
  const voided = new Set(voids.rows.map(voidedKeyOf));

  const after = new Map<string, number>();
  const deltaKeys: string[] = [];
  const deltas: number[] = [];
  for (const [key, list] of plain) {
    const base = current.get(key);
    let delta = 0;
    let counted = false;
    for (const event of list) {
      if (!countsTowards(event, base, voided)) continue;
      delta += eventDelta(event);
      counted = true;
    }
    if (counted) {
      deltaKeys.push(key);
      deltas.push(delta);
    } else {
      after.set(key, base?.onHand ?? 0);
    }
  }
  if (deltaKeys.length > 0) {
    for (const [key, value] of await addDeltas(client, deltaKeys, deltas)) after.set(key, value);
  }
  return after;
}

/** Adds each delta to its title's cached count (a new row for a new title); returns the counts after. */
export async function addDeltas(
  client: PoolClient,
  keys: readonly string[],
  deltas: readonly number[],
): Promise<Map<string, number>> {
  const [stores, isbns] = splitKeys(keys);
  const updated = await client.query<{ store_id: string; isbn: string; on_hand: number }>(
    `INSERT INTO stock (store_id, isbn, on_hand)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand
     RETURNING store_id, isbn, on_hand`,
    [stores, isbns, deltas],
  );
  return new Map(updated.rows.map((row) => [titleKey(row.store_id, row.isbn), row.on_hand]));
}

/** Folds each title again from every event the log holds for it and stores the result. */
export async function refoldTitles(
  client: PoolClient,
  keys: readonly string[],
): Promise<Map<string, number>> {
  const [stores, isbns] = splitKeys(keys);
  const events = await client.query<{ store_id: string; isbn: string; body: string }>(
    `SELECT e.store_id, e.isbn, e.body FROM events e JOIN ${KEYS_TABLE} USING (store_id, isbn)`,
    [stores, isbns],
  );
  const byTitle = new Map<string, LedgerEvent[]>(keys.map((key) => [key, []]));
  for (const row of events.rows) {
    byTitle.get(titleKey(row.store_id, row.isbn))?.push(JSON.parse(row.body) as LedgerEvent);
  }
  const columns = {
    onHand: [] as number[],
    stOrigin: [] as (string | null)[],
    stSeq: [] as (number | null)[],
    stVector: [] as (string | null)[],
    superseded: [] as string[],
  };
  const after = new Map<string, number>();
  for (const key of keys) {
    const fold = foldCount(byTitle.get(key) ?? []);
    columns.onHand.push(fold.onHand);
    columns.stOrigin.push(fold.stocktake?.originId ?? null);
    columns.stSeq.push(fold.stocktake?.seq ?? null);
    columns.stVector.push(fold.stocktake ? JSON.stringify(fold.stocktake.vector) : null);
    columns.superseded.push(JSON.stringify(fold.supersededConcurrent.map((t) => keyOf(t))));
    after.set(key, fold.onHand);
  }
  await client.query(
    `INSERT INTO stock (store_id, isbn, on_hand, stocktake_origin_id, stocktake_seq,
       stocktake_vector, superseded_stocktakes)
     SELECT s, i, o, so, ss, sv::jsonb, sup::jsonb
     FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[])
       AS t(s, i, o, so, ss, sv, sup)
     ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = excluded.on_hand,
       stocktake_origin_id = excluded.stocktake_origin_id, stocktake_seq = excluded.stocktake_seq,
       stocktake_vector = excluded.stocktake_vector,
       superseded_stocktakes = excluded.superseded_stocktakes`,
    [
      stores,
      isbns,
      columns.onHand,
      columns.stOrigin,
      columns.stSeq,
      columns.stVector,
      columns.superseded,
    ],
  );
  return after;
}

/** The cached counts of some title keys (titleKey); titles without a row are left out. */
export async function readCounts(
  client: PoolClient,
  keys: readonly string[],
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const [stores, isbns] = splitKeys(keys);
  const rows = await client.query<{ store_id: string; isbn: string; on_hand: number }>(
    `SELECT s.store_id, s.isbn, s.on_hand FROM stock s JOIN ${KEYS_TABLE} USING (store_id, isbn)`,
    [stores, isbns],
  );
  return new Map(rows.rows.map((row) => [titleKey(row.store_id, row.isbn), row.on_hand]));
}

/**
 * Compares the cache with a fresh fold of the log; an empty list means they agree. PostgreSQL's
 * stock rows hold counts only: its digests are read from the log (see readTitleDigests).
 */
export async function stockMismatches(db: Queryable): Promise<StockMismatch[]> {
  const cached = new Map<string, number>();
  const rows = await db.query<{ store_id: string; isbn: string; on_hand: number }>(
    'SELECT store_id, isbn, on_hand FROM stock',
  );
  for (const row of rows.rows) cached.set(titleKey(row.store_id, row.isbn), row.on_hand);
  const events = await db.query<{ store_id: string; isbn: string; body: string }>(
    'SELECT store_id, isbn, body FROM events ORDER BY store_id, isbn',
  );
  const byTitle = new Map<string, LedgerEvent[]>();
  for (const row of events.rows) {
    const key = titleKey(row.store_id, row.isbn);
    const list = byTitle.get(key) ?? [];
    list.push(JSON.parse(row.body) as LedgerEvent);
    byTitle.set(key, list);
  }
  const mismatches: StockMismatch[] = [];
  for (const [key, list] of byTitle) {
    const rebuilt = foldCount(list).onHand;
    const value = cached.get(key) ?? 0;
    cached.delete(key);
    if (value !== rebuilt) {
      const [[storeId = ''], [isbn = '']] = splitKeys([key]);
      mismatches.push({ storeId, isbn, what: 'onHand', cached: value, rebuilt });
    }
  }
  for (const [key, value] of cached) {
    if (value === 0) continue;
    const [[storeId = ''], [isbn = '']] = splitKeys([key]);
    mismatches.push({ storeId, isbn, what: 'onHand', cached: value, rebuilt: 0 });
  }
  return mismatches;
}

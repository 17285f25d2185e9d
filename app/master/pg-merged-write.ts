// Writes a whole group of appends in two round trips, whatever mix of strong sales and pushes it
// holds. The first, sent with BEGIN, locks the group's `held` rows and then `feed_head` (the lock
// order of pg-event-writer.ts) and reads what judging and counting need: the stored bodies of
// re-sent keys, the touched titles' cached counts and any VOID aimed at the new events. The group
// is then judged and counted in memory (pg-group-plan.ts), and the second, sent with COMMIT,
// inserts every event, adds to every count, moves the head and saves held in one statement.
// Writing requests one by one cost some seven round trips per strong sale. The statements are
// prepared once per connection (pg-fused-transaction.ts), so the server parses them once; it still
// plans each for the arrays at hand (see openingSql). Parsing and planning, not running, were most
// of the server's time per group.
import type { QueryResult } from 'pg';
import type { PreparedStatements } from './pg-fused-transaction.js';
import { referencedEvent, type LedgerEvent } from '../protocol/events.js';
import { strictAssert } from '../shared/assert.js';
import {
  groupOutcomes,
  onHandKeys,
  planCounts,
  type GroupJudgement,
  type PgAppendItem,
  type PgAppendOutcome,
} from './pg-group-plan.js';
import { sqlInt, sqlIntArray, sqlTextArray, sqlTimestampArray } from './pg-sql-literals.js';
import {
  splitKeys,
  titleBaseOf,
  titleKey,
  voidedKeyOf,
  type StockRow,
  type TitleBase,
  type VoidRow,
} from './pg-stock-cache.js';

/** What the first round trip found, with the group's rows locked. */
export interface OpenedGroup {
  heldBefore: Map<string, number>;
  /** The head, locked until commit: stock is only written under this lock, so `bases` stay true. */
  head: number;
  /** Bodies of the re-sent keys already held, by `origin:seq`. */
  stored: Map<string, string>;
  bases: Map<string, TitleBase>;
  voided: Set<string>;
}

interface Statement {
  name: string;
  /** Parameter types, in order. */
  params: string[];
  sql: string;
}

const lockHeldRows: Statement = {
  name: 'bookcase_lock_held',
  params: ['text[]'],
  // Lock 1, rows in origin order; new origins get a row at seq 0.
  sql: `INSERT INTO held (origin_id, seq)
    SELECT origin_id, 0 FROM unnest($1) AS o(origin_id) ORDER BY origin_id
    ON CONFLICT (origin_id) DO UPDATE SET seq = held.seq
    RETURNING origin_id, seq`,
};

const lockHead: Statement = {
  name: 'bookcase_lock_head',
  params: [],
  sql: 'SELECT master_seq FROM feed_head FOR UPDATE',
};

const heldBodies: Statement = {
  name: 'bookcase_held_bodies',
  params: ['text[]', 'bigint[]'],
  sql: `SELECT e.origin_id, e.seq, e.body FROM unnest($1, $2) AS k(origin_id, seq)
    JOIN held h ON h.origin_id = k.origin_id AND k.seq <= h.seq
    JOIN events e ON e.origin_id = k.origin_id AND e.seq = k.seq`,
};

const countsAndVoids: Statement = {
  name: 'bookcase_group_counts',
  params: ['text[]', 'text[]', 'text[]', 'bigint[]'],
  sql: `SELECT s.store_id, s.isbn, s.on_hand, s.stocktake_vector,
      NULL::text AS ref_origin_id, NULL::bigint AS ref_seq
    FROM stock s JOIN unnest($1, $2) AS t(store_id, isbn) USING (store_id, isbn)
    UNION ALL
    SELECT e.store_id, e.isbn, NULL, NULL, e.ref_origin_id, e.ref_seq
    FROM unnest($3, $4) AS k(origin_id, seq)
    JOIN held h ON h.origin_id = k.origin_id AND k.seq > h.seq
    JOIN events e ON e.ref_origin_id = k.origin_id AND e.ref_seq = k.seq
    WHERE e.kind = 'VOID'`,
};

/**
 * Its last SELECT divides by zero, failing the statement and so the COMMIT sent after it, should
 * the head have moved or a count not come out as counted in memory: impossible while feed_head is
 * locked, but a sale refused or passed on a wrong count must never be committed.
 */
const writeGroup: Statement = {
  name: 'bookcase_write_group',
  params: [
    ...['bigint', 'bigint'],
    ...['bigint[]', 'text[]', 'bigint[]', 'text[]', 'text[]', 'text[]', 'text[]', 'text[]'],
    ...['text[]', 'bigint[]', 'timestamptz[]'],
    ...['text[]', 'text[]', 'bigint[]', 'bigint[]', 'text[]', 'bigint[]'],
  ],
  sql: `WITH head AS (
      UPDATE feed_head SET master_seq = $2 WHERE master_seq = $1 RETURNING master_seq
    ), inserted AS (
      INSERT INTO events (master_seq, origin_id, seq, hlc, store_id, isbn, kind, body,
        ref_origin_id, ref_seq, received_at)
      SELECT * FROM unnest($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
    ), counted AS (
      INSERT INTO stock (store_id, isbn, on_hand) SELECT * FROM unnest($14, $15, $16)
      ON CONFLICT (store_id, isbn) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand
      RETURNING store_id, isbn, on_hand
    ), saved AS (
      UPDATE held SET seq = v.seq FROM unnest($18, $19) AS v(origin_id, seq)
      WHERE held.origin_id = v.origin_id
    )
    SELECT 1 / ((SELECT count(*) FROM head) = 1 AND (SELECT count(*) FROM counted c
      JOIN unnest($14, $15, $17) AS x(store_id, isbn, on_hand) USING (store_id, isbn, on_hand))
      = cardinality($14))::int AS written`,
};

const statements = [lockHeldRows, lockHead, heldBodies, countsAndVoids, writeGroup];

export const GROUP_STATEMENTS: PreparedStatements = {
  sql: statements
    .map(({ name, params, sql }) =>
      params.length > 0
        ? `PREPARE ${name} (${params.join(', ')}) AS ${sql}`
        : `PREPARE ${name} AS ${sql}`,
    )
    .join(';\n'),
  count: statements.length,
};

/** `args`: literals from pg-sql-literals.ts, one per parameter. */
function execute(statement: Statement, args: string[]): string {
  strictAssert(args.length === statement.params.length, `${statement.name}: argument count`);
  return args.length > 0
    ? `EXECUTE ${statement.name}(${args.join(', ')})`
    : `EXECUTE ${statement.name}`;
}

/** The statements sent with BEGIN (GROUP_STATEMENTS prepared): five results, see readOpened. */
export function openingSql(items: readonly PgAppendItem[]): string {
  const events = items.flatMap(({ request }) => request.events);
  const origins = [...new Set(events.map((event) => event.originId))].sort();
  const titles = new Set<string>();
  for (const event of events) titles.add(titleKey(event.storeId, event.isbn));
  for (const { request } of items) {
    const { onHandFor } = request;
    if (onHandFor) {
      for (const isbn of onHandFor.isbns) titles.add(titleKey(onHandFor.storeId, isbn));
    }
  }
  const [stores, isbns] = splitKeys(titles);
  const keyOrigins = sqlTextArray(events.map((event) => event.originId));
  const keySeqs = sqlIntArray(events.map((event) => event.seq));
  return [
    // A plan for the arrays and tables at hand, each time: a generic plan, made once per
    // connection while the tables were small, scans `held` and `stock` whole (measured: 1.5-2x
    // the server's CPU per group of 8-32 sales against custom plans).
    'SET LOCAL plan_cache_mode = force_custom_plan',
    execute(lockHeldRows, [sqlTextArray(origins)]),
    execute(lockHead, []),
    execute(heldBodies, [keyOrigins, keySeqs]),
    execute(countsAndVoids, [sqlTextArray(stores), sqlTextArray(isbns), keyOrigins, keySeqs]),
  ].join(';\n');
}

type BaseOrVoid = StockRow & { ref_origin_id: string | null; ref_seq: number | null };

export function readOpened(results: readonly QueryResult[]): OpenedGroup {
  const [, held, head, bodies, basesAndVoids] = results as [
    unknown,
    QueryResult<{ origin_id: string; seq: number }>?,
    QueryResult<{ master_seq: number }>?,
    QueryResult<{ origin_id: string; seq: number; body: string }>?,
    QueryResult<BaseOrVoid>?,
  ];
  const headSeq = head?.rows[0]?.master_seq;
  if (!held || !bodies || !basesAndVoids || headSeq === undefined) {
    throw new Error(
      'the group transaction did not answer its opening reads: the schema is damaged',
    );
  }
  const bases = new Map<string, TitleBase>();
  const voided = new Set<string>();
  for (const row of basesAndVoids.rows) {
    if (row.ref_origin_id === null) bases.set(titleKey(row.store_id, row.isbn), titleBaseOf(row));
    else voided.add(voidedKeyOf(row as VoidRow));
  }
  return {
    heldBefore: new Map(held.rows.map((row) => [row.origin_id, row.seq])),
    head: headSeq,
    stored: new Map(bodies.rows.map((row) => [`${row.origin_id}:${row.seq}`, row.body])),
    bases,
    voided,
  };
}

interface NewRow {
  event: LedgerEvent;
  body: string;
  receivedAt: string;
}

function writeSql(
  opened: OpenedGroup,
  rows: readonly NewRow[],
  deltas: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  changed: ReadonlyMap<string, number>,
): string {
  const refs = rows.map(({ event }) => referencedEvent(event));
  const deltaKeys = [...deltas.keys()];
  const [deltaStores, deltaIsbns] = splitKeys(deltaKeys);
  const expected = deltaKeys.map((key) => {
    const count = after.get(key);
    strictAssert(count !== undefined, 'a count for every title with a delta');
    return count;
  });
  return execute(writeGroup, [
    sqlInt(opened.head),
    sqlInt(opened.head + rows.length),
    sqlIntArray(rows.map((_, index) => opened.head + 1 + index)),
    sqlTextArray(rows.map(({ event }) => event.originId)),
    sqlIntArray(rows.map(({ event }) => event.seq)),
    sqlTextArray(rows.map(({ event }) => event.hlc)),
    sqlTextArray(rows.map(({ event }) => event.storeId)),
    sqlTextArray(rows.map(({ event }) => event.isbn)),
    sqlTextArray(rows.map(({ event }) => event.kind)),
    sqlTextArray(rows.map(({ body }) => body)),
    sqlTextArray(refs.map((ref) => ref?.originId ?? null)),
    sqlIntArray(refs.map((ref) => ref?.seq ?? null)),
    sqlTimestampArray(rows.map(({ receivedAt }) => receivedAt)),
    sqlTextArray(deltaStores),
    sqlTextArray(deltaIsbns),
    sqlIntArray(deltaKeys.map((key) => deltas.get(key) ?? 0)),
    sqlIntArray(expected),
    sqlTextArray([...changed.keys()]),
    sqlIntArray([...changed.values()]),
  ]);
}

/**
 * The group's outcomes and the statement writing it (to send with COMMIT: the outcomes hold only
 * once it committed), or undefined when some strong request would leave a count below zero:
 * nothing is written then, and the caller writes the requests one by one, refusing that one alone.
 * `group` must hold no STOCKTAKE or VOID (their titles are folded again from the log).
 */
export function mergedWrite(
  size: number,
  group: GroupJudgement,
  opened: OpenedGroup,
): { outcomes: PgAppendOutcome[]; sql: string } | undefined {
  const { passed, failed, changed } = group;
  const rows = passed.flatMap(({ item, judgement }) =>
    judgement.accepted.map(({ event, body }) => ({ event, body, receivedAt: item.receivedAt })),
  );
  const plan = planCounts(passed, opened.bases, opened.voided);
  if (!plan.ok) return undefined;
  const counts = new Map<string, number>();
  for (const key of onHandKeys(passed)) {
    counts.set(key, plan.after.get(key) ?? opened.bases.get(key)?.onHand ?? 0);
  }
  const outcomes = groupOutcomes(size, passed, failed, opened.head + rows.length, counts);
  if (rows.length === 0) return { outcomes, sql: '' };
  return { outcomes, sql: writeSql(opened, rows, plan.deltas, plan.after, changed) };
}

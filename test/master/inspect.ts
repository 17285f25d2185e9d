// The questions tests ask of a master's database directly (not through its API), answered the same
// way for SQLite and PostgreSQL: how many rows, which keys, how many times a receipt was written,
// and whether the stock cache equals a fresh fold of the log.
import Database from 'better-sqlite3';
import type { StockMismatch } from '../../app/ledger/stock-cache.js';
import { StockCache } from '../../app/ledger/stock-cache.js';
import { createPgPool } from '../../app/master/pg-pool.js';
import { stockMismatches } from '../../app/master/pg-stock-cache.js';
import { MASTER_TITLE_READS } from '../../app/master/title-index.js';
import type { VersionVector } from '../../app/protocol/events.js';

export interface MasterInspector {
  eventCount(): Promise<number>;
  headSeq(): Promise<number>;
  /** The master's version vector: the highest contiguous seq it holds per origin. */
  held(): Promise<VersionVector>;
  /** One origin's rows in seq order, bodies as stored (canonical JSON). */
  originRows(originId: string): Promise<{ seq: number; body: string }[]>;
  /** Per receipt id, how many rows of the kind the log holds. */
  rowsByReceipt(kind?: 'SALE' | 'RETURN'): Promise<Map<string, number>>;
  /** VOID rows per receipt, found through the SALE events they cancel. */
  voidsByReceipt(): Promise<Map<string, number>>;
  /** Every title that has an event, sorted. */
  titles(): Promise<string[]>;
  /** The registers table as stored, for checks that no secret is kept in clear. */
  registerRows(): Promise<Record<string, unknown>[]>;
  checkStock(): Promise<StockMismatch[]>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

/** Where the two databases spell the same question differently. */
interface Dialect {
  /** Runs one query; `?` placeholders are numbered for PostgreSQL. */
  all(sql: string, ...params: unknown[]): Promise<Row[]>;
  /** The SQL for a string field of the event body of table alias `alias`. */
  bodyField(alias: string, field: string): string;
  /** Sorts titles byte-wise in both. */
  titleOrder: string;
  checkStock(): Promise<StockMismatch[]>;
  close(): Promise<void>;
}

/** The questions, asked once for both storages. */
function inspector(d: Dialect): MasterInspector {
  const counts = (rows: Row[]) =>
    new Map(rows.map((row) => [String(row.receipt_id), Number(row.n)]));
  return {
    eventCount: async () => Number((await d.all('SELECT count(*) AS n FROM events'))[0]?.n),
    headSeq: async () =>
      Number((await d.all('SELECT coalesce(max(master_seq), 0) AS head FROM events'))[0]?.head),
    held: async () =>
      Object.fromEntries(
        (await d.all('SELECT origin_id, seq FROM held WHERE seq > 0')).map((row) => [
          String(row.origin_id),
          Number(row.seq),
        ]),
      ),
    originRows: async (originId) =>
      (await d.all('SELECT seq, body FROM events WHERE origin_id = ? ORDER BY seq', originId)).map(
        (row) => ({ seq: Number(row.seq), body: String(row.body) }),
      ),
    rowsByReceipt: async (kind = 'SALE') =>
      counts(
        await d.all(
          `SELECT ${d.bodyField('events', 'receiptId')} AS receipt_id, count(*) AS n FROM events
           WHERE kind = ? GROUP BY receipt_id`,
          kind,
        ),
      ),
    voidsByReceipt: async () =>
      counts(
        await d.all(
          `SELECT ${d.bodyField('s', 'receiptId')} AS receipt_id, count(*) AS n
           FROM events v JOIN events s ON s.origin_id = v.ref_origin_id AND s.seq = v.ref_seq
           WHERE v.kind = 'VOID' AND s.kind = 'SALE' GROUP BY receipt_id`,
        ),
      ),
    titles: async () =>
      (await d.all(`SELECT isbn FROM events GROUP BY isbn ORDER BY ${d.titleOrder}`)).map((row) =>
        String(row.isbn),
      ),
    registerRows: () => d.all('SELECT * FROM registers'),
    checkStock: () => d.checkStock(),
    close: () => d.close(),
  };
}

/** Reads a master's SQLite file on its own connection (WAL lets it read while the master writes). */
export function sqliteInspector(path: string): MasterInspector {
  let db: Database.Database | undefined;
  const open = (): Database.Database => {
    db ??= new Database(path, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  };
  return inspector({
    all: (sql, ...params) =>
      Promise.resolve(
        open()
          .prepare(sql)
          .all(...params) as Row[],
      ),
    bodyField: (alias, field) => `json_extract(${alias}.body, '$.${field}')`,
    titleOrder: 'isbn',
    checkStock: () =>
      Promise.resolve(new StockCache(open(), undefined, MASTER_TITLE_READS).check()),
    close: () => {
      db?.close();
      db = undefined;
      return Promise.resolve();
    },
  });
}

/** Reads a PostgreSQL master's schema through a small pool of its own. */
export function pgInspector(url: string): MasterInspector {
  // The master's own pool settings, so bigints read as numbers exactly as the master reads them.
  const pool = createPgPool({ url, max: 2, applicationName: 'bookcase-test-inspector' });
  return inspector({
    all: async (sql, ...params) => {
      let n = 0;
      return (
        await pool.query<Row>(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    },
    bodyField: (alias, field) => `${alias}.body::jsonb ->> '${field}'`,
    titleOrder: 'isbn COLLATE "C"',
    checkStock: () => stockMismatches(pool),
    close: () => pool.end(),
  });
}

// Large reads that one request makes and the next one makes again (a manager's discrepancy report,
// then the commit of the same stocktake: 50,000 counts and stock rows each), kept while the ledger
// file is exactly as it was. Any row written through this connection raises total_changes(), any
// commit by another connection raises data_version, so an equal token means an equal database.
import type { SqliteDatabase } from './database.js';

function token(db: SqliteDatabase): string {
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck(true).get() ?? 0;
  return `${changes}:${String(db.pragma('data_version', { simple: true }))}`;
}

export class ReadMemo<T> {
  private last: { key: string; token: string; value: T } | undefined;

  constructor(private readonly db: SqliteDatabase) {}

  /**
   * The value read for `key`, while nothing has changed since; else `read()`, kept for next time
   * only when read outside a transaction: inside one, a rollback could undo what it saw without
   * changing the token.
   */
  get(key: string, read: () => T): T {
    const now = token(this.db);
    const last = this.last;
    if (last && last.key === key && last.token === now) return last.value;
    const value = read();
    this.last = this.db.inTransaction ? undefined : { key, token: now, value };
    return value;
  }
}

/**
 * The rows of `select` as one array per column (`columns`, in the order `select` yields the rows),
 * each read as one JSON text that SQLite builds and V8 parses: for 50,000 rows that is about half
 * the time of better-sqlite3 building each row value by value, and a handful of arrays instead of
 * one per row leave the garbage collector less to copy. Values come back as JSON has them (TEXT
 * as strings, even JSON texts; INTEGER as numbers; NULL as null).
 */
export function readColumnsAsJson<Columns extends unknown[][]>(
  db: SqliteDatabase,
  columns: readonly string[],
  select: string,
  ...params: unknown[]
): Columns {
  const texts = db
    .prepare<unknown[], string[]>(
      `SELECT ${columns.map((column) => `json_group_array(${column})`).join(', ')} FROM (${select})`,
    )
    .raw(true)
    .get(...params);
  return columns.map((_, index) => JSON.parse(texts?.[index] ?? '[]') as unknown[]) as Columns;
}

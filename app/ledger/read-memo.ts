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

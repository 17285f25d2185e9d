import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3…: applied in order, each once, recorded in PRAGMA user_version. */
  readonly version: number;
  readonly name: string;
  readonly up: (db: Database) => void;
  /**
   * The migration rebuilds a table other tables refer to (SQLite's create-copy-drop-rename
   * procedure): it runs with foreign keys off, and every key is checked before it commits.
   */
  readonly rebuildsTables?: true;
}

import type { Database } from 'better-sqlite3';

/** How far a long migration has got: `done` of `total` (rows, in its own unit). */
export interface MigrationProgress {
  readonly done: number;
  readonly total: number;
  /** What this stage does, when it differs from the migration's `progressLabel`. */
  readonly label?: string;
}

export interface Migration {
  /** 1, 2, 3…: applied in order, each once, recorded in PRAGMA user_version. */
  readonly version: number;
  readonly name: string;
  /**
   * Runs inside the migration's transaction. A long one is a generator that yields its progress
   * between steps: an upgrade at start-up waits for the event loop there, so the shell can show a
   * progress bar while it runs (see ledger-upgrade.ts).
   */
  readonly up: (db: Database) => void | Generator<MigrationProgress, void, void>;
  /** What a long migration is doing, in words for the person watching its progress bar. */
  readonly progressLabel?: string;
  /**
   * The migration rebuilds a table other tables refer to (SQLite's create-copy-drop-rename
   * procedure): it runs with foreign keys off, and every key is checked before it commits.
   */
  readonly rebuildsTables?: true;
}

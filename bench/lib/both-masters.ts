// One measurement, taken once against a master on SQLite and once against a master on PostgreSQL
// in the same run, its rows printed in pairs so the two stand side by side. When PostgreSQL is not
// there (or its run fails), its rows say so and the SQLite figures stand alone.
import { join } from 'node:path';
import type { Context } from './context.js';
import type { MasterDatabase } from './master.js';
import type { Row } from './report.js';

export const SQLITE_LABEL = 'SQLite master';
export const PG_LABEL = 'PostgreSQL master';

export interface SideBySide<T> {
  rows: Row[];
  notes: string[];
  sqlite: T;
  /** Undefined when PostgreSQL was unavailable or its run failed (the rows and notes say which). */
  postgres: T | undefined;
}

/**
 * Runs `measure` on a fresh SQLite master, then on a fresh PostgreSQL one (a schema of its own),
 * and pairs their rows: `rowsFor` must give the same number of rows for both. A SQLite failure
 * fails the section as before; a PostgreSQL one becomes an ERROR row.
 */
export async function onBothMasters<T>(
  ctx: Context,
  section: string,
  measure: (database: MasterDatabase) => Promise<T>,
  rowsFor: (value: T, label: string) => Row[],
): Promise<SideBySide<T>> {
  const dir = ctx.scratch(`master-${section}`);
  let sqlite: T;
  try {
    sqlite = await measure({ sqlite: join(dir, 'master.db') });
  } finally {
    ctx.discard(dir);
  }
  const sqliteRows = rowsFor(sqlite, SQLITE_LABEL);
  const notes: string[] = [];
  let postgres: T | undefined;
  let pgRows: Row[];
  const pg = await ctx.postgres.availability();
  if (!pg.available) {
    pgRows = sqliteRows.map((row) => missing(row, 'not measured: PostgreSQL unavailable', 'n/a'));
    notes.push(`${section}: PostgreSQL master not measured: ${pg.reason}.`);
  } else {
    try {
      const schema = await ctx.postgres.schema();
      try {
        postgres = await measure({ postgres: schema.url });
      } finally {
        await schema.drop();
      }
      pgRows = rowsFor(postgres, PG_LABEL);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.log(`PostgreSQL master failed: ${message}`);
      pgRows = sqliteRows.map((row) => missing(row, 'failed', 'ERROR'));
      notes.push(`${section}: the PostgreSQL master's run failed: ${message.split('\n')[0] ?? ''}`);
    }
  }
  const rows = sqliteRows.flatMap((row, index) => {
    const beside = pgRows[index];
    return beside ? [row, beside] : [row];
  });
  return { rows, notes, sqlite, postgres };
}

function missing(like: Row, figure: string, verdict: Row['verdict']): Row {
  return {
    ...like,
    what: like.what.replace(SQLITE_LABEL, PG_LABEL),
    figure,
    ratio: '—',
    verdict,
  };
}

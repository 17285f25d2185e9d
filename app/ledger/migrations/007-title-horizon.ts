import type { Migration } from './migration.js';

interface EventShape {
  store_id: string;
  isbn: string;
  origin_id: string;
  seq: number;
  kind: string;
  ref_origin_id: string | null;
  ref_seq: number | null;
  body: string | null;
}

/**
 * Each title's horizon in its stock row (see title-horizon.ts): what a new count must have seen
 * to stand alone, so a stocktake neither reads the store's events back nor folds them again.
 * Existing rows are filled from the log here; NULL means unknown and sends the title to the log.
 */
export const migration007: Migration = {
  version: 7,
  name: 'title horizon in the stock cache',
  up: (db) => {
    db.exec(
      'ALTER TABLE stock ADD COLUMN horizon TEXT CHECK (horizon IS NULL OR json_valid(horizon))',
    );
    const own = (
      db.prepare("SELECT value FROM meta WHERE key = 'origin_id'").get() as
        { value: string } | undefined
    )?.value;
    const horizons = new Map<string, Record<string, number>>();
    const raise = (key: string, originId: string, seq: number) => {
      let horizon = horizons.get(key);
      if (!horizon) {
        horizon = {};
        horizons.set(key, horizon);
      }
      if ((horizon[originId] ?? 0) < seq) horizon[originId] = seq;
    };
    const rows = db
      .prepare(
        `SELECT store_id, isbn, origin_id, seq, kind, ref_origin_id, ref_seq,
           CASE kind WHEN 'STOCKTAKE' THEN body END AS body FROM events`,
      )
      .iterate() as IterableIterator<EventShape>;
    for (const row of rows) {
      const key = `${row.store_id}\u0000${row.isbn}`;
      raise(key, row.origin_id, row.seq);
      if (row.kind === 'VOID' && row.ref_origin_id !== null && row.ref_seq !== null) {
        raise(key, row.ref_origin_id, row.ref_seq);
      }
      if (row.body !== null && own !== undefined) {
        const seen = (JSON.parse(row.body) as { vector?: Record<string, number> }).vector?.[own];
        if (seen !== undefined) raise(key, own, seen);
      }
    }
    const fill = db.prepare('UPDATE stock SET horizon = ? WHERE store_id = ? AND isbn = ?');
    for (const row of db.prepare('SELECT store_id, isbn FROM stock').all() as {
      store_id: string;
      isbn: string;
    }[]) {
      const horizon = horizons.get(`${row.store_id}\u0000${row.isbn}`) ?? {};
      fill.run(JSON.stringify(horizon), row.store_id, row.isbn);
    }
  },
};

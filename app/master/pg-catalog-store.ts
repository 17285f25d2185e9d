// The chain's stores and titles in the PostgreSQL master. Sorted as SQLite sorts (byte order), so
// both storages list them identically whatever the database's collation.
import type { Pool } from 'pg';
import { storeSchema, titleSchema, type Store, type Title } from '../catalog/catalog.js';
import { inTransaction } from './pg-pool.js';

interface TitleRow {
  isbn: string;
  title: string;
  author: string;
  price_cents: number;
  cost_cents: number;
  section: string;
}

/** One row per key, the last given winning, as a run of single upserts would leave it. */
function lastPerKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...new Map(rows.map((row) => [key(row), row])).values()];
}

export async function readStores(pool: Pool): Promise<Store[]> {
  const result = await pool.query<{ store_id: string; name: string }>(
    'SELECT store_id, name FROM stores ORDER BY name COLLATE "C"',
  );
  return result.rows.map((row) => ({ storeId: row.store_id, name: row.name }));
}

export async function readStore(pool: Pool, storeId: string): Promise<Store | undefined> {
  const result = await pool.query<{ store_id: string; name: string }>(
    'SELECT store_id, name FROM stores WHERE store_id = $1',
    [storeId],
  );
  const row = result.rows[0];
  return row ? { storeId: row.store_id, name: row.name } : undefined;
}

export async function upsertStores(pool: Pool, stores: readonly Store[]): Promise<void> {
  const valid = lastPerKey(
    stores.map((store) => storeSchema.parse(store)),
    (store) => store.storeId,
  );
  if (valid.length === 0) return;
  await pool.query(
    `INSERT INTO stores (store_id, name) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (store_id) DO UPDATE SET name = excluded.name`,
    [valid.map((store) => store.storeId), valid.map((store) => store.name)],
  );
}

export async function readTitles(pool: Pool): Promise<Title[]> {
  const result = await pool.query<TitleRow>(
    `SELECT isbn, title, author, price_cents, cost_cents, section FROM titles
     ORDER BY title COLLATE "C", isbn COLLATE "C"`,
  );
  return result.rows.map((row) => ({
    isbn: row.isbn,
    title: row.title,
    author: row.author,
    priceCents: row.price_cents,
    costCents: row.cost_cents,
    section: row.section,
  }));
}

export async function upsertTitles(pool: Pool, titles: readonly Title[]): Promise<void> {
  const valid = lastPerKey(
    titles.map((title) => titleSchema.parse(title)),
    (title) => title.isbn,
  );
  if (valid.length === 0) return;
  // One statement per thousand titles keeps each parameter array modest for a big catalog.
  await inTransaction(pool, async (client) => {
    for (let at = 0; at < valid.length; at += 1_000) {
      const page = valid.slice(at, at + 1_000);
      await client.query(
        `INSERT INTO titles (isbn, title, author, price_cents, cost_cents, section)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])
         ON CONFLICT (isbn) DO UPDATE SET title = excluded.title, author = excluded.author,
           price_cents = excluded.price_cents, cost_cents = excluded.cost_cents,
           section = excluded.section`,
        [
          page.map((title) => title.isbn),
          page.map((title) => title.title),
          page.map((title) => title.author),
          page.map((title) => title.priceCents),
          page.map((title) => title.costCents),
          page.map((title) => title.section),
        ],
      );
    }
  });
}

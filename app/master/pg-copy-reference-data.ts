// migrate-to-postgres, part one: everything but the events (stores, titles, registers with their
// token hashes and origins, enrolment codes), copied in one transaction. Upserts with the SQLite
// side winning, so running it again, after more enrolments or revocations, brings PostgreSQL up to
// date without duplicating anything.
import type { PoolClient } from 'pg';
import type { SqliteDatabase } from '../ledger/database.js';

export interface ReferenceCounts {
  stores: number;
  titles: number;
  registers: number;
  origins: number;
  codes: number;
}

type Row = Record<string, unknown>;

function column<T>(rows: Row[], name: string): T[] {
  return rows.map((row) => row[name] as T);
}

/** Reads every reference table in one SQLite read transaction: one consistent picture. */
function readSource(source: SqliteDatabase) {
  return source.transaction(() => ({
    stores: source.prepare('SELECT store_id, name, created_at FROM stores').all() as Row[],
    titles: source.prepare('SELECT * FROM titles').all() as Row[],
    registers: source.prepare('SELECT * FROM registers ORDER BY rowid').all() as Row[],
    origins: source
      .prepare('SELECT origin_id, register_id, claimed_at FROM register_origins ORDER BY rowid')
      .all() as Row[],
    codes: source.prepare('SELECT * FROM enrolment_codes').all() as Row[],
  }))();
}

export async function copyReferenceData(
  source: SqliteDatabase,
  target: PoolClient,
): Promise<ReferenceCounts> {
  const { stores, titles, registers, origins, codes } = readSource(source);
  await target.query(
    `INSERT INTO stores (store_id, name, created_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
     ON CONFLICT (store_id) DO UPDATE SET name = excluded.name`,
    [column(stores, 'store_id'), column(stores, 'name'), column(stores, 'created_at')],
  );
  await target.query(
    `INSERT INTO titles (isbn, title, author, price_cents, cost_cents, section)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[])
     ON CONFLICT (isbn) DO UPDATE SET title = excluded.title, author = excluded.author,
       price_cents = excluded.price_cents, cost_cents = excluded.cost_cents,
       section = excluded.section`,
    ['isbn', 'title', 'author', 'price_cents', 'cost_cents', 'section'].map((name) =>
      column(titles, name),
    ),
  );
  await target.query(
    `INSERT INTO registers (register_id, store_id, name, token_hash, enrolled_at, revoked_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bytea[], $5::timestamptz[],
       $6::timestamptz[])
     ON CONFLICT (register_id) DO UPDATE SET name = excluded.name, revoked_at = excluded.revoked_at`,
    ['register_id', 'store_id', 'name', 'token_hash', 'enrolled_at', 'revoked_at'].map((name) =>
      column(registers, name),
    ),
  );
  // In claim order, so claim_order keeps ties in the order SQLite's rowid kept them.
  await target.query(
    `INSERT INTO register_origins (origin_id, register_id, claimed_at)
     SELECT o, r, c FROM unnest($1::text[], $2::text[], $3::timestamptz[])
       WITH ORDINALITY AS t(o, r, c, n) ORDER BY n
     ON CONFLICT (origin_id) DO UPDATE SET register_id = excluded.register_id,
       claimed_at = excluded.claimed_at`,
    ['origin_id', 'register_id', 'claimed_at'].map((name) => column(origins, name)),
  );
  await target.query(
    `INSERT INTO enrolment_codes (code_hash, store_id, created_at, expires_at, used_at, used_by)
     SELECT * FROM unnest($1::bytea[], $2::text[], $3::timestamptz[], $4::timestamptz[],
       $5::timestamptz[], $6::text[])
     ON CONFLICT (code_hash) DO UPDATE SET used_at = excluded.used_at, used_by = excluded.used_by`,
    ['code_hash', 'store_id', 'created_at', 'expires_at', 'used_at', 'used_by'].map((name) =>
      column(codes, name),
    ),
  );
  return {
    stores: stores.length,
    titles: titles.length,
    registers: registers.length,
    origins: origins.length,
    codes: codes.length,
  };
}

// Each register install writes events as one originId, and (originId, seq) must never name two
// different events. A copied or restored ledger file would reuse seqs, so it gets a new origin.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { UserError } from '../shared/errors.js';
import type { SqliteDatabase } from './database.js';

export function newOriginId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * The file's identity on disk (device and inode). A copy, a restore from backup or a move to
 * another machine produces a new inode, while the running register keeps its own.
 */
export function fileIdentity(path: string): string {
  if (path === ':memory:' || path === '') return 'memory';
  const stat = statSync(path, { bigint: true });
  return `${stat.dev}:${stat.ino}`;
}

function readMeta(db: SqliteDatabase, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value;
}

function writeMeta(db: SqliteDatabase, key: string, value: string): void {
  db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/**
 * Starts writing as a fresh origin; the old origin's events stay, as foreign history. The old
 * origin's vector row, which lagged while it was the one written (see EventLog), now says exactly
 * how far its events go.
 */
export function rotateOrigin(db: SqliteDatabase, reason: string, now: Date): string {
  const previous = readMeta(db, 'origin_id');
  if (previous !== undefined) {
    db.prepare(
      `INSERT INTO vector (origin_id, seq)
       SELECT ?, coalesce(max(seq), 0) FROM events WHERE origin_id = ?
       ON CONFLICT (origin_id) DO UPDATE SET seq = max(seq, excluded.seq)`,
    ).run(previous, previous);
  }
  const originId = newOriginId();
  writeMeta(db, 'origin_id', originId);
  db.prepare('INSERT INTO origin_history (origin_id, started_at, reason) VALUES (?, ?, ?)').run(
    originId,
    now.toISOString(),
    reason,
  );
  db.prepare('INSERT INTO vector (origin_id, seq) VALUES (?, 0) ON CONFLICT DO NOTHING').run(
    originId,
  );
  return originId;
}

export interface LedgerIdentity {
  originId: string;
  storeId: string;
  /** Set when this open gave the ledger a new origin, with the reason. */
  rotated?: string;
}

export function establishIdentity(
  db: SqliteDatabase,
  path: string,
  storeId: string | undefined,
  now: Date,
): LedgerIdentity {
  const identity = fileIdentity(path);
  return db
    .transaction((): LedgerIdentity => {
      const existingStore = readMeta(db, 'store_id');
      if (existingStore !== undefined && storeId !== undefined && existingStore !== storeId) {
        throw new UserError(
          'WRONG_STORE',
          `This ledger belongs to store "${existingStore}", not "${storeId}". Each store keeps its own ledger file.`,
        );
      }
      const store = storeId ?? existingStore;
      if (store === undefined) {
        throw new UserError(
          'NOT_SET_UP',
          'This register has no store yet: enrol it with the master (or give the store id) first.',
        );
      }
      writeMeta(db, 'store_id', store);
      const originId = readMeta(db, 'origin_id');
      const knownIdentity = readMeta(db, 'file_identity');
      writeMeta(db, 'file_identity', identity);
      if (originId === undefined) {
        return { originId: rotateOrigin(db, 'new ledger', now), storeId: store };
      }
      if (knownIdentity !== identity) {
        const reason = `ledger file identity changed (${knownIdentity ?? 'unknown'} -> ${identity}): the file was copied or restored`;
        return { originId: rotateOrigin(db, reason, now), storeId: store, rotated: reason };
      }
      return { originId, storeId: store };
    })
    .immediate();
}

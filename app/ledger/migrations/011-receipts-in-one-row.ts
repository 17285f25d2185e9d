import type { Database } from 'better-sqlite3';
import { UserError } from '../../shared/errors.js';
import type { Migration, MigrationProgress } from './migration.js';

/** Receipts copied between two progress reports: about 30 ms of work on the machines we measured. */
const COPY_CHUNK = 10_000;

/**
 * One row per receipt, keyed by (origin_id, receipt_no), its lines a JSON array in the row. Before,
 * a one-line sale wrote a page of three B-trees for its receipt (the receipt_id key holding the
 * rows, the UNIQUE (origin_id, receipt_no) key, receipt_lines); now it writes one. Each page is a
 * WAL frame written and synced before the receipt prints, so a sale commits about 2.7 frames
 * fewer (bench goal 1, docs/benchmarks.md). The receipt id still reads as printed, made from the key
 * as the register always made it, so a lookup by id is a lookup by key. Lines are read only with their receipt
 * (a reprint, a return), never searched on their own, so nothing is lost by keeping them inside it.
 * The foreign key from a return to its sale goes: a key on receipt_id would be the B-tree this
 * removes, and a return reads its sale (recordReturn) before it is written.
 */
export const migration011: Migration = {
  version: 11,
  name: 'receipts in one row',
  rebuildsTables: true,
  progressLabel: 'reorganising the receipts',
  up: copyReceipts,
};

function* copyReceipts(db: Database): Generator<MigrationProgress, void, void> {
  refuseUnkeyedIds(db);
  db.exec(`
    CREATE TABLE receipts_rebuilt (
      origin_id TEXT NOT NULL,
      receipt_no INTEGER NOT NULL CHECK (receipt_no > 0),
      -- As printed and typed at the counter: the key's two parts (see sales.ts receiptKey). Not
      -- stored: every byte of a row brings the next split of this table's last page nearer.
      receipt_id TEXT GENERATED ALWAYS AS (origin_id || '-' || printf('%06d', receipt_no)) VIRTUAL,
      kind TEXT NOT NULL CHECK (kind IN ('SALE','RETURN')),
      store_id TEXT NOT NULL,
      cashier TEXT NOT NULL,
      created_at TEXT NOT NULL,
      hlc TEXT NOT NULL,
      payment_method TEXT NOT NULL CHECK (payment_method IN ('cash','card')),
      card_reference TEXT,
      total_cents INTEGER NOT NULL,
      tendered_cents INTEGER,
      change_cents INTEGER,
      -- pending: written locally, waiting for the master (strong mode); final; cancelled (voided).
      status TEXT NOT NULL CHECK (status IN ('pending','final','cancelled')),
      original_receipt_id TEXT,
      -- Copies on the receipt: the sum of the lines' qty, for receipt lists.
      items INTEGER NOT NULL CHECK (items >= 0),
      -- [{isbn, title, author, qty, unitPriceCents, event: {originId, seq}}], in line order.
      lines TEXT NOT NULL CHECK (json_valid(lines) AND json_type(lines) = 'array'),
      PRIMARY KEY (origin_id, receipt_no)
    ) STRICT, WITHOUT ROWID;
  `);
  const total = (db.prepare('SELECT count(*) AS n FROM receipts').get() as { n: number }).n;
  const copy = db.prepare<[string, number, number]>(
    `INSERT INTO receipts_rebuilt (origin_id, receipt_no, kind, store_id, cashier, created_at, hlc,
       payment_method, card_reference, total_cents, tendered_cents, change_cents, status,
       original_receipt_id, items, lines)
     SELECT r.origin_id, r.receipt_no, r.kind, r.store_id, r.cashier, r.created_at,
       r.hlc, r.payment_method, r.card_reference, r.total_cents, r.tendered_cents, r.change_cents,
       r.status, r.original_receipt_id,
       (SELECT coalesce(sum(l.qty), 0) FROM receipt_lines l WHERE l.receipt_id = r.receipt_id),
       (SELECT json_group_array(json_object('isbn', l.isbn, 'title', l.title, 'author', l.author,
            'qty', l.qty, 'unitPriceCents', l.unit_price_cents,
            'event', json_object('originId', l.event_origin_id, 'seq', l.event_seq))
          ORDER BY l.line_no)
        FROM receipt_lines l WHERE l.receipt_id = r.receipt_id)
     FROM receipts r
     WHERE (r.origin_id, r.receipt_no) > (?, ?)
     ORDER BY r.origin_id, r.receipt_no
     LIMIT ?`,
  );
  const last = db.prepare<[], { origin_id: string; receipt_no: number }>(
    'SELECT origin_id, receipt_no FROM receipts_rebuilt ORDER BY origin_id DESC, receipt_no DESC LIMIT 1',
  );
  let copied = 0;
  let after = { origin_id: '', receipt_no: 0 };
  yield { done: 0, total };
  for (;;) {
    const { changes } = copy.run(after.origin_id, after.receipt_no, COPY_CHUNK);
    if (changes === 0) break;
    copied += changes;
    after = last.get() ?? after;
    yield { done: copied, total };
  }
  db.exec(`
    DROP TABLE receipt_lines;
    DROP TABLE receipts;
    ALTER TABLE receipts_rebuilt RENAME TO receipts;
  `);
}

/** Every receipt id this register wrote names its key; one that does not was not written by it. */
function refuseUnkeyedIds(db: Database): void {
  const odd = db
    .prepare<[], { receipt_id: string }>(
      `SELECT receipt_id FROM receipts
       WHERE receipt_id <> origin_id || '-' || printf('%06d', receipt_no) LIMIT 1`,
    )
    .get();
  if (odd) {
    throw new UserError(
      'LEDGER_DAMAGED',
      `Upgrading the ledger (receipts in one row) found receipt ${odd.receipt_id}, whose id does not match its register and number; the ledger was left as it was. Restore it from a backup; the master still holds every synced event.`,
    );
  }
}

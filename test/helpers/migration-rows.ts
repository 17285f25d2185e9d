// Representative rows for each schema version, as a register of that version would have written
// them. A migration test inserts the rows of every earlier version, migrates, and checks they
// survive; then it writes the new version's rows to show the new tables work.
import fs from 'node:fs';
import type { SqliteDatabase } from '../../app/ledger/database.js';
import { originNo } from './foreign-events.js';
import { demoIsbn, titleRecord } from './ledgers.js';

export const FIXTURE_ORIGIN = originNo(1);
export const FIXTURE_ISBN = demoIsbn(0);
const RECEIPT_ID = `${FIXTURE_ORIGIN}-000001`;

type RowWriter = (db: SqliteDatabase, file: string) => void;

function run(db: SqliteDatabase, sql: string, ...params: unknown[]): void {
  db.prepare(sql).run(...params);
}

const version1: RowWriter = (db, file) => {
  const stat = fs.statSync(file, { bigint: true });
  run(db, "INSERT INTO meta (key, value) VALUES ('store_id', 'uptown')");
  run(db, "INSERT INTO meta (key, value) VALUES ('origin_id', ?)", FIXTURE_ORIGIN);
  run(db, "INSERT INTO meta (key, value) VALUES ('file_identity', ?)", `${stat.dev}:${stat.ino}`);
  run(
    db,
    "INSERT INTO origin_history (origin_id, started_at, reason) VALUES (?, '2026-01-01T00:00:00.000Z', 'new ledger')",
    FIXTURE_ORIGIN,
  );
  const events = [
    {
      kind: 'DELIVERY',
      originId: FIXTURE_ORIGIN,
      seq: 1,
      hlc: '001767225600000.00000',
      storeId: 'uptown',
      isbn: FIXTURE_ISBN,
      actor: 'setup',
      qty: 5,
      reference: 'opening stock',
    },
    {
      kind: 'SALE',
      originId: FIXTURE_ORIGIN,
      seq: 2,
      hlc: '001767225600001.00000',
      storeId: 'uptown',
      isbn: FIXTURE_ISBN,
      actor: 'ana',
      qty: 2,
      unitPriceCents: 1299,
      receiptId: RECEIPT_ID,
    },
  ];
  for (const event of events) {
    run(
      db,
      'INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body) VALUES (?, ?, ?, ?, ?, ?, ?)',
      event.originId,
      event.seq,
      event.hlc,
      event.storeId,
      event.isbn,
      event.kind,
      JSON.stringify(event),
    );
  }
  run(db, 'INSERT INTO vector (origin_id, seq) VALUES (?, 2)', FIXTURE_ORIGIN);
  run(db, "INSERT INTO early_events (origin_id, seq, body) VALUES (?, 9, '{}')", originNo(2));
};

const version2: RowWriter = (db) => {
  run(db, "INSERT INTO stores (store_id, name) VALUES ('uptown', 'Uptown')");
  const title = titleRecord(0);
  run(
    db,
    'INSERT INTO titles (isbn, title, author, price_cents, cost_cents, section) VALUES (?, ?, ?, ?, ?, ?)',
    title.isbn,
    title.title,
    title.author,
    title.priceCents,
    title.costCents,
    title.section,
  );
  run(db, "INSERT INTO stock (store_id, isbn, on_hand) VALUES ('uptown', ?, 3)", FIXTURE_ISBN);
};

const version3: RowWriter = (db) => {
  run(
    db,
    `INSERT INTO receipts (receipt_id, receipt_no, kind, store_id, origin_id, cashier, created_at, hlc,
       payment_method, card_reference, total_cents, tendered_cents, change_cents, status)
     VALUES (?, 1, 'SALE', 'uptown', ?, 'ana', '2026-01-01T00:00:00.001Z', '001767225600001.00000',
       'cash', NULL, 2598, 3000, 402, 'final')`,
    RECEIPT_ID,
    FIXTURE_ORIGIN,
  );
  run(
    db,
    `INSERT INTO receipt_lines (receipt_id, line_no, isbn, title, author, qty, unit_price_cents, event_origin_id, event_seq)
     VALUES (?, 1, ?, 'A Title', 'An Author', 2, 1299, ?, 2)`,
    RECEIPT_ID,
    FIXTURE_ISBN,
    FIXTURE_ORIGIN,
  );
};

const version4: RowWriter = (db) => {
  run(db, 'INSERT INTO master_held (origin_id, seq) VALUES (?, 1)', FIXTURE_ORIGIN);
  run(
    db,
    "INSERT INTO sync_runs (kind, started_at, finished_at, pushed, pulled, outcome) VALUES ('batch', '2026-01-02T02:00:00Z', '2026-01-02T02:00:05Z', 1, 0, 'ok')",
  );
};

const version5: RowWriter = (db) => {
  run(
    db,
    `INSERT INTO repairs (at, store_id, isbn, actor, at_counter, local_before, outcome)
     VALUES ('2026-01-02T10:00:00Z', 'uptown', ?, 'ana', 1, 3, 'agreed')`,
    FIXTURE_ISBN,
  );
  run(
    db,
    "INSERT INTO count_flags (store_id, isbn, reason, flagged_at) VALUES ('uptown', ?, 'disputed', '2026-01-02T10:00:00Z')",
    FIXTURE_ISBN,
  );
  run(
    db,
    `INSERT INTO stocktakes (stocktake_id, store_id, started_at, started_hlc, started_by, scope, status)
     VALUES ('night-1', 'uptown', '2026-01-02T22:00:00Z', '001767391200000.00000', 'manager', '{"kind":"all"}', 'open')`,
  );
  run(
    db,
    `INSERT INTO stocktake_counts (stocktake_id, isbn, counted, vector, first_hlc, last_hlc)
     VALUES ('night-1', ?, 3, ?, '001767391200000.00000', '001767391200000.00000')`,
    FIXTURE_ISBN,
    JSON.stringify({ [FIXTURE_ORIGIN]: 2 }),
  );
};

const version6: RowWriter = (db) => {
  run(
    db,
    `INSERT INTO staff (staff_id, name, role, pin_salt, pin_hash, created_at)
     VALUES ('staff-1', 'Morgan', 'manager', zeroblob(16), zeroblob(32), '2026-01-02T09:00:00Z')`,
  );
};

const version7: RowWriter = (db) => {
  run(
    db,
    "INSERT INTO stock (store_id, isbn, on_hand, horizon) VALUES ('uptown', ?, 0, '{}')",
    demoIsbn(1),
  );
};

const version8: RowWriter = (db) => {
  const returnId = `${FIXTURE_ORIGIN}-000002`;
  run(
    db,
    `INSERT INTO receipts (receipt_id, receipt_no, kind, store_id, origin_id, cashier, created_at, hlc,
       payment_method, card_reference, total_cents, tendered_cents, change_cents, status, original_receipt_id)
     VALUES (?, 2, 'RETURN', 'uptown', ?, 'ana', '2026-01-03T00:00:00.001Z', '001767398400001.00000',
       'cash', NULL, 1299, 1299, 0, 'final', ?)`,
    returnId,
    FIXTURE_ORIGIN,
    RECEIPT_ID,
  );
  run(
    db,
    `INSERT INTO receipt_lines (receipt_id, line_no, isbn, title, author, qty, unit_price_cents, event_origin_id, event_seq)
     VALUES (?, 1, ?, 'A Title', 'An Author', 1, 1299, ?, 3)`,
    returnId,
    FIXTURE_ISBN,
    FIXTURE_ORIGIN,
  );
};

const version9: RowWriter = (db) => {
  run(
    db,
    "INSERT INTO stock (store_id, isbn, on_hand, horizon, event_count, seq_sum) VALUES ('uptown', ?, 0, '{}', 0, 0)",
    demoIsbn(3),
  );
};

// Migration 10 adds no table or column: it rebuilds `events`, whose rows version 1 wrote.
const version10: RowWriter = () => undefined;

const version11: RowWriter = (db) => {
  run(
    db,
    `INSERT INTO receipts (origin_id, receipt_no, kind, store_id, cashier, created_at, hlc,
       payment_method, card_reference, total_cents, tendered_cents, change_cents, status,
       original_receipt_id, items, lines)
     VALUES (?, 3, 'SALE', 'uptown', 'ana', '2026-01-04T00:00:00.001Z', '001767484800001.00000',
       'card', NULL, 1299, NULL, NULL, 'pending', NULL, 1, ?)`,
    FIXTURE_ORIGIN,
    JSON.stringify([
      {
        isbn: FIXTURE_ISBN,
        title: 'A Title',
        author: 'An Author',
        qty: 1,
        unitPriceCents: 1299,
        event: { originId: FIXTURE_ORIGIN, seq: 4 },
      },
    ]),
  );
};

// Migration 12 changes no table: from it, the writing origin's vector row may lag its log.
const version12: RowWriter = () => undefined;

// Migration 13 adds an index only: version 11's pending receipt is what it must hold.
const version13: RowWriter = () => undefined;

interface ReceiptRowV3 {
  receipt_id: string;
  receipt_no: number;
  origin_id: string;
  [column: string]: unknown;
}

interface LineRowV3 {
  receipt_id: string;
  line_no: number;
  isbn: string;
  title: string;
  author: string;
  qty: number;
  unit_price_cents: number;
  event_origin_id: string;
  event_seq: number;
}

/**
 * Migration 11's rows, worked out in plain code from the rows before it: each receipt with its
 * lines in line order as a JSON array and their copies summed; receipt_lines gone.
 */
function receiptsInOneRow(before: Record<string, unknown[]>): Record<string, unknown[]> {
  const { receipt_lines: lineRows = [], receipts = [], ...rest } = before;
  const lines = lineRows as LineRowV3[];
  const reshaped = (receipts as ReceiptRowV3[]).map((receipt) => {
    const own = lines
      .filter((line) => line.receipt_id === receipt.receipt_id)
      .sort((a, b) => a.line_no - b.line_no);
    return {
      ...receipt,
      items: own.reduce((sum, line) => sum + line.qty, 0),
      lines: JSON.stringify(
        own.map((line) => ({
          isbn: line.isbn,
          title: line.title,
          author: line.author,
          qty: line.qty,
          unitPriceCents: line.unit_price_cents,
          event: { originId: line.event_origin_id, seq: line.event_seq },
        })),
      ),
    };
  });
  reshaped.sort((a, b) =>
    a.origin_id === b.origin_id ? a.receipt_no - b.receipt_no : a.origin_id < b.origin_id ? -1 : 1,
  );
  return { ...rest, receipts: reshaped };
}

export interface MigrationFixture {
  /** Tables this version adds. */
  tables: string[];
  /** Columns this version adds to existing tables: every earlier row keeps its other values. */
  columns?: Record<string, string[]>;
  /** Tables this version reshapes: which go, and every row expected after, from the rows before. */
  reshapes?: {
    drops: string[];
    rows: (before: Record<string, unknown[]>) => Record<string, unknown[]>;
  };
  writeRows: RowWriter;
  /** A row the new tables must refuse, proving their constraints are in place. */
  refusedRow: { sql: string; error: RegExp };
}

/** An INSERT of receipt 9 as migration 11 shapes receipts, with `status` and `lines` as given. */
function oneRowReceipt(status: string, lines: string): string {
  return `INSERT INTO receipts (origin_id, receipt_no, kind, store_id, cashier, created_at, hlc,
      payment_method, total_cents, status, items, lines)
    VALUES ('${FIXTURE_ORIGIN}', 9, 'SALE', 'uptown', 'ana', 'now', 'h', 'card', 0, '${status}', 0,
      '${lines}')`;
}

export const MIGRATION_FIXTURES: Record<number, MigrationFixture> = {
  1: {
    tables: ['early_events', 'events', 'meta', 'origin_history', 'vector'],
    writeRows: version1,
    refusedRow: {
      sql: "INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body) VALUES ('o', 1, 'h', 's', 'i', 'BOGUS', '{}')",
      error: /CHECK constraint/,
    },
  },
  2: {
    tables: ['stock', 'stores', 'titles'],
    writeRows: version2,
    refusedRow: {
      sql: "INSERT INTO titles (isbn, title, author, price_cents, cost_cents) VALUES ('123', 't', 'a', 1, 1)",
      error: /CHECK constraint/,
    },
  },
  3: {
    tables: ['receipt_lines', 'receipts'],
    writeRows: version3,
    refusedRow: {
      sql: "INSERT INTO receipt_lines (receipt_id, line_no, isbn, title, author, qty, unit_price_cents, event_origin_id, event_seq) VALUES ('missing', 1, 'i', 't', 'a', 1, 1, 'o', 1)",
      error: /FOREIGN KEY constraint/,
    },
  },
  4: {
    tables: ['master_held', 'sync_runs'],
    writeRows: version4,
    refusedRow: {
      sql: "INSERT INTO sync_runs (kind, started_at) VALUES ('guess', '2026-01-01')",
      error: /CHECK constraint/,
    },
  },
  5: {
    tables: ['count_flags', 'repairs', 'stocktake_counts', 'stocktakes'],
    writeRows: version5,
    refusedRow: {
      sql: "INSERT INTO stocktake_counts (stocktake_id, isbn, counted, vector, first_hlc, last_hlc) VALUES ('no-such', 'i', 1, '{}', 'h', 'h')",
      error: /FOREIGN KEY constraint/,
    },
  },
  6: {
    tables: ['staff'],
    writeRows: version6,
    refusedRow: {
      sql: "INSERT INTO staff (staff_id, name, role, pin_salt, pin_hash, created_at) VALUES ('s2', 'Casey', 'owner', zeroblob(16), zeroblob(32), 'now')",
      error: /CHECK constraint/,
    },
  },
  7: {
    tables: [],
    columns: { stock: ['horizon'] },
    writeRows: version7,
    refusedRow: {
      sql: "INSERT INTO stock (store_id, isbn, on_hand, horizon) VALUES ('uptown', 'x', 0, 'not json')",
      error: /CHECK constraint/,
    },
  },
  8: {
    tables: [],
    writeRows: version8,
    refusedRow: {
      sql: `INSERT INTO receipts (receipt_id, receipt_no, kind, store_id, origin_id, cashier, created_at, hlc,
        payment_method, total_cents, status, original_receipt_id)
        VALUES ('r-9', 9, 'RETURN', 'uptown', 'o', 'ana', 'now', 'h', 'card', 0, 'final', 'no-such-receipt')`,
      error: /FOREIGN KEY constraint/,
    },
  },
  9: {
    tables: [],
    columns: { stock: ['event_count', 'seq_sum'] },
    writeRows: version9,
    refusedRow: {
      sql: "INSERT INTO stock (store_id, isbn, on_hand, horizon, event_count, seq_sum) VALUES ('uptown', 'y', 0, '{}', -1, 0)",
      error: /CHECK constraint/,
    },
  },
  10: {
    tables: [],
    writeRows: version10,
    refusedRow: {
      // The key is a UNIQUE constraint now, no longer the primary key: a second seq 1 of an origin.
      sql: `INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body)
        VALUES ('${FIXTURE_ORIGIN}', 1, 'h', 'uptown', 'i', 'SALE', '{}')`,
      error: /UNIQUE constraint failed: events.origin_id, events.seq/,
    },
  },
  11: {
    tables: [],
    reshapes: { drops: ['receipt_lines'], rows: receiptsInOneRow },
    writeRows: version11,
    refusedRow: {
      // Lines that are not a JSON array: a reprint could not read them back.
      sql: oneRowReceipt('final', '{"isbn":"9780000000011"}'),
      error: /CHECK constraint/,
    },
  },
  12: {
    tables: [],
    writeRows: version12,
    refusedRow: {
      // The vector still refuses what no log can hold.
      sql: `INSERT INTO vector (origin_id, seq) VALUES ('${FIXTURE_ORIGIN.replace(/0$/, 'f')}', -1)`,
      error: /CHECK constraint/,
    },
  },
  13: {
    tables: [],
    writeRows: version13,
    refusedRow: {
      // A receipt is pending, final or cancelled: the index keeps what is pending.
      sql: oneRowReceipt('waiting', '[]'),
      error: /CHECK constraint/,
    },
  },
};

/** The rows a file holding `rows` at version `from` holds at `to`, as the fixtures reshape them. */
export function rowsAfter(
  rows: Record<string, unknown[]>,
  from: number,
  to: number,
): Record<string, unknown[]> {
  let expected = rows;
  for (let version = from + 1; version <= to; version += 1) {
    const reshapes = MIGRATION_FIXTURES[version]?.reshapes;
    if (reshapes) expected = reshapes.rows(expected);
  }
  return expected;
}

/** Every row of every user table, to compare before and after a migration. */
export function allRows(db: SqliteDatabase, tables: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(
    tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2`).all()]),
  );
}

export function userTables(db: SqliteDatabase): string[] {
  return (
    db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
}

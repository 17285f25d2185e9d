import type { EventKey } from '../protocol/events.js';
import type { Ledger } from '../ledger/ledger.js';

export type RepairRecordOutcome =
  'agreed' | 'discrepancy' | 'corrected' | 'declined' | 'unverified' | 'flagged';

export interface RepairRecord {
  repairId: number;
  at: string;
  storeId: string;
  isbn: string;
  actor: string;
  atCounter: number;
  localBefore: number;
  localAfter: number | null;
  masterBefore: number | null;
  masterAfter: number | null;
  eventsIn: number;
  eventsOut: number;
  outcome: RepairRecordOutcome;
  correction: EventKey | null;
  message: string | null;
}

interface RepairRow {
  repair_id: number;
  at: string;
  store_id: string;
  isbn: string;
  actor: string;
  at_counter: number;
  local_before: number;
  local_after: number | null;
  master_before: number | null;
  master_after: number | null;
  events_in: number;
  events_out: number;
  outcome: RepairRecordOutcome;
  correction_origin_id: string | null;
  correction_seq: number | null;
  message: string | null;
}

const fromRow = (row: RepairRow): RepairRecord => ({
  repairId: row.repair_id,
  at: row.at,
  storeId: row.store_id,
  isbn: row.isbn,
  actor: row.actor,
  atCounter: row.at_counter,
  localBefore: row.local_before,
  localAfter: row.local_after,
  masterBefore: row.master_before,
  masterAfter: row.master_after,
  eventsIn: row.events_in,
  eventsOut: row.events_out,
  outcome: row.outcome,
  correction:
    row.correction_origin_id && row.correction_seq
      ? { originId: row.correction_origin_id, seq: row.correction_seq }
      : null,
  message: row.message,
});

export function insertRepair(
  ledger: Ledger,
  record: Omit<RepairRecord, 'repairId' | 'at' | 'correction'>,
): number {
  const info = ledger.db
    .prepare(
      `INSERT INTO repairs (at, store_id, isbn, actor, at_counter, local_before, local_after, master_before,
         master_after, events_in, events_out, outcome, message)
       VALUES (@at, @storeId, @isbn, @actor, @atCounter, @localBefore, @localAfter, @masterBefore,
         @masterAfter, @eventsIn, @eventsOut, @outcome, @message)`,
    )
    .run({ ...record, at: new Date().toISOString() });
  return Number(info.lastInsertRowid);
}

export function updateRepair(
  ledger: Ledger,
  repairId: number,
  change: Partial<
    Pick<
      RepairRecord,
      | 'outcome'
      | 'localAfter'
      | 'masterBefore'
      | 'masterAfter'
      | 'message'
      | 'correction'
      | 'eventsIn'
      | 'eventsOut'
    >
  >,
): void {
  const current = repairById(ledger, repairId);
  const next = { ...current, ...change };
  ledger.db
    .prepare(
      `UPDATE repairs SET outcome = @outcome, local_after = @localAfter, master_before = @masterBefore,
         master_after = @masterAfter,
         message = @message, events_in = @eventsIn, events_out = @eventsOut,
         correction_origin_id = @correctionOrigin, correction_seq = @correctionSeq WHERE repair_id = @repairId`,
    )
    .run({
      ...next,
      correctionOrigin: next.correction?.originId ?? null,
      correctionSeq: next.correction?.seq ?? null,
    });
}

export function repairById(ledger: Ledger, repairId: number): RepairRecord {
  const row = ledger.db.prepare('SELECT * FROM repairs WHERE repair_id = ?').get(repairId) as
    RepairRow | undefined;
  if (!row) throw new Error(`no repair ${repairId}`);
  return fromRow(row);
}

export function recentRepairs(ledger: Ledger, limit = 100): RepairRecord[] {
  return (
    ledger.db
      .prepare('SELECT * FROM repairs ORDER BY repair_id DESC LIMIT CAST(? AS INTEGER)')
      .all(limit) as RepairRow[]
  ).map(fromRow);
}

export function unverifiedRepairs(ledger: Ledger): RepairRecord[] {
  return (
    ledger.db
      .prepare("SELECT * FROM repairs WHERE outcome = 'unverified' ORDER BY repair_id")
      .all() as RepairRow[]
  ).map(fromRow);
}

/** Marks a title to be counted at the next stocktake, with why. */
export function flagForCount(ledger: Ledger, storeId: string, isbn: string, reason: string): void {
  ledger.db
    .prepare(
      `INSERT INTO count_flags (store_id, isbn, reason, flagged_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (store_id, isbn) DO UPDATE SET reason = excluded.reason, flagged_at = excluded.flagged_at`,
    )
    .run(storeId, isbn, reason, new Date().toISOString());
}

export function countFlags(ledger: Ledger): { isbn: string; reason: string; flaggedAt: string }[] {
  return (
    ledger.db
      .prepare(
        'SELECT isbn, reason, flagged_at FROM count_flags WHERE store_id = ? ORDER BY flagged_at',
      )
      .all(ledger.storeId) as { isbn: string; reason: string; flagged_at: string }[]
  ).map((row) => ({ isbn: row.isbn, reason: row.reason, flaggedAt: row.flagged_at }));
}

export function clearCountFlags(ledger: Ledger, isbns: readonly string[]): void {
  const clear = ledger.statement('DELETE FROM count_flags WHERE store_id = ? AND isbn = ?');
  // A whole-store count names tens of thousands of titles, of which a handful are flagged.
  const flagged = (
    ledger.statement('SELECT isbn FROM count_flags WHERE store_id = ?').all(ledger.storeId) as {
      isbn: string;
    }[]
  ).map((row) => row.isbn);
  const named = flagged.length < isbns.length ? new Set(isbns) : undefined;
  for (const isbn of named ? flagged.filter((one) => named.has(one)) : isbns) {
    clear.run(ledger.storeId, isbn);
  }
}

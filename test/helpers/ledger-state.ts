// Whole-ledger snapshots, so a test can say "this refused operation wrote nothing" and mean it.
import type { Ledger } from '../../app/ledger/ledger.js';
import type { EventKey, LedgerEvent } from '../../app/protocol/events.js';

export interface LedgerSnapshot {
  vector: Record<string, number>;
  events: unknown[];
  earlyEvents: unknown[];
  receipts: unknown[];
  stock: unknown[];
  meta: unknown[];
  originHistory: unknown[];
}

export function snapshot(ledger: Ledger): LedgerSnapshot {
  const all = (sql: string) => ledger.db.prepare(sql).all();
  return {
    vector: ledger.vector(),
    events: all('SELECT * FROM events ORDER BY origin_id, seq'),
    earlyEvents: all('SELECT * FROM early_events ORDER BY origin_id, seq'),
    receipts: all('SELECT * FROM receipts ORDER BY origin_id, receipt_no'),
    stock: all('SELECT * FROM stock ORDER BY store_id, isbn'),
    meta: all('SELECT * FROM meta ORDER BY key'),
    originHistory: all('SELECT * FROM origin_history ORDER BY rowid'),
  };
}

/** The seqs this ledger holds for one origin, in order. */
export function seqsOf(ledger: Ledger, originId: string): number[] {
  return (
    ledger.db.prepare('SELECT seq FROM events WHERE origin_id = ? ORDER BY seq').all(originId) as {
      seq: number;
    }[]
  ).map((row) => row.seq);
}

export function oneToN(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** The event a key names, failing the test if the ledger lacks it. */
export function eventAt(ledger: Ledger, key: EventKey | undefined): LedgerEvent {
  const event = key ? ledger.event(key) : undefined;
  if (!event) throw new Error(`the ledger holds no event ${key?.originId}:${key?.seq}`);
  return event;
}

export function keyOf(event: LedgerEvent | undefined): EventKey {
  if (!event) throw new Error('no event');
  return { originId: event.originId, seq: event.seq };
}

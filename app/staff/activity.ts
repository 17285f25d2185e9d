// The manager's journal: who sold, took back, received, corrected and counted, newest first, read
// from this store's events in the local ledger (every event names its actor). The events of one
// receipt, one delivery or one stocktake are shown as one entry.
import { hlcToDate } from '../ledger/hlc.js';
import type { Ledger } from '../ledger/ledger.js';
import type { LedgerEvent } from '../protocol/events.js';

export type ActivityKind =
  'sale' | 'return' | 'delivery' | 'correction' | 'stocktake' | 'cancellation' | 'transfer';

export interface ActivityEntry {
  at: string;
  kind: ActivityKind;
  actor: string;
  /** The receipt, delivery reference, stocktake, reason or transfer the entry is about. */
  detail: string;
  titles: number;
  /** Copies moved (for a stocktake: copies counted; for a correction: the change, signed). */
  copies: number;
}

// A journal page reads at most this many events: enough for a busy day's last entries, bounded
// so a long log never makes the screen wait.
const EVENTS_PER_ENTRY = 40;
const MAX_EVENTS = 20_000;

interface Grouping {
  kind: ActivityKind;
  detail: string;
  copies: number;
}

function groupingOf(event: LedgerEvent): Grouping {
  switch (event.kind) {
    case 'SALE':
      return { kind: 'sale', detail: event.receiptId, copies: event.qty };
    case 'RETURN':
      return { kind: 'return', detail: event.receiptId, copies: event.qty };
    case 'DELIVERY':
      return { kind: 'delivery', detail: event.reference, copies: event.qty };
    case 'ADJUST':
      return { kind: 'correction', detail: event.reason, copies: event.delta };
    case 'STOCKTAKE':
      return { kind: 'stocktake', detail: event.stocktakeId, copies: event.counted };
    case 'VOID':
      return { kind: 'cancellation', detail: event.reason, copies: 0 };
    case 'TRANSFER_OUT':
      return { kind: 'transfer', detail: `to ${event.toStoreId}`, copies: -event.qty };
    case 'TRANSFER_IN':
      return { kind: 'transfer', detail: `from ${event.fromStoreId}`, copies: event.qty };
  }
}

export function recentActivity(ledger: Ledger, limit: number): ActivityEntry[] {
  const rows = ledger
    .statement(
      `SELECT body FROM events WHERE store_id = ?
       ORDER BY hlc DESC, origin_id, seq DESC LIMIT CAST(? AS INTEGER)`,
    )
    .all(ledger.storeId, Math.min(limit * EVENTS_PER_ENTRY, MAX_EVENTS)) as { body: string }[];
  const entries: (ActivityEntry & { key: string; isbns: Set<string> })[] = [];
  for (const { body } of rows) {
    const event = JSON.parse(body) as LedgerEvent;
    const grouping = groupingOf(event);
    const key = `${event.originId} ${grouping.kind} ${event.actor} ${grouping.detail}`;
    const last = entries.at(-1);
    if (last?.key === key) {
      last.copies += grouping.copies;
      last.isbns.add(event.isbn);
      last.titles = last.isbns.size;
      continue;
    }
    if (entries.length === limit) break;
    entries.push({
      key,
      isbns: new Set([event.isbn]),
      at: hlcToDate(event.hlc).toISOString(),
      kind: grouping.kind,
      actor: event.actor,
      detail: grouping.detail,
      titles: 1,
      copies: grouping.copies,
    });
  }
  return entries.map(({ key: _key, isbns: _isbns, ...entry }) => entry);
}

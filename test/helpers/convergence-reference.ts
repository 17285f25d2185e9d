// The count rule of docs/architecture.md ("Counts"), written again from the prose and on purpose
// without app/ledger/fold.ts or app/ledger/vector.ts: the convergence proof compares the ledgers
// and the master with this, so a mistake shared by the ledger and its own tests cannot hide.
import type { EventOfKind, LedgerEvent, VersionVector } from '../../app/protocol/events.js';

type Stocktake = EventOfKind<'STOCKTAKE'>;

const idOf = (key: { originId: string; seq: number }): string => `${key.originId}/${key.seq}`;

/** A (store, title) pair as one map key. */
export const titleKey = (storeId: string, isbn: string): string => `${storeId} ${isbn}`;

function knows(vector: VersionVector, event: { originId: string; seq: number }): boolean {
  return (vector[event.originId] ?? 0) >= event.seq;
}

/** How many events a vector names: one per seq of each origin it reaches. */
function eventsNamed(vector: VersionVector): number {
  return Object.values(vector).reduce((sum, seq) => sum + seq, 0);
}

/** What an event does to the shelf on its own (stocktakes and voids act through the rule). */
function movement(event: LedgerEvent): number {
  switch (event.kind) {
    case 'SALE':
    case 'TRANSFER_OUT':
      return -event.qty;
    case 'RETURN':
    case 'DELIVERY':
    case 'TRANSFER_IN':
      return event.qty;
    case 'ADJUST':
      return event.delta;
    case 'STOCKTAKE':
    case 'VOID':
      return 0;
  }
}

/** Of two concurrent counts: the one that had seen more events, then the greater event key. */
function beats(a: Stocktake, b: Stocktake): boolean {
  const seen = eventsNamed(a.vector) - eventsNamed(b.vector);
  if (seen !== 0) return seen > 0;
  if (a.originId !== b.originId) return a.originId > b.originId;
  return a.seq > b.seq;
}

function countOneTitle(events: readonly LedgerEvent[]): number {
  const counts = events.filter((event): event is Stocktake => event.kind === 'STOCKTAKE');
  // A count that another count had already seen is superseded by it.
  const standing = counts.filter(
    (count) => !counts.some((other) => other !== count && knows(other.vector, count)),
  );
  let winner: Stocktake | undefined;
  for (const count of standing) if (!winner || beats(count, winner)) winner = count;
  let onHand = winner?.counted ?? 0;
  for (const event of events) {
    if (winner && knows(winner.vector, event)) continue;
    onHand += movement(event);
  }
  return onHand;
}

/** On-hand per titleKey for a set of events (duplicates and order do not matter). */
export function referenceCounts(events: readonly LedgerEvent[]): Map<string, number> {
  const unique = new Map<string, LedgerEvent>();
  for (const event of events) unique.set(idOf(event), event);
  // A VOID cancels its target, unless the target is itself a VOID (a void of a void does nothing).
  const cancelled = new Set<string>();
  for (const event of unique.values()) {
    if (event.kind !== 'VOID') continue;
    const target = unique.get(idOf(event.target));
    if (target?.kind !== 'VOID') cancelled.add(idOf(event.target));
  }
  const byTitle = new Map<string, LedgerEvent[]>();
  for (const event of unique.values()) {
    if (cancelled.has(idOf(event))) continue;
    const key = titleKey(event.storeId, event.isbn);
    byTitle.set(key, [...(byTitle.get(key) ?? []), event]);
  }
  const counts = new Map<string, number>();
  for (const [key, titleEvents] of byTitle) counts.set(key, countOneTitle(titleEvents));
  return counts;
}

// The count of one (store, title) as a pure function of the set of its events: arrival order,
// duplicates and the clock play no part. The stock cache, the master and the tests all rely on it.
import { assertNever } from '../shared/assert.js';
import type { EventOfKind, LedgerEvent } from '../protocol/events.js';
import { keyOf, vectorCovers, vectorSize } from './vector.js';

export type StocktakeEvent = EventOfKind<'STOCKTAKE'>;

/** What an event does to on-hand, ignoring stocktakes and voids. */
export function eventDelta(event: LedgerEvent): number {
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
    default:
      return assertNever(event, 'event kind');
  }
}

/**
 * Of two concurrent stocktakes (neither register had seen the other's), the one that had seen more
 * events wins; the event key breaks a tie. Wall clocks are deliberately not consulted.
 */
export function compareStocktakes(a: StocktakeEvent, b: StocktakeEvent): number {
  const bySize = vectorSize(a.vector) - vectorSize(b.vector);
  if (bySize !== 0) return bySize;
  if (a.originId !== b.originId) return a.originId < b.originId ? -1 : 1;
  return a.seq - b.seq;
}

export interface FoldResult {
  onHand: number;
  /** The stocktake the count starts from, if any. */
  stocktake: StocktakeEvent | null;
  /** Concurrent stocktakes that lost to `stocktake`: the manager should look at them. */
  supersededConcurrent: StocktakeEvent[];
}

/** Keys of events cancelled by an effective VOID. A VOID aimed at a VOID has no effect. */
export function voidedKeys(events: readonly LedgerEvent[]): Set<string> {
  const voids = new Set<string>();
  const voidEvents = new Set<string>();
  for (const event of events) {
    if (event.kind === 'VOID') {
      voids.add(keyOf(event.target));
      voidEvents.add(keyOf(event));
    }
  }
  for (const key of voidEvents) voids.delete(key);
  return voids;
}

/** Folds the events of one (store, title); a duplicate key counts once. All must share the key. */
export function foldCount(events: readonly LedgerEvent[]): FoldResult {
  const unique = [...new Map(events.map((event) => [keyOf(event), event])).values()];
  const voided = voidedKeys(unique);
  const live = unique.filter((event) => !voided.has(keyOf(event)));
  const stocktakes = live.filter((event): event is StocktakeEvent => event.kind === 'STOCKTAKE');

  // A stocktake is superseded when a later count had already seen it.
  const maximal = stocktakes.filter(
    (candidate) =>
      !stocktakes.some((other) => other !== candidate && vectorCovers(other.vector, candidate)),
  );
  maximal.sort(compareStocktakes);
  const stocktake = maximal.at(-1) ?? null;

  let onHand = stocktake?.counted ?? 0;
  for (const event of live) {
    if (stocktake && vectorCovers(stocktake.vector, event)) continue;
    onHand += eventDelta(event);
  }
  return { onHand, stocktake, supersededConcurrent: maximal.slice(0, -1) };
}

// The sequence rules of docs/protocol.md applied to one append request, without touching the
// database: which events are new, which are re-sent duplicates, and whether the request must be
// refused whole (GAP, CONFLICT). The PostgreSQL writer judges first and writes only what passed.
import type { LedgerEvent } from '../protocol/events.js';
import { canonicalEvent } from '../ledger/canonical.js';
import { strictAssert } from '../shared/assert.js';
import { EventConflictError, EventGapError } from './master-errors.js';

export interface JudgeState {
  /** Highest contiguous seq held for the origin before this request (0: none). */
  held(originId: string): number;
  /** The stored canonical body of a held key. */
  storedBody(originId: string, seq: number): string | undefined;
}

export interface NewEvent {
  event: LedgerEvent;
  body: string;
}

export interface Judgement {
  accepted: NewEvent[];
  duplicates: number;
  /** Held per origin of the request once its accepted events are written. */
  held: Map<string, number>;
}

/** Throws EventConflictError or EventGapError for the first offending event, counting the request's own earlier events. */
export function judgeAppend(events: readonly LedgerEvent[], state: JudgeState): Judgement {
  const held = new Map<string, number>();
  const ownBodies = new Map<string, string>();
  const accepted: NewEvent[] = [];
  let duplicates = 0;
  for (const event of events) {
    let current = held.get(event.originId);
    if (current === undefined) {
      current = state.held(event.originId);
      held.set(event.originId, current);
    }
    const body = canonicalEvent(event);
    if (event.seq <= current) {
      const key = `${event.originId}:${event.seq}`;
      const stored = ownBodies.get(key) ?? state.storedBody(event.originId, event.seq);
      strictAssert(
        stored !== undefined,
        `held says ${event.originId} reaches ${current} but ${event.seq} is missing`,
      );
      if (stored !== body) {
        throw new EventConflictError({ originId: event.originId, seq: event.seq });
      }
      duplicates += 1;
      continue;
    }
    if (event.seq !== current + 1) throw new EventGapError(event.originId, current + 1, event.seq);
    ownBodies.set(`${event.originId}:${event.seq}`, body);
    held.set(event.originId, event.seq);
    accepted.push({ event, body });
  }
  return { accepted, duplicates, held };
}

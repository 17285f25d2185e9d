// A group of append requests judged and counted in memory, before anything is written: which
// requests pass the sequence rules, the events to write, and what every touched count becomes.
// When no request can be refused for its stock, the whole group is written at once (one insert,
// one stock update) instead of one request at a time; see pg-event-writer.ts.
import { eventDelta } from '../ledger/fold.js';
import type { VersionVector } from '../protocol/events.js';
import { strictAssert } from '../shared/assert.js';
import { judgeAppend, type Judgement } from './pg-append-judge.js';
import { InsufficientStockError } from './master-errors.js';
import { countsTowards, titleKey, type TitleBase } from './pg-stock-cache.js';
import type { AppendRequest, AppendResult } from './storage.js';

export interface PgAppendItem {
  request: AppendRequest;
  /** ISO timestamp of the request's arrival. */
  receivedAt: string;
}

export interface JudgedItem {
  index: number;
  item: PgAppendItem;
  judgement: Judgement;
}

export interface GroupJudgement {
  /** The requests that passed the sequence rules, in arrival order. */
  passed: JudgedItem[];
  /** The requests refused by the sequence rules (GAP, CONFLICT), by index. */
  failed: Map<number, unknown>;
  /** Held per origin after the passed requests, only where it moved. */
  changed: Map<string, number>;
}

/**
 * Judges every request in order, each against what the master held plus what the requests
 * before it in the group add, assuming each passed one is written.
 */
export function judgeGroup(
  items: readonly PgAppendItem[],
  heldBefore: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, string>,
): GroupJudgement {
  const held = new Map(heldBefore);
  const groupBodies = new Map<string, string>();
  const passed: JudgedItem[] = [];
  const failed = new Map<number, unknown>();
  const changed = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    let judgement: Judgement;
    try {
      judgement = judgeAppend(item.request.events, {
        held: (originId) => held.get(originId) ?? 0,
        storedBody: (originId, seq) =>
          groupBodies.get(`${originId}:${seq}`) ?? stored.get(`${originId}:${seq}`),
      });
    } catch (error) {
      failed.set(index, error);
      continue;
    }
    for (const { event, body } of judgement.accepted) {
      groupBodies.set(`${event.originId}:${event.seq}`, body);
    }
    for (const [originId, seq] of judgement.held) {
      if (seq !== held.get(originId)) {
        held.set(originId, seq);
        changed.set(originId, seq);
      }
    }
    passed.push({ index, item, judgement });
  }
  return { passed, failed, changed };
}

export type CountPlan =
  | {
      ok: true;
      /** Per title key, what to add to the cached count (only titles some event moves). */
      deltas: Map<string, number>;
      /** Per title key, the count once the whole group is written. */
      after: Map<string, number>;
    }
  /** A strong request would leave a count below zero: the group must be written one by one. */
  | { ok: false; refusal: InsufficientStockError };

/**
 * Counts the passed requests' plain events (no STOCKTAKE or VOID: such a group is written one by one) in order, on
 * top of the cached counts, and checks each strong request against the counts right after its own
 * events, as writing the requests one by one would.
 */
export function planCounts(
  passed: readonly JudgedItem[],
  bases: ReadonlyMap<string, TitleBase>,
  voided: ReadonlySet<string>,
): CountPlan {
  const running = new Map<string, number>();
  const deltas = new Map<string, number>();
  for (const { item, judgement } of passed) {
    for (const { event } of judgement.accepted) {
      const key = titleKey(event.storeId, event.isbn);
      const base = bases.get(key);
      if (!countsTowards(event, base, voided)) continue;
      const delta = eventDelta(event);
      running.set(key, (running.get(key) ?? base?.onHand ?? 0) + delta);
      deltas.set(key, (deltas.get(key) ?? 0) + delta);
    }
    if (!item.request.refuseNegativeStock) continue;
    for (const { event } of judgement.accepted) {
      if (event.kind !== 'SALE') continue;
      const key = titleKey(event.storeId, event.isbn);
      const count = running.get(key) ?? bases.get(key)?.onHand ?? 0;
      if (count < 0) return { ok: false, refusal: new InsufficientStockError(event.isbn, count) };
    }
  }
  return { ok: true, deltas, after: running };
}

export type PgAppendOutcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

/** The title keys whose counts the passed requests want in their answers. */
export function onHandKeys(passed: readonly JudgedItem[]): string[] {
  const keys = new Set<string>();
  for (const { item } of passed) {
    const { onHandFor } = item.request;
    if (!onHandFor) continue;
    for (const isbn of onHandFor.isbns) keys.add(titleKey(onHandFor.storeId, isbn));
  }
  return [...keys];
}

/**
 * One outcome per request once the group is written. Every answer carries the head and the
 * counts as the group's commit leaves them, so a request never reports a count that a later
 * request in the same commit already changed.
 */
export function groupOutcomes(
  size: number,
  passed: readonly JudgedItem[],
  failed: ReadonlyMap<number, unknown>,
  headSeq: number,
  counts: ReadonlyMap<string, number>,
): PgAppendOutcome[] {
  const outcomes: PgAppendOutcome[] = [];
  for (const [index, error] of failed) outcomes[index] = { ok: false, error };
  for (const { index, item, judgement } of passed) {
    const { onHandFor } = item.request;
    const onHand: Record<string, number> = {};
    if (onHandFor) {
      for (const isbn of onHandFor.isbns) {
        onHand[isbn] = counts.get(titleKey(onHandFor.storeId, isbn)) ?? 0;
      }
    }
    const held: VersionVector = Object.fromEntries(judgement.held);
    const value = {
      accepted: judgement.accepted.length,
      duplicates: judgement.duplicates,
      held,
      headSeq,
      onHand,
    };
    outcomes[index] = { ok: true, value };
  }
  return Array.from({ length: size }, (_, index) => {
    const outcome = outcomes[index];
    strictAssert(outcome !== undefined, `request ${index} of the group has no outcome`);
    return outcome;
  });
}

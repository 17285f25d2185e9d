// Writes a group of append requests in ONE PostgreSQL transaction (the caller begins and commits
// it). Each request is judged on its own, against what the master held plus what the requests
// before it in the group wrote, so one request's GAP or CONFLICT never touches another's.
//
// The group is judged and counted in memory first (pg-group-plan.ts) and written all at once
// (pg-merged-write.ts). Only a group where a strong sale would leave a count below zero, or one
// bringing a STOCKTAKE or VOID (whose titles are folded again from the log), is written request by
// request, strong sales each in a savepoint of their own, so the refused one is refused alone.
//
// Locks, always in this order, so two master processes can never deadlock:
//   1. the `held` rows of every origin in the group, created if missing, in origin order: a second
//      process appending the same origin waits here, then judges against what the first wrote;
//   2. the `feed_head` row, taken once the group has new events to write (before the counts they
//      change are read) and kept until commit: masterSeqs are handed out in commit order, so a
//      feed reader that sees masterSeq n also sees every masterSeq below n;
//   3. `stock` rows, only ever written while holding feed_head.
import type { PoolClient } from 'pg';
import { judgeGroup, type PgAppendItem, type PgAppendOutcome } from './pg-group-plan.js';
import { lockHeld, storedBodies } from './pg-log-rows.js';
import { unfusedTransaction, type FusedTransaction } from './pg-fused-transaction.js';
import { GROUP_STATEMENTS, mergedWrite, openingSql, readOpened } from './pg-merged-write.js';
import { writeOneByOne } from './pg-sequential-write.js';

export type { PgAppendItem, PgAppendOutcome } from './pg-group-plan.js';

/** A STOCKTAKE or VOID folds its title again from the log: no counting in memory for such a group. */
function bringsRefold(items: readonly PgAppendItem[]): boolean {
  return items.some(({ request }) =>
    request.events.some((event) => event.kind === 'STOCKTAKE' || event.kind === 'VOID'),
  );
}

/** Writes a group in `transaction`, opening and committing it; resolves once committed. */
export async function writeAppendGroup(
  transaction: FusedTransaction,
  items: readonly PgAppendItem[],
): Promise<PgAppendOutcome[]> {
  const { client } = transaction;
  if (bringsRefold(items)) {
    await transaction.open('');
    const heldBefore = await lockHeld(
      client,
      items.flatMap(({ request }) => request.events.map((event) => event.originId)),
    );
    const stored = await storedBodies(client, items, heldBefore);
    const outcomes = await writeOneByOne(client, items, heldBefore, stored);
    await transaction.commit('');
    return outcomes;
  }
  const opened = readOpened(await transaction.open(openingSql(items), GROUP_STATEMENTS));
  const group = judgeGroup(items, opened.heldBefore, opened.stored);
  const merged = mergedWrite(items.length, group, opened);
  if (merged) {
    await transaction.commit(merged.sql);
    return merged.outcomes;
  }
  const outcomes = await writeOneByOne(client, items, opened.heldBefore, opened.stored);
  await transaction.commit('');
  return outcomes;
}

/** Writes a group on a client whose transaction the caller begins and commits. */
export function writeAppendBatch(
  client: PoolClient,
  items: readonly PgAppendItem[],
): Promise<PgAppendOutcome[]> {
  return writeAppendGroup(unfusedTransaction(client), items);
}

// Writes a group of append requests in ONE PostgreSQL transaction (the caller begins and commits
// it). Each request is judged on its own, against what the master held plus what the requests
// before it in the group wrote, so one request's GAP or CONFLICT never touches another's.
//
// Locks, always in this order, so two master processes can never deadlock:
//   1. the `held` rows of every origin in the group, created if missing, in origin order: a second
//      process appending the same origin waits here, then judges against what the first wrote;
//   2. the `feed_head` row, taken by the first request that has new events and kept until commit:
//      masterSeqs are handed out in commit order, so a feed reader that sees masterSeq n also sees
//      every masterSeq below n;
//   3. `stock` rows, only ever written while holding feed_head.
import type { PoolClient } from 'pg';
import { referencedEvent, type VersionVector } from '../protocol/events.js';
import { judgeAppend, type Judgement, type NewEvent } from './pg-append-judge.js';
import { InsufficientStockError } from './master-errors.js';
import { applyInsertedEvents, readOnHand, titleKey } from './pg-stock-cache.js';
import type { AppendRequest, AppendResult } from './storage.js';

export interface PgAppendItem {
  request: AppendRequest;
  /** ISO timestamp of the request's arrival. */
  receivedAt: string;
}

export type PgAppendOutcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

/** Lock 1: one statement, rows in origin order; new origins get a row at seq 0. */
export async function lockHeld(
  client: PoolClient,
  origins: readonly string[],
): Promise<Map<string, number>> {
  const sorted = [...new Set(origins)].sort();
  if (sorted.length === 0) return new Map();
  const result = await client.query<{ origin_id: string; seq: number }>(
    `INSERT INTO held (origin_id, seq)
     SELECT origin_id, 0 FROM unnest($1::text[]) AS o(origin_id) ORDER BY origin_id
     ON CONFLICT (origin_id) DO UPDATE SET seq = held.seq
     RETURNING origin_id, seq`,
    [sorted],
  );
  return new Map(result.rows.map((row) => [row.origin_id, row.seq]));
}

/** Lock 2: reserves `count` masterSeqs after the head; returns the last. */
export async function reserveMasterSeqs(client: PoolClient, count: number): Promise<number> {
  const result = await client.query<{ master_seq: number }>(
    'UPDATE feed_head SET master_seq = master_seq + $1 RETURNING master_seq',
    [count],
  );
  const last = result.rows[0]?.master_seq;
  if (last === undefined) throw new Error('feed_head has no row: the schema is damaged');
  return last;
}

export interface EventRow extends NewEvent {
  masterSeq: number;
  /** ISO timestamp of the event's arrival at the master. */
  receivedAt: string;
}

export async function insertEventRows(
  client: PoolClient,
  rows: readonly EventRow[],
): Promise<void> {
  const refs = rows.map(({ event }) => referencedEvent(event));
  await client.query(
    `INSERT INTO events (master_seq, origin_id, seq, hlc, store_id, isbn, kind, body,
       ref_origin_id, ref_seq, received_at)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[],
       $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::timestamptz[])`,
    [
      rows.map((row) => row.masterSeq),
      rows.map(({ event }) => event.originId),
      rows.map(({ event }) => event.seq),
      rows.map(({ event }) => event.hlc),
      rows.map(({ event }) => event.storeId),
      rows.map(({ event }) => event.isbn),
      rows.map(({ event }) => event.kind),
      rows.map(({ body }) => body),
      refs.map((ref) => ref?.originId ?? null),
      refs.map((ref) => ref?.seq ?? null),
      rows.map((row) => row.receivedAt),
    ],
  );
}

export async function saveHeld(client: PoolClient, held: ReadonlyMap<string, number>) {
  if (held.size === 0) return;
  await client.query(
    `UPDATE held SET seq = v.seq FROM unnest($1::text[], $2::bigint[]) AS v(origin_id, seq)
     WHERE held.origin_id = v.origin_id`,
    [[...held.keys()], [...held.values()]],
  );
}

/** Bodies of the keys the group re-sends that were held before it began. */
async function storedBodies(
  client: PoolClient,
  items: readonly PgAppendItem[],
  heldBefore: ReadonlyMap<string, number>,
): Promise<Map<string, string>> {
  const origins: string[] = [];
  const seqs: number[] = [];
  for (const { request } of items) {
    for (const event of request.events) {
      if (event.seq <= (heldBefore.get(event.originId) ?? 0)) {
        origins.push(event.originId);
        seqs.push(event.seq);
      }
    }
  }
  if (origins.length === 0) return new Map();
  const result = await client.query<{ origin_id: string; seq: number; body: string }>(
    `SELECT e.origin_id, e.seq, e.body FROM events e
     JOIN unnest($1::text[], $2::bigint[]) AS k(origin_id, seq) USING (origin_id, seq)`,
    [origins, seqs],
  );
  return new Map(result.rows.map((row) => [`${row.origin_id}:${row.seq}`, row.body]));
}

async function readHead(client: PoolClient): Promise<number> {
  const result = await client.query<{ master_seq: number }>('SELECT master_seq FROM feed_head');
  return result.rows[0]?.master_seq ?? 0;
}

interface NewRow extends NewEvent {
  receivedAt: string;
}

/**
 * Inserts new events (of one or several requests) after the feed's head and updates the stock.
 * Returns the head after them and each touched title's on-hand.
 */
async function writeRows(
  client: PoolClient,
  rows: readonly NewRow[],
): Promise<{ head: number; onHand: Map<string, number> }> {
  const last = await reserveMasterSeqs(client, rows.length);
  const first = last - rows.length + 1;
  await insertEventRows(
    client,
    rows.map((row, index) => ({ ...row, masterSeq: first + index })),
  );
  const onHand = await applyInsertedEvents(
    client,
    rows.map(({ event }) => event),
  );
  return { head: last, onHand };
}

function refuseNegativeSales(accepted: readonly NewEvent[], onHand: Map<string, number>): void {
  for (const { event } of accepted) {
    if (event.kind !== 'SALE') continue;
    const count = onHand.get(titleKey(event.storeId, event.isbn)) ?? 0;
    if (count < 0) throw new InsufficientStockError(event.isbn, count);
  }
}

interface Judged {
  index: number;
  item: PgAppendItem;
  judgement: Judgement;
}

/** One group's state while its requests are judged and written in order. */
class GroupWrite {
  private readonly held: Map<string, number>;
  private readonly groupBodies = new Map<string, string>();
  private readonly changed = new Map<string, number>();
  private head: number | undefined;
  private merged: Judged[] = [];
  readonly outcomes: PgAppendOutcome[] = [];

  constructor(
    private readonly client: PoolClient,
    heldBefore: ReadonlyMap<string, number>,
    private readonly stored: ReadonlyMap<string, string>,
  ) {
    this.held = new Map(heldBefore);
  }

  async add(index: number, item: PgAppendItem): Promise<void> {
    let judgement: Judgement;
    try {
      judgement = judgeAppend(item.request.events, {
        held: (originId) => this.held.get(originId) ?? 0,
        storedBody: (originId, seq) =>
          this.groupBodies.get(`${originId}:${seq}`) ?? this.stored.get(`${originId}:${seq}`),
      });
    } catch (error) {
      this.outcomes[index] = { ok: false, error };
      return;
    }
    const { refuseNegativeStock, onHandFor } = item.request;
    if (!refuseNegativeStock && !onHandFor) {
      // Nothing can refuse it any more: write it together with its neighbours, in one go.
      this.accept(judgement);
      this.merged.push({ index, item, judgement });
      return;
    }
    await this.flush();
    await this.writeAlone({ index, item, judgement });
  }

  /** Writes the merged requests' events in one insert and one stock update. */
  async flush(): Promise<void> {
    const merged = this.merged;
    if (merged.length === 0) return;
    this.merged = [];
    const rows = merged.flatMap(({ item, judgement }) =>
      judgement.accepted.map((row) => ({ ...row, receivedAt: item.receivedAt })),
    );
    if (rows.length > 0) this.head = (await writeRows(this.client, rows)).head;
    for (const { index, judgement } of merged) {
      this.outcomes[index] = { ok: true, value: await this.result(judgement, {}) };
    }
  }

  async finish(): Promise<PgAppendOutcome[]> {
    await this.flush();
    await saveHeld(this.client, this.changed);
    return this.outcomes;
  }

  /**
   * A strong sale (refused after writing if a count went negative: only it pays for a savepoint)
   * or a request that wants the on-hand its own events leave.
   */
  private async writeAlone({ index, item, judgement }: Judged): Promise<void> {
    const { accepted } = judgement;
    if (accepted.length > 0) {
      const guarded = item.request.refuseNegativeStock === true;
      if (guarded) await this.client.query('SAVEPOINT append_request');
      try {
        const written = await writeRows(
          this.client,
          accepted.map((row) => ({ ...row, receivedAt: item.receivedAt })),
        );
        if (guarded) refuseNegativeSales(accepted, written.onHand);
        if (guarded) await this.client.query('RELEASE SAVEPOINT append_request');
        this.head = written.head;
      } catch (error) {
        if (!guarded || !(error instanceof InsufficientStockError)) throw error;
        await this.client.query('ROLLBACK TO SAVEPOINT append_request');
        this.outcomes[index] = { ok: false, error };
        return;
      }
    }
    this.accept(judgement);
    const { onHandFor } = item.request;
    const onHand = onHandFor
      ? await readOnHand(this.client, onHandFor.storeId, onHandFor.isbns)
      : {};
    this.outcomes[index] = { ok: true, value: await this.result(judgement, onHand) };
  }

  private accept(judgement: Judgement): void {
    for (const { event, body } of judgement.accepted) {
      this.groupBodies.set(`${event.originId}:${event.seq}`, body);
    }
    for (const [originId, seq] of judgement.held) {
      if (seq !== this.held.get(originId)) {
        this.held.set(originId, seq);
        this.changed.set(originId, seq);
      }
    }
  }

  private async result(
    judgement: Judgement,
    onHand: Record<string, number>,
  ): Promise<AppendResult> {
    this.head ??= await readHead(this.client);
    const vector: VersionVector = Object.fromEntries(judgement.held);
    return {
      accepted: judgement.accepted.length,
      duplicates: judgement.duplicates,
      held: vector,
      headSeq: this.head,
      onHand,
    };
  }
}

export async function writeAppendBatch(
  client: PoolClient,
  items: readonly PgAppendItem[],
): Promise<PgAppendOutcome[]> {
  const heldBefore = await lockHeld(
    client,
    items.flatMap(({ request }) => request.events.map((event) => event.originId)),
  );
  const group = new GroupWrite(client, heldBefore, await storedBodies(client, items, heldBefore));
  for (const [index, item] of items.entries()) await group.add(index, item);
  return group.finish();
}

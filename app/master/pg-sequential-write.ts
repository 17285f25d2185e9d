// Writes a group request by request, in arrival order: the path for a group whose counts cannot
// be settled in memory first (pg-merged-write.ts), i.e. one where a strong sale would leave a
// count below zero, or one bringing a STOCKTAKE or VOID. A strong request runs in a savepoint of
// its own and is refused alone; the requests that nothing can refuse are written together.
import type { PoolClient } from 'pg';
import { judgeAppend, type Judgement, type NewEvent } from './pg-append-judge.js';
import { InsufficientStockError } from './master-errors.js';
import { insertEventRows, reserveMasterSeqs, saveHeld } from './pg-log-rows.js';
import {
  groupOutcomes,
  onHandKeys,
  type JudgedItem,
  type PgAppendItem,
  type PgAppendOutcome,
} from './pg-group-plan.js';
import { applyInsertedEvents, readCounts, titleKey } from './pg-stock-cache.js';

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

async function readHead(client: PoolClient): Promise<number> {
  const result = await client.query<{ master_seq: number }>('SELECT master_seq FROM feed_head');
  return result.rows[0]?.master_seq ?? 0;
}

/** One group's state while its requests are judged and written in order. */
class GroupWrite {
  private readonly held: Map<string, number>;
  private readonly groupBodies = new Map<string, string>();
  private readonly changed = new Map<string, number>();
  private head: number | undefined;
  private merged: JudgedItem[] = [];
  private readonly passed: JudgedItem[] = [];
  private readonly failed = new Map<number, unknown>();

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
      this.failed.set(index, error);
      return;
    }
    if (!item.request.refuseNegativeStock) {
      // Nothing can refuse it any more: write it together with its neighbours, in one go.
      this.accept({ index, item, judgement });
      this.merged.push({ index, item, judgement });
      return;
    }
    await this.flush();
    await this.writeGuarded({ index, item, judgement });
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
  }

  async finish(size: number): Promise<PgAppendOutcome[]> {
    await this.flush();
    await saveHeld(this.client, this.changed);
    const head = this.head ?? (await readHead(this.client));
    const counts = await readCounts(this.client, onHandKeys(this.passed));
    return groupOutcomes(size, this.passed, this.failed, head, counts);
  }

  /** A strong request: refused after writing if a count went below zero, so in a savepoint. */
  private async writeGuarded(judged: JudgedItem): Promise<void> {
    const { accepted } = judged.judgement;
    if (accepted.length > 0) {
      await this.client.query('SAVEPOINT append_request');
      try {
        const written = await writeRows(
          this.client,
          accepted.map((row) => ({ ...row, receivedAt: judged.item.receivedAt })),
        );
        refuseNegativeSales(accepted, written.onHand);
        await this.client.query('RELEASE SAVEPOINT append_request');
        this.head = written.head;
      } catch (error) {
        if (!(error instanceof InsufficientStockError)) throw error;
        await this.client.query('ROLLBACK TO SAVEPOINT append_request');
        this.failed.set(judged.index, error);
        return;
      }
    }
    this.accept(judged);
  }

  private accept(judged: JudgedItem): void {
    this.passed.push(judged);
    for (const { event, body } of judged.judgement.accepted) {
      this.groupBodies.set(`${event.originId}:${event.seq}`, body);
    }
    for (const [originId, seq] of judged.judgement.held) {
      if (seq !== this.held.get(originId)) {
        this.held.set(originId, seq);
        this.changed.set(originId, seq);
      }
    }
  }
}

/** The caller holds the group's `held` rows (lockHeld) and read the re-sent bodies (storedBodies). */
export async function writeOneByOne(
  client: PoolClient,
  items: readonly PgAppendItem[],
  heldBefore: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, string>,
): Promise<PgAppendOutcome[]> {
  const group = new GroupWrite(client, heldBefore, stored);
  for (const [index, item] of items.entries()) await group.add(index, item);
  return group.finish(items.length);
}

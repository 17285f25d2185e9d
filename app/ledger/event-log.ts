// The append-only log. Local events get the next gap-free seq in the inserting transaction;
// foreign events are accepted idempotently and in any order, held back until their gap fills,
// so the version vector always names exactly the events the log holds. The `vector` table keeps
// each origin's highest seq, except the origin this ledger writes as: a sale would write that row
// every time (a WAL page synced before its receipt prints), so its seq is read from the log's own
// key instead, which holds it exactly. Its row catches up when the ledger moves to a new origin.
import {
  ledgerEventSchema,
  referencedEvent,
  type EventKey,
  type LedgerEvent,
  type VersionVector,
} from '../protocol/events.js';
import { strictAssert } from '../shared/assert.js';
import { canonicalEvent } from './canonical.js';
import type { SqliteDatabase } from './database.js';
import type { StockCache } from './stock-cache.js';

export type ForeignOutcome = 'applied' | 'duplicate' | 'early' | 'conflict';

/** Stored texts read in one query when a held event arrives again (see EventLog.readAhead). */
const READ_AHEAD = 512;

export class EventLog {
  private readonly statements;
  /**
   * False only when early_events is known to be empty, so an in-order event (nearly all of them)
   * skips two lookups. Set on every early insert; cleared only by counting the table again, so a
   * rolled-back transaction can leave it needlessly true, never wrongly false.
   */
  private mayHoldEarly = true;
  /**
   * Inside withDeferredVector: per origin, the highest seq appended so far, written to the vector
   * table once when the work ends instead of once per event.
   */
  private pendingVector: Map<string, number> | null = null;
  /**
   * Inside withDeferredVector: per origin, its highest seq as read or appended, so the register's
   * own events coming back in a feed page do not read the vector table twice each. Only appendNext
   * changes the vector during the work, and it keeps this map current.
   */
  private knownVector: Map<string, number> | null = null;
  /**
   * Inside withDeferredVector: per origin, stored texts of its events from `first` on, read in one
   * range query for the register's own events coming back in a feed page (100,000 a night), which
   * one keyed read each would cost three times as much. Stored events never change. One run per
   * origin, so held events of two origins interleaved in a page do not re-read each other's.
   */
  private readAhead: Map<string, { first: number; bodies: string[] }> | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly stock: StockCache,
    /** The origin this ledger writes as now: its highest seq is read from the log. */
    private readonly ownOrigin: () => string,
  ) {
    this.statements = {
      // Positional: binding nine values costs ~2.0 µs a row, against ~2.9 µs from a named-parameter
      // object (measured in isolation); a pull or a stocktake inserts tens of thousands.
      insert: db.prepare<
        [string, number, string, string, string, string, string, string | null, number | null]
      >(
        `INSERT INTO events (origin_id, seq, hlc, store_id, isbn, kind, body, ref_origin_id, ref_seq)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      vectorSeq: db.prepare<[string], { seq: number }>(
        'SELECT seq FROM vector WHERE origin_id = ?',
      ),
      // The key (origin_id, seq) answers this with one descent.
      logSeq: db
        .prepare<[string], number>('SELECT coalesce(max(seq), 0) FROM events WHERE origin_id = ?')
        .pluck(),
      setVector: db.prepare(
        `INSERT INTO vector (origin_id, seq) VALUES (?, ?)
         ON CONFLICT (origin_id) DO UPDATE SET seq = excluded.seq`,
      ),
      // Built as JSON by SQLite and parsed once: a chain of 200 tills has 200 rows, which cost
      // ~140 µs as row objects copied into a vector, against ~50 µs this way (read repair sends
      // the vector with every scan it repairs).
      vector: db
        .prepare<[], string>('SELECT json_group_object(origin_id, seq) FROM vector')
        .pluck(),
      body: db.prepare<[string, number], { body: string }>(
        'SELECT body FROM events WHERE origin_id = ? AND seq = ?',
      ),
      earlyBody: db.prepare<[string, number], { body: string }>(
        'SELECT body FROM early_events WHERE origin_id = ? AND seq = ?',
      ),
      insertEarly: db.prepare('INSERT INTO early_events (origin_id, seq, body) VALUES (?, ?, ?)'),
      deleteEarly: db.prepare('DELETE FROM early_events WHERE origin_id = ? AND seq = ?'),
      earlyCount: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM early_events'),
      range: db
        .prepare<[string, number, number, number], string>(
          'SELECT body FROM events WHERE origin_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT CAST(? AS INTEGER)',
        )
        .pluck(),
      bodies: db
        .prepare<[string, number, number], string>(
          'SELECT body FROM events WHERE origin_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
        )
        .pluck(),
    };
  }

  vector(): VersionVector {
    const vector = JSON.parse(this.statements.vector.get() ?? '{}') as VersionVector;
    const own = this.ownOrigin();
    vector[own] = this.highestSeq(own);
    return vector;
  }

  highestSeq(originId: string): number {
    const known = this.knownVector;
    if (!known) return this.readHighestSeq(originId);
    let seq = known.get(originId);
    if (seq === undefined) {
      seq = this.readHighestSeq(originId);
      known.set(originId, seq);
    }
    return seq;
  }

  private readHighestSeq(originId: string): number {
    if (originId === this.ownOrigin()) return this.statements.logSeq.get(originId) ?? 0;
    return this.statements.vectorSeq.get(originId)?.seq ?? 0;
  }

  /**
   * Runs `work` (inside the caller's transaction) with the vector rows written once at its end, one
   * per origin it appended to, and the stock rows once per title (StockCache.withDeferredUpdates).
   * If `work` throws, nothing is written: the transaction rolls back.
   */
  withDeferredVector<T>(work: () => T): T {
    if (this.pendingVector) return work();
    const pending = new Map<string, number>();
    this.pendingVector = pending;
    this.knownVector = new Map();
    try {
      const result = this.stock.withDeferredUpdates(work);
      for (const [originId, seq] of pending) this.statements.setVector.run(originId, seq);
      return result;
    } finally {
      this.pendingVector = null;
      this.knownVector = null;
      this.readAhead = null;
    }
  }

  /** The stored text of an event this log holds (seq at most the origin's highest). */
  private storedBody(originId: string, seq: number): string | undefined {
    // A malformed seq (not checked yet: the schema comes after) is looked up alone.
    if (!this.knownVector || !Number.isSafeInteger(seq) || seq < 1) {
      return this.statements.body.get(originId, seq)?.body;
    }
    this.readAhead ??= new Map();
    const ahead = this.readAhead.get(originId);
    if (ahead && seq >= ahead.first && seq < ahead.first + ahead.bodies.length) {
      return ahead.bodies[seq - ahead.first];
    }
    // Seqs are gap-free from 1 to the origin's highest: the n-th row read is seq + n.
    const last = Math.min(this.highestSeq(originId), seq + READ_AHEAD - 1);
    const bodies = this.statements.bodies.all(originId, seq - 1, last);
    this.readAhead.set(originId, { first: seq, bodies });
    return bodies[0];
  }

  get(key: EventKey): LedgerEvent | undefined {
    const row = this.statements.body.get(key.originId, key.seq);
    return row ? (JSON.parse(row.body) as LedgerEvent) : undefined;
  }

  /** Events of one origin with afterSeq < seq <= toSeq, in seq order. */
  range(originId: string, afterSeq: number, toSeq: number, limit: number): LedgerEvent[] {
    return this.rangeTexts(originId, afterSeq, toSeq, limit).map(
      (body) => JSON.parse(body) as LedgerEvent,
    );
  }

  /** As range(), the events' stored canonical texts. */
  rangeTexts(originId: string, afterSeq: number, toSeq: number, limit: number): string[] {
    return this.statements.range.all(originId, afterSeq, toSeq, limit);
  }

  earlyCount(): number {
    return this.statements.earlyCount.get()?.n ?? 0;
  }

  /** Counts the early events again (one indexed read): call before accepting a batch. */
  recheckEarly(): void {
    this.mayHoldEarly = this.earlyCount() > 0;
  }

  /** Inserts an event whose seq is the next one of its origin. Runs inside the caller's transaction. */
  appendNext(event: LedgerEvent, body?: string): void {
    // The message only when it fails: a pull would build one template string per event.
    if (event.seq !== this.highestSeq(event.originId) + 1) {
      strictAssert(false, `event ${event.originId}:${event.seq} is not next in its origin`);
    }
    this.insertRow(event, body);
    this.raiseVector(event.originId, event.seq);
    this.stock.onEventInserted(event);
  }

  /**
   * Records `seq` as the origin's highest: now, or once at the end of withDeferredVector; never
   * for the origin this ledger writes as, whose highest seq the log itself holds.
   */
  private raiseVector(originId: string, seq: number): void {
    if (this.pendingVector) {
      this.knownVector?.set(originId, seq);
      if (originId !== this.ownOrigin()) this.pendingVector.set(originId, seq);
    } else if (originId !== this.ownOrigin()) {
      this.statements.setVector.run(originId, seq);
    }
  }

  /** `body`, when given, is the event's canonical text, already made by the caller. */
  private insertRow(event: LedgerEvent, body = canonicalEvent(event)): void {
    const ref = referencedEvent(event);
    this.statements.insert.run(
      event.originId,
      event.seq,
      event.hlc,
      event.storeId,
      event.isbn,
      event.kind,
      body,
      ref?.originId ?? null,
      ref?.seq ?? null,
    );
  }

  /**
   * Inserts a run of this origin's next events (seqs contiguous from the origin's highest), with
   * one vector write for the run; the caller updates the stock cache. `bodies`, when given, are the
   * events' canonical texts in the same order. Runs inside the caller's transaction.
   */
  appendRun(events: readonly LedgerEvent[], bodies?: readonly string[]): void {
    const first = events[0];
    if (!first) return;
    strictAssert(!bodies || bodies.length === events.length, 'one body per event');
    let seq = this.highestSeq(first.originId);
    events.forEach((event, index) => {
      seq += 1;
      // The message only when it fails: 50,000 template strings are garbage otherwise.
      if (event.originId !== first.originId || event.seq !== seq) {
        strictAssert(false, `event ${event.originId}:${event.seq} is not next in its origin`);
      }
      this.insertRow(event, bodies?.[index]);
    });
    this.raiseVector(first.originId, seq);
  }

  /**
   * Accepts one event from another register. Runs inside the caller's transaction. A key seen
   * before with the same content is a duplicate; with different content, a conflict, and nothing
   * is written.
   */
  acceptForeign(untrusted: LedgerEvent, onApplied: (event: LedgerEvent) => void): ForeignOutcome {
    // An event we already hold (our own coming back in the feed, every night) is a duplicate when
    // its text is the stored one, which was checked on the way in: no need to check it again.
    // Anything else is checked in full below, so a malformed event still throws.
    const candidate = untrusted as Partial<LedgerEvent> | null;
    const originId = candidate?.originId;
    const seq = candidate?.seq;
    if (
      typeof originId === 'string' &&
      typeof seq === 'number' &&
      seq <= this.highestSeq(originId) &&
      this.storedBody(originId, seq) === canonicalEvent(untrusted)
    ) {
      return 'duplicate';
    }
    const event = ledgerEventSchema.parse(untrusted);
    // The text of what arrived, not of the schema's output: the schema only checks (no defaults,
    // no transforms, strict keys), so both are the same event, and what arrived from a feed page
    // still lists its keys in canonical order, which canonicalEvent writes fastest.
    const body = canonicalEvent(untrusted);
    const held = this.highestSeq(event.originId);
    if (event.seq <= held) {
      return this.storedBody(event.originId, event.seq) === body ? 'duplicate' : 'conflict';
    }
    if (event.seq > held + 1) {
      const early = this.statements.earlyBody.get(event.originId, event.seq);
      if (early) return early.body === body ? 'duplicate' : 'conflict';
      this.mayHoldEarly = true;
      this.statements.insertEarly.run(event.originId, event.seq, body);
      return 'early';
    }
    if (this.mayHoldEarly) {
      const early = this.statements.earlyBody.get(event.originId, event.seq);
      if (early) {
        if (early.body !== body) return 'conflict';
        this.statements.deleteEarly.run(event.originId, event.seq);
      }
    }
    this.appendNext(event, body);
    onApplied(event);
    if (this.mayHoldEarly) this.drainEarly(event.originId, onApplied);
    return 'applied';
  }

  private drainEarly(originId: string, onApplied: (event: LedgerEvent) => void): void {
    for (let next = this.highestSeq(originId) + 1; ; next += 1) {
      const row = this.statements.earlyBody.get(originId, next);
      if (!row) return;
      this.statements.deleteEarly.run(originId, next);
      const event = JSON.parse(row.body) as LedgerEvent;
      this.appendNext(event);
      onApplied(event);
    }
  }
}

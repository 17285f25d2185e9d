// The outbox is not a queue of copies: it is every event of our own origins above what the master
// has acknowledged holding. The checkpoint only moves after the master's durable acknowledgement.
import type { LedgerEvent, VersionVector } from '../protocol/events.js';
import type { Ledger } from '../ledger/ledger.js';

/** A page of the outbox as the events' stored canonical texts, which a push sends as they are. */
export interface OutboxPage {
  texts: string[];
  /** Per origin in the page, its highest seq there: where the page after it starts. */
  last: VersionVector;
}

export class Outbox {
  constructor(private readonly ledger: Ledger) {}

  /** Per own origin, the highest seq the master acknowledged. */
  heldByMaster(): VersionVector {
    const held: VersionVector = {};
    for (const origin of this.ledger.ownOrigins()) held[origin] = 0;
    const rows = this.ledger.statement('SELECT origin_id, seq FROM master_held').all() as {
      origin_id: string;
      seq: number;
    }[];
    for (const row of rows) held[row.origin_id] = row.seq;
    return held;
  }

  /**
   * Records what the master acknowledged; a checkpoint never moves back through this path.
   * `alsoRecord` runs in the same transaction (one commit, one fsync, for what the answer settles).
   */
  acknowledge(held: VersionVector, alsoRecord?: () => void): void {
    const own = new Set(this.ledger.ownOrigins());
    const raise = this.ledger.statement(
      `INSERT INTO master_held (origin_id, seq) VALUES (?, ?)
       ON CONFLICT (origin_id) DO UPDATE SET seq = max(seq, excluded.seq)`,
    );
    this.ledger.transaction(() => {
      for (const [origin, seq] of Object.entries(held)) {
        if (own.has(origin)) raise.run(origin, Math.min(seq, this.ledger.highestSeq(origin)));
      }
      alsoRecord?.();
    });
  }

  /** The master says it holds less than we thought (restored from a backup): resend from there. */
  rewind(originId: string, seq: number): void {
    this.ledger
      .statement(
        `INSERT INTO master_held (origin_id, seq) VALUES (?, ?)
         ON CONFLICT (origin_id) DO UPDATE SET seq = excluded.seq`,
      )
      .run(originId, Math.max(0, seq));
  }

  size(): number {
    let total = 0;
    for (const [origin, held] of Object.entries(this.heldByMaster())) {
      total += Math.max(0, this.ledger.highestSeq(origin) - held);
    }
    return total;
  }

  /** The oldest events the master lacks, per origin in seq order, at most `limit`. */
  page(limit: number, upTo?: VersionVector): LedgerEvent[] {
    return this.textPage(limit, {}, upTo).texts.map((text) => JSON.parse(text) as LedgerEvent);
  }

  /**
   * Like page(), as the stored texts, and past `sent` (per origin, the highest seq already on its
   * way to the master, not yet acknowledged): the page that follows one still in flight.
   */
  textPage(limit: number, sent: VersionVector = {}, upTo?: VersionVector): OutboxPage {
    const texts: string[] = [];
    const last: VersionVector = {};
    // Only our own origins' heads: the whole vector names every till of the chain.
    for (const [origin, held] of Object.entries(this.heldByMaster())) {
      const from = Math.max(held, sent[origin] ?? 0);
      const to = Math.min(
        this.ledger.highestSeq(origin),
        upTo?.[origin] ?? Number.MAX_SAFE_INTEGER,
      );
      if (to <= from || texts.length >= limit) continue;
      const run = this.ledger.eventTextsOfOrigin(origin, from, to, limit - texts.length);
      texts.push(...run);
      // An origin's seqs in the ledger have no gaps: the run is from + 1 .. from + its length.
      if (run.length > 0) last[origin] = from + run.length;
    }
    return { texts, last };
  }
}

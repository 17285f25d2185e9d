// A register-like feed reader for the concurrency tests: pages by nextAfter exactly as the nightly
// batch does, and fails the moment the master shows it a masterSeq out of turn. With masterSeqs
// handed out in commit order every page continues exactly where the last one stopped; a master
// that let a later commit become visible first would show a hole, and the reader, paging past it,
// would never see the event that fills it.
import type { FeedPage } from '../../app/master/storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';

export interface FeedSource {
  feed(after: number, limit: number): Promise<FeedPage>;
}

export class FeedReader {
  after = 0;
  readonly events: { masterSeq: number; event: LedgerEvent }[] = [];
  readonly violations: string[] = [];
  pages = 0;

  constructor(private readonly pageSize = 50) {}

  /** Reads one page from `source`; returns whether it brought anything. */
  async step(source: FeedSource): Promise<boolean> {
    const page = await source.feed(this.after, this.pageSize);
    this.pages += 1;
    let expected = this.after + 1;
    for (const entry of page.entries) {
      if (entry.masterSeq !== expected) {
        this.violations.push(
          `after ${this.after} the feed showed masterSeq ${entry.masterSeq} before ${expected}`,
        );
      }
      expected = entry.masterSeq + 1;
      this.events.push(entry);
    }
    const last = page.entries.at(-1)?.masterSeq;
    if (last !== undefined && page.headSeq < last) {
      this.violations.push(`headSeq ${page.headSeq} below the page's last masterSeq ${last}`);
    }
    if (last !== undefined && page.nextAfter < last) {
      this.violations.push(`nextAfter ${page.nextAfter} below the page's last masterSeq ${last}`);
    }
    // As the batch does: a short page says it looked up to the head, and the next starts there.
    this.after = page.nextAfter;
    return page.entries.length > 0;
  }

  /** Keys seen more than once: a feed must carry each event exactly once. */
  repeatedKeys(): string[] {
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const { event } of this.events) {
      const key = `${event.originId}:${event.seq}`;
      if (seen.has(key)) repeated.push(key);
      seen.add(key);
    }
    return repeated;
  }
}

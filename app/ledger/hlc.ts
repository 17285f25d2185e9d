// A hybrid logical clock orders events for display and for flagging doubtful stocktake
// placement. It never decides a count: counts come from version vectors alone.

export interface HlcTimestamp {
  readonly ms: number;
  readonly counter: number;
}

const MAX_COUNTER = 99_999;

export function formatHlc({ ms, counter }: HlcTimestamp): string {
  return `${String(ms).padStart(15, '0')}.${String(counter).padStart(5, '0')}`;
}

export function parseHlc(text: string): HlcTimestamp {
  const [ms, counter] = text.split('.');
  return { ms: Number(ms), counter: Number(counter) };
}

export function hlcToDate(text: string): Date {
  return new Date(parseHlc(text).ms);
}

export class HybridLogicalClock {
  private last: HlcTimestamp;

  constructor(
    private readonly wallClock: () => number = Date.now,
    last: HlcTimestamp = { ms: 0, counter: 0 },
  ) {
    this.last = last;
  }

  /** A timestamp for a local event, later than every timestamp seen so far. */
  now(): string {
    const wall = this.wallClock();
    this.last =
      wall > this.last.ms ? { ms: wall, counter: 0 } : this.bump(this.last.ms, this.last.counter);
    return formatHlc(this.last);
  }

  /** Folds in a timestamp seen on a foreign event so later local events sort after it. */
  observe(remote: string): void {
    const seen = parseHlc(remote);
    if (seen.ms > this.last.ms || (seen.ms === this.last.ms && seen.counter > this.last.counter)) {
      this.last = seen;
    }
  }

  private bump(ms: number, counter: number): HlcTimestamp {
    // Counter overflow is only reachable by 100k events in one millisecond; borrow from the next ms.
    return counter >= MAX_COUNTER ? { ms: ms + 1, counter: 0 } : { ms, counter: counter + 1 };
  }
}

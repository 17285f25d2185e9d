// Garbage-collection pauses of this process, on the wall clock, so that a latency sample from one
// process can be matched with a pause in another (the bench and the master it runs).
import { PerformanceObserver, performance } from 'node:perf_hooks';

export interface Pause {
  /** Wall-clock ms (epoch) when the pause began. */
  start: number;
  ms: number;
}

export class GcPauses {
  private readonly pauses: Pause[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      this.pauses.push({ start: performance.timeOrigin + entry.startTime, ms: entry.duration });
    }
  });

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** The pauses that began at or after `since` (wall-clock ms). */
  since(since: number): Pause[] {
    return this.pauses.filter((pause) => pause.start + pause.ms >= since);
  }

  stop(): void {
    this.observer.disconnect();
  }
}

/** Now, on the same wall clock as the pauses. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** True when a pause overlaps the window [from, to]. */
export function overlaps(pauses: readonly Pause[], from: number, to: number): boolean {
  return pauses.some((pause) => pause.start <= to && pause.start + pause.ms >= from);
}

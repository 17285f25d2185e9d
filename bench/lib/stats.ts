// Small statistics for benchmark samples: medians of repetitions and latency percentiles.

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Monotonic milliseconds with sub-microsecond resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** CPU this process has used so far (user + system), µs: what a figure costs, not how long. */
export function ownCpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs `work` and returns how long it took, in milliseconds. */
export async function timed(work: () => unknown): Promise<number> {
  const start = nowMs();
  await work();
  return nowMs() - start;
}

export function timedSync(work: () => unknown): number {
  const start = nowMs();
  work();
  return nowMs() - start;
}

// Counts failed authentications per client address so a token or code cannot be guessed at speed.
// In memory on purpose: a restart forgetting the counts costs an attacker nothing worth having.

export interface AuthFailureLimiterOptions {
  /** Failures allowed in the window before the address is refused. */
  limit?: number;
  windowMs?: number;
  /** Addresses tracked at once; the oldest are forgotten first. */
  maxAddresses?: number;
  now?: () => number;
}

export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(options: AuthFailureLimiterOptions = {}) {
    this.limit = options.limit ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxAddresses = options.maxAddresses ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until the address may try again; 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limit) return 0;
    const oldestCounted = recent[recent.length - this.limit] ?? this.now();
    return Math.max(1, Math.ceil((oldestCounted + this.windowMs - this.now()) / 1000));
  }

  recordFailure(address: string): void {
    const recent = this.recent(address);
    recent.push(this.now());
    // Re-inserting moves the address to the end, so the first key is the least recently failed.
    this.failures.delete(address);
    this.failures.set(address, recent.slice(-this.limit));
    while (this.failures.size > this.maxAddresses) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  private recent(address: string): number[] {
    const since = this.now() - this.windowMs;
    const kept = (this.failures.get(address) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(address);
    else this.failures.set(address, kept);
    return kept;
  }
}

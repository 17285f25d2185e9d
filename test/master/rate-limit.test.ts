import { describe, expect, it } from 'vitest';
import { AuthFailureLimiter } from '../../app/master/rate-limit.js';

describe('AuthFailureLimiter', () => {
  it('blocks an address at the limit until its oldest counted failure leaves the window', () => {
    let now = 1_000_000;
    const limiter = new AuthFailureLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
      limiter.recordFailure('10.0.0.1');
      now += 10_000;
    }
    // Failures at 0 s, 10 s and 20 s; it is now 30 s: the first leaves the window at 60 s.
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(30);
    expect(limiter.retryAfterSeconds('10.0.0.2')).toBe(0);
    now += 30_001;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('forgets the least recently failing addresses beyond its capacity', () => {
    const limiter = new AuthFailureLimiter({ limit: 1, maxAddresses: 2, now: () => 0 });
    limiter.recordFailure('a');
    limiter.recordFailure('b');
    limiter.recordFailure('c');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    expect(limiter.retryAfterSeconds('b')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('c')).toBeGreaterThan(0);
  });
});

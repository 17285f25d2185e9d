import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Register } from '../../app/register/register.js';
import { NightlyScheduler, nextRunAt } from '../../app/sync/scheduler.js';

describe('nightly schedule', () => {
  it('picks today when the time is still ahead, tomorrow when it has passed or is now', () => {
    const evening = new Date(2026, 10, 24, 21, 30);
    expect(nextRunAt(evening, '23:15')).toEqual(new Date(2026, 10, 24, 23, 15));
    expect(nextRunAt(evening, '02:00')).toEqual(new Date(2026, 10, 25, 2, 0));
    expect(nextRunAt(new Date(2026, 10, 24, 2, 0), '02:00')).toEqual(new Date(2026, 10, 25, 2, 0));
    expect(nextRunAt(new Date(2026, 11, 31, 23, 0), '01:00')).toEqual(new Date(2027, 0, 1, 1, 0));
  });

  it('runs the batch when the timer fires, re-arms for the next night, and follows a changed time', async () => {
    let now = new Date(2026, 10, 24, 12, 0);
    let at = '02:00';
    const timers: { callback: () => void; ms: number; cancelled: boolean }[] = [];
    let runs = 0;
    const scheduler = new NightlyScheduler({
      at: () => at,
      now: () => now,
      run: () => {
        runs += 1;
        return Promise.resolve();
      },
      setTimer: (callback, ms) => {
        const timer = { callback, ms, cancelled: false };
        timers.push(timer);
        return { cancel: () => (timer.cancelled = true) };
      },
    });
    scheduler.start();
    expect(timers[0]?.ms).toBe(14 * 3_600_000);
    now = new Date(2026, 10, 25, 2, 0);
    timers[0]?.callback();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(1);
    expect(timers[1]?.ms).toBe(24 * 3_600_000);
    at = '03:30';
    scheduler.reschedule();
    expect(timers[1]?.cancelled).toBe(true);
    expect(scheduler.next).toEqual(new Date(2026, 10, 25, 3, 30));
    scheduler.stop();
    expect(timers[2]?.cancelled).toBe(true);
  });

  it('keeps the schedule alive when a batch fails', async () => {
    const timers: (() => void)[] = [];
    const errors: unknown[] = [];
    const scheduler = new NightlyScheduler({
      at: () => '02:00',
      run: () => Promise.reject(new Error('master away')),
      onError: (error) => errors.push(error),
      setTimer: (callback) => {
        timers.push(callback);
        return { cancel: () => undefined };
      },
    });
    scheduler.start();
    timers[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toHaveLength(1);
    expect(timers).toHaveLength(2);
  });
});

describe('the register keeps the nightly schedule', () => {
  it('arms at the configured time and re-arms when a manager changes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bookcase-nightly-'));
    const register = Register.open({ dataDir: dir, storeId: 'uptown' });
    try {
      expect(register.nextNightlyRun()).toBeUndefined();
      register.setNightlyAt('03:15');
      register.startNightly();
      const first = register.nextNightlyRun();
      expect([first?.getHours(), first?.getMinutes()]).toEqual([3, 15]);
      register.setNightlyAt('23:45');
      const second = register.nextNightlyRun();
      expect([second?.getHours(), second?.getMinutes()]).toEqual([23, 45]);
    } finally {
      await register.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Event timestamps only ever move forward on one register, even when its wall clock jumps back
// (NTP corrections, a dead CMOS battery, a restore), so they can order events for display.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { hlcSchema } from '../../app/protocol/events.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { expectUserError } from '../helpers/user-error.js';

const A = demoIsbn(0);

function hlcsOf(ledger: Ledger): string[] {
  return ledger
    .eventsOfOrigin(ledger.originId, 0, Number.MAX_SAFE_INTEGER, 10_000)
    .map((e) => e.hlc);
}

function strictlyIncreasing(list: string[]): boolean {
  return list.every((value, index) => index === 0 || value > (list[index - 1] ?? ''));
}

describe('hybrid logical clock', () => {
  const tempDir = useTempDirs();

  it('keeps local timestamps increasing while the wall clock goes backwards, across reopens', () => {
    const file = path.join(tempDir(), 'uptown.db');
    let now = 1_800_000_000_000;
    const wallClock = () => now;
    let ledger = Ledger.open({ path: file, storeId: 'uptown', wallClock });
    seedTitles(ledger, 1);
    deliver(ledger, A, 1);
    now -= 3_600_000;
    deliver(ledger, A, 1);
    deliver(ledger, A, 1);
    ledger.close();

    now -= 86_400_000;
    ledger = Ledger.open({ path: file, storeId: 'uptown', wallClock });
    try {
      deliver(ledger, A, 1);
      now += 10;
      deliver(ledger, A, 1);
      const hlcs = hlcsOf(ledger);
      expect(hlcs).toHaveLength(5);
      for (const hlc of hlcs) expect(hlcSchema.safeParse(hlc).success).toBe(true);
      expect(strictlyIncreasing(hlcs)).toBe(true);
      // Never behind the highest wall time seen.
      expect(hlcs.every((hlc) => hlc >= '001800000000000.00000')).toBe(true);
    } finally {
      ledger.close();
    }
  });

  it('follows the wall clock again once it has caught up', () => {
    let now = 1_800_000_000_000;
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown', wallClock: () => now });
    try {
      seedTitles(ledger, 1);
      deliver(ledger, A, 1);
      now += 5_000;
      deliver(ledger, A, 1);
      expect(hlcsOf(ledger)).toEqual(['001800000000000.00000', '001800000005000.00000']);
    } finally {
      ledger.close();
    }
  });

  it('sorts a local event after the latest timestamp of a pulled page, wherever it sits in the page', () => {
    const tillAt = (ms: number) =>
      Ledger.open({ path: ':memory:', storeId: 'uptown', wallClock: () => ms });
    const ahead = tillAt(1_900_000_000_000);
    const behind = tillAt(1_850_000_000_000);
    const here = tillAt(1_800_000_000_000);
    try {
      for (const till of [ahead, behind, here]) seedTitles(till, 1);
      deliver(ahead, A, 1);
      deliver(behind, A, 1);
      const page = [...ahead.eventsMissingFrom({}, 10), ...behind.eventsMissingFrom({}, 10)];
      expect(page.map((event) => event.hlc)).toEqual([
        '001900000000000.00000',
        '001850000000000.00000',
      ]);
      expect(here.applyForeign(page).applied).toBe(2);
      deliver(here, A, 1);
      expect(hlcsOf(here)).toEqual(['001900000000000.00001']);
    } finally {
      for (const till of [ahead, behind, here]) till.close();
    }
  });
});

describe('opening without a store', () => {
  it('refuses a new ledger that does not know its store', () => {
    expectUserError(() => Ledger.open({ path: ':memory:' }), 'NOT_SET_UP', /no store yet/);
  });
});

// Whatever order the chain's events reach a register in, with whatever duplicates and batching, it
// ends with the counts the fold gives for the set of events, and the same version vector.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { foldCount } from '../../app/ledger/fold.js';
import { Ledger } from '../../app/ledger/ledger.js';
import {
  SIM_ISBNS,
  SIM_STORES,
  deliver,
  deliveryArb,
  scenarioArb,
  simulate,
  vectorOfEvents,
} from '../helpers/register-simulation.js';

const SETTINGS = { seed: 424242, numRuns: 300 };

describe('convergence of foreign events (property)', () => {
  const open: Ledger[] = [];
  afterEach(() => open.splice(0).forEach((ledger) => ledger.close()));

  function applyAll(batches: LedgerEvent[][]) {
    const ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
    open.push(ledger);
    const totals = { applied: 0, duplicate: 0, early: 0, conflicts: 0 };
    for (const batch of batches) {
      const report = ledger.applyForeign(batch);
      totals.applied += report.applied;
      totals.duplicate += report.duplicate;
      totals.early += report.early;
      totals.conflicts += report.conflicts.length;
      expect(report.rotatedOrigin).toBeUndefined();
    }
    return { ledger, totals };
  }

  it('any order, any duplicates: counts equal foldCount and the vector names every event', () => {
    fc.assert(
      fc.property(scenarioArb(), deliveryArb, deliveryArb, (scenario, first, second) => {
        const events = simulate(scenario);
        const expectedVector = vectorOfEvents(events);

        const runs = [first, second].map((delivery) => {
          const batches = deliver(events, delivery);
          const sent = batches.flat().length;
          const { ledger, totals } = applyAll(batches);
          // Each event's first arrival is applied or held early; every other arrival is a duplicate.
          expect(totals).toEqual({
            applied: expect.any(Number) as number,
            duplicate: sent - events.length,
            early: expect.any(Number) as number,
            conflicts: 0,
          });
          expect(totals.applied + totals.early).toBe(events.length);
          expect(ledger.earlyEventCount()).toBe(0);
          expect(ledger.vector()).toEqual({ ...expectedVector, [ledger.originId]: 0 });
          expect(ledger.checkStock()).toEqual([]);
          return ledger;
        });

        for (const storeId of SIM_STORES) {
          for (const isbn of SIM_ISBNS) {
            const keyEvents = events.filter((e) => e.storeId === storeId && e.isbn === isbn);
            const expected = foldCount(keyEvents).onHand;
            for (const ledger of runs) expect(ledger.onHand(isbn, storeId)).toBe(expected);
          }
        }
        open.splice(0).forEach((ledger) => ledger.close());
      }),
      SETTINGS,
    );
  });

  it('the fold ignores duplicates and order', () => {
    fc.assert(
      fc.property(scenarioArb(), deliveryArb, (scenario, delivery) => {
        const events = simulate(scenario);
        const shuffled = deliver(events, delivery).flat();
        for (const storeId of SIM_STORES) {
          for (const isbn of SIM_ISBNS) {
            const ofKey = (list: LedgerEvent[]) =>
              list.filter((e) => e.storeId === storeId && e.isbn === isbn);
            expect(foldCount(ofKey(shuffled))).toEqual(foldCount(ofKey(events)));
          }
        }
      }),
      SETTINGS,
    );
  });
});

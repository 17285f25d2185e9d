// One convergence suite: a describe block that runs the property over its profile with a fixed
// seed and then asserts the suite really exercised what it is about. Each test file also mocks
// node:crypto with convergence-ids.ts so origin ids replay from the seed (vi.mock is per file).
import { describe, expect, it } from 'vitest';
import { Coverage } from './convergence-coverage.js';
import { assertConverges } from './convergence-run.js';
import { SOAK, runsFor, type Profile } from './convergence-scenario.js';

export interface SuiteDefinition {
  title: string;
  profile: Profile;
  seed: number;
  /** Cases per CI run (the soak run takes ten times as many). */
  runs: number;
  /** Coverage counters (see Coverage) that must be non-zero once the suite has run. */
  mustHappen: readonly string[];
}

/** Always-true claims every suite makes about a case, named once for the test titles. */
export const CLAIM =
  'every ledger ends with the master’s events and counts (= the reference fold), every confirmed sale is on the master exactly once, and no checkpoint ever ran ahead of a durable write';

export function convergenceSuite(suite: SuiteDefinition): void {
  describe(suite.title, () => {
    it(
      `${runsFor(suite.runs)} cases: ${CLAIM}`,
      async () => {
        const coverage = new Coverage();
        await assertConverges({
          profile: suite.profile,
          seed: suite.seed,
          numRuns: suite.runs,
          coverage,
        });
        if (SOAK || process.env.BOOKCASE_CONVERGENCE_COVERAGE === '1') {
          console.log(`${suite.title}\n${coverage.summary()}`);
        }
        // A replayed single case proves its point without the whole suite's variety.
        if (process.env.BOOKCASE_CONVERGENCE_PATH === undefined) {
          expect(coverage.missing(suite.mustHappen), 'never exercised').toEqual([]);
        }
      },
      SOAK ? 6 * 3_600_000 : 300_000,
    );
  });
}

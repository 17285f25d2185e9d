// The convergence property must be able to fail. Two deliberately broken masters, one lying about
// what it stored and one whose feed drops an event, must each be caught by it, by the invariant
// that names the fault.
import type * as Crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { Coverage } from '../helpers/convergence-coverage.js';
import { checkAgainstLie } from '../helpers/convergence-run.js';
import { BASE_WEIGHTS, type Profile } from '../helpers/convergence-scenario.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  const ids = await import('../helpers/convergence-ids.js');
  return { ...actual, randomBytes: ids.seededRandomBytes, randomUUID: ids.seededRandomUUID };
});

const PROFILE: Profile = {
  stores: 2,
  registersPerStore: 2,
  titles: 3,
  minOps: 10,
  maxOps: 30,
  modes: 'eventual',
  faultRate: 0,
  weights: { ...BASE_WEIGHTS, batch: 10 },
};

async function verdict(lie: 'ack-unstored' | 'skip-feed-entry'): Promise<string> {
  const details = await checkAgainstLie({
    profile: PROFILE,
    seed: 424_242,
    numRuns: 50,
    coverage: new Coverage(),
    lie,
  });
  expect(details.failed, `the property passed against a master that does ${lie}`).toBe(true);
  return String(details.errorInstance);
}

describe('the convergence property can fail', () => {
  it('catches a master that acknowledges a push it never stored', async () => {
    expect(await verdict('ack-unstored')).toMatch(
      /checkpoint master_held\[[0-9a-f]{32}\] = \d+ but the master durably holds/,
    );
  });

  it('catches a feed that skips an event', async () => {
    expect(await verdict('skip-feed-entry')).toMatch(
      /early_events|is not in the ledger as the master holds it/,
    );
  });
});

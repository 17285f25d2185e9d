// Stocktakes counted while other registers keep selling, read repairs at the counter with
// corrections confirmed or declined, voids, and skewed clocks: counts still converge on the
// reference fold, whatever order the counts and sales reach each ledger in.
import type * as Crypto from 'node:crypto';
import { vi } from 'vitest';
import { BASE_WEIGHTS } from '../helpers/convergence-scenario.js';
import { convergenceSuite } from '../helpers/convergence-suite.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof Crypto>();
  const ids = await import('../helpers/convergence-ids.js');
  return { ...actual, randomBytes: ids.seededRandomBytes, randomUUID: ids.seededRandomUUID };
});

convergenceSuite({
  title: 'convergence: stocktakes and read repairs among concurrent sales',
  seed: 31_415_926,
  runs: 300,
  profile: {
    stores: 2,
    registersPerStore: 2,
    titles: 3,
    minOps: 12,
    maxOps: 30,
    modes: 'mixed',
    faultRate: 0.25,
    weights: {
      ...BASE_WEIGHTS,
      'count-start': 4,
      count: 8,
      'count-end': 4,
      repair: 5,
      void: 2,
      clock: 3,
      sale: 7,
      pending: 2,
    },
  },
  mustHappen: [
    'stocktake committed',
    'stocktake abandoned',
    'repair discrepancy',
    'repair agreed',
    'repair unverified',
    'correction confirmed',
    'correction declined',
    'op void',
    'op clock',
  ],
});

// Strong-mode stores: every sale waits for the master. Lost replies, duplicates, late copies,
// partitions and crashes around the confirmation; waiting sales retried, cancelled (VOIDs),
// finished in eventual mode or reconciled after an INSUFFICIENT_STOCK refusal.
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
  title: 'convergence: strong-mode stores, sales confirmed through faults',
  seed: 7_340_211,
  runs: 300,
  profile: {
    stores: 2,
    registersPerStore: 2,
    titles: 2,
    minOps: 10,
    maxOps: 30,
    modes: 'strong',
    faultRate: 0.45,
    weights: {
      ...BASE_WEIGHTS,
      sale: 10,
      pending: 7,
      delivery: 6,
      crash: 3,
      late: 2,
      partition: 2,
      'count-start': 1,
      count: 1,
      'count-end': 1,
    },
  },
  mustHappen: [
    'strong confirmed',
    'strong master-unreachable',
    'strong rejected',
    'sale cancelled',
    'sale fallback',
    'correction confirmed',
    'fault lost-reply',
    'fault late-only',
    'fault crash-after-commit',
    'late request delivered',
    'restart from disk',
  ],
});

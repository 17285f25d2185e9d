// Eventual-mode stores and the nightly batch: small pages, batches cut short, crashes inside the
// pull transaction or after the master's acknowledgement, concurrent batches sharing the master's
// group commits, partitions, and wall clocks hours apart.
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
  title: 'convergence: eventual stores, interrupted and crashing batches',
  seed: 5_551_212,
  runs: 300,
  profile: {
    stores: 2,
    registersPerStore: 2,
    titles: 3,
    minOps: 10,
    maxOps: 30,
    modes: 'eventual',
    faultRate: 0.4,
    weights: {
      ...BASE_WEIGHTS,
      batch: 9,
      'batch-all': 3,
      crash: 5,
      partition: 2,
      clock: 2,
      'transfer-out': 3,
      'transfer-in': 3,
      return: 3,
      pending: 0,
      mode: 0,
    },
  },
  mustHappen: [
    'sale eventual',
    'batch completed',
    'interrupted batch',
    'crash before a local commit',
    'restart from disk',
    'restart in memory',
    'fault crash-after-commit',
    'fault duplicate',
    'request in a partition',
    'op batch-all',
    'op transfer-in',
    'op clock',
  ],
});

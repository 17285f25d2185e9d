// The convergence proof, broadest form: two stores (each strong or eventual) x two registers x one
// master, every operation and every fault mixed together.
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
  title: 'convergence: a mixed chain under every fault',
  seed: 20_260_301,
  runs: 300,
  profile: {
    stores: 2,
    registersPerStore: 2,
    titles: 3,
    minOps: 10,
    maxOps: 30,
    modes: 'mixed',
    faultRate: 0.3,
    weights: BASE_WEIGHTS,
  },
  mustHappen: [
    'sale strong',
    'sale eventual',
    'sale cancelled',
    'sale fallback',
    'stocktake committed',
    'correction confirmed',
    'op transfer-in',
    'op return',
    'op void',
    'fault drop',
    'fault lost-reply',
    'fault duplicate',
    'fault late-copy',
    'fault late-only',
    'fault crash-before-send',
    'fault crash-after-commit',
    'late request delivered',
    'request in a partition',
    'crash before a local commit',
    'restart from disk',
    'interrupted batch',
    'op clock',
  ],
});

// What one simulated case is made of (stores and their modes, registers, operations, the fault of
// each request) and how fast-check draws it. Profiles set the shape; BOOKCASE_SOAK=1 deepens it.
import fc from 'fast-check';
import type { SyncMode } from '../../app/ledger/settings.js';
import { FAULTS, type Fault } from './convergence-network.js';

export type PendingAction = 'retry' | 'cancel' | 'fallback' | 'reconcile';

export type Op =
  /** A cashier sells (one or two titles); `scan` checks the scan first (read repair at the counter). */
  | { op: 'sale'; reg: number; isbn: number; qty: number; also: number | null; scan: boolean }
  | { op: 'return'; reg: number; pick: number }
  | { op: 'delivery'; reg: number; isbn: number; qty: number }
  | { op: 'transfer-out'; reg: number; isbn: number; qty: number; to: number }
  | { op: 'transfer-in'; reg: number; pick: number }
  | { op: 'void'; reg: number; pick: number }
  /** A strong sale left waiting: retried, cancelled, finished in eventual mode, or reconciled. */
  | { op: 'pending'; reg: number; pick: number; action: PendingAction }
  | { op: 'count-start'; reg: number; titles: number[]; syncFirst: boolean }
  | { op: 'count'; reg: number; isbn: number; n: number; scan: boolean }
  | { op: 'count-end'; reg: number; abandon: boolean }
  | { op: 'repair'; reg: number; isbn: number; atCounter: number; confirm: boolean }
  /** The nightly batch, in small pages, optionally cut short after some pages. */
  | { op: 'batch'; reg: number; pageSize: number; interruptAfter: number | null }
  /** Every register's batch at once: their requests share the master's group commits. */
  | { op: 'batch-all'; pageSize: number }
  /** One register (or, with null, all of them: the master is down) cut off for some steps. */
  | { op: 'partition'; reg: number | null; steps: number }
  /** A request held up in the network reaches the master now. */
  | { op: 'late'; pick: number }
  /** The register dies in its n-th ledger transaction from now (0 with `now`: it dies at once). */
  | { op: 'crash'; reg: number; afterTransactions: number; now: boolean }
  /** The wall clock jumps by hours, backwards too. */
  | { op: 'clock'; reg: number; hours: number }
  /** The manager puts a register that fell back to eventual mode back in its store's mode. */
  | { op: 'mode'; reg: number };

export type OpName = Op['op'];

export interface RegisterShape {
  store: number;
  onDisk: boolean;
  clockOffsetMinutes: number;
}

export interface Scenario {
  idSeed: number;
  modes: SyncMode[];
  registers: RegisterShape[];
  ops: Op[];
  faults: Fault[];
}

export interface Profile {
  stores: number;
  registersPerStore: number;
  titles: number;
  minOps: number;
  maxOps: number;
  modes: 'eventual' | 'strong' | 'mixed';
  /** How often a request meets a fault: 0 never, 1 about every other request. */
  faultRate: number;
  weights: Record<OpName, number>;
}

export const BASE_WEIGHTS: Record<OpName, number> = {
  sale: 8,
  return: 2,
  delivery: 5,
  'transfer-out': 2,
  'transfer-in': 2,
  void: 1,
  pending: 3,
  'count-start': 2,
  count: 3,
  'count-end': 2,
  repair: 2,
  batch: 4,
  'batch-all': 1,
  partition: 1,
  late: 1,
  crash: 2,
  clock: 1,
  mode: 1,
};

export const SOAK = process.env.BOOKCASE_SOAK === '1';

/** The profile at soak depth: more stores, registers, titles and operations per case. */
export function deepen(profile: Profile): Profile {
  if (!SOAK) return profile;
  return {
    ...profile,
    stores: Math.max(profile.stores, 3),
    registersPerStore: Math.max(profile.registersPerStore, 3),
    titles: profile.titles + 2,
    minOps: profile.minOps * 2,
    maxOps: profile.maxOps * 4,
  };
}

/** CI runs `ci` cases; the soak run ten times as many (or BOOKCASE_SOAK_RUNS). */
export function runsFor(ci: number): number {
  if (!SOAK) return ci;
  return Number(process.env.BOOKCASE_SOAK_RUNS ?? ci * 10);
}

function opArb(profile: Profile, registers: number): fc.Arbitrary<Op> {
  const reg = fc.nat({ max: registers - 1 });
  const isbn = fc.nat({ max: profile.titles - 1 });
  const qty = fc.integer({ min: 1, max: 3 });
  const pick = fc.nat({ max: 1_000 });
  const arbs: Record<OpName, fc.Arbitrary<Op>> = {
    sale: fc.record({
      op: fc.constant('sale'),
      reg,
      isbn,
      qty,
      also: fc.option(isbn, { freq: 4, nil: null }),
      scan: fc.boolean(),
    }),
    return: fc.record({ op: fc.constant('return'), reg, pick }),
    delivery: fc.record({
      op: fc.constant('delivery'),
      reg,
      isbn,
      qty: fc.integer({ min: 1, max: 6 }),
    }),
    'transfer-out': fc.record({ op: fc.constant('transfer-out'), reg, isbn, qty, to: pick }),
    'transfer-in': fc.record({ op: fc.constant('transfer-in'), reg, pick }),
    void: fc.record({ op: fc.constant('void'), reg, pick }),
    pending: fc.record({
      op: fc.constant('pending'),
      reg,
      pick,
      action: fc.constantFrom<PendingAction>('retry', 'retry', 'cancel', 'fallback', 'reconcile'),
    }),
    'count-start': fc.record({
      op: fc.constant('count-start'),
      reg,
      titles: fc.uniqueArray(isbn, { maxLength: profile.titles }),
      syncFirst: fc.boolean(),
    }),
    count: fc.record({
      op: fc.constant('count'),
      reg,
      isbn,
      n: fc.integer({ min: 0, max: 6 }),
      scan: fc.boolean(),
    }),
    'count-end': fc.record({
      op: fc.constant('count-end'),
      reg,
      abandon: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    }),
    repair: fc.record({
      op: fc.constant('repair'),
      reg,
      isbn,
      atCounter: fc.integer({ min: 1, max: 4 }),
      confirm: fc.integer({ min: 0, max: 3 }).map((n) => n !== 0),
    }),
    batch: fc.record({
      op: fc.constant('batch'),
      reg,
      pageSize: fc.integer({ min: 1, max: 4 }),
      interruptAfter: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 3, nil: null }),
    }),
    'batch-all': fc.record({
      op: fc.constant('batch-all'),
      pageSize: fc.integer({ min: 1, max: 5 }),
    }),
    partition: fc.record({
      op: fc.constant('partition'),
      reg: fc.option(reg, { freq: 4, nil: null }),
      steps: fc.integer({ min: 1, max: 6 }),
    }),
    late: fc.record({ op: fc.constant('late'), pick }),
    crash: fc.record({
      op: fc.constant('crash'),
      reg,
      afterTransactions: fc.nat({ max: 4 }),
      now: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
    clock: fc.record({
      op: fc.constant('clock'),
      reg,
      hours: fc.integer({ min: -9, max: 9 }).filter((hours) => hours !== 0),
    }),
    mode: fc.record({ op: fc.constant('mode'), reg }),
  };
  return fc.oneof(
    ...Object.entries(arbs)
      .filter(([name]) => profile.weights[name as OpName] > 0)
      .map(([name, arbitrary]) => ({ arbitrary, weight: profile.weights[name as OpName] })),
  );
}

function faultArb(rate: number): fc.Arbitrary<Fault> {
  const bad = FAULTS.filter((fault) => fault !== 'ok');
  if (rate <= 0) return fc.constant('ok');
  const okWeight = Math.max(1, Math.round((bad.length * (1 - rate)) / rate));
  return fc.oneof(
    { arbitrary: fc.constant<Fault>('ok'), weight: okWeight },
    ...bad.map((fault) => ({ arbitrary: fc.constant<Fault>(fault), weight: 1 })),
  );
}

export function scenarioArb(profile: Profile): fc.Arbitrary<Scenario> {
  const registers = profile.stores * profile.registersPerStore;
  const mode: fc.Arbitrary<SyncMode> =
    profile.modes === 'mixed' ? fc.constantFrom('strong', 'eventual') : fc.constant(profile.modes);
  const register = (index: number): fc.Arbitrary<RegisterShape> =>
    fc.record({
      store: fc.constant(Math.floor(index / profile.registersPerStore)),
      onDisk: fc.boolean(),
      // Clocks skewed by up to ±14 hours.
      clockOffsetMinutes: fc.integer({ min: -14 * 60, max: 14 * 60 }),
    });
  return fc.record({
    idSeed: fc.integer({ min: 1, max: 0x7fffffff }),
    modes: fc.array(mode, { minLength: profile.stores, maxLength: profile.stores }),
    registers: fc.tuple(...Array.from({ length: registers }, (_, index) => register(index))),
    ops: fc.array(opArb(profile, registers), {
      minLength: profile.minOps,
      maxLength: profile.maxOps,
      size: 'max',
    }),
    faults: fc.array(faultArb(profile.faultRate), { maxLength: profile.maxOps * 3, size: 'max' }),
  });
}

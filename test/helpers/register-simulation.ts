// Several registers of a chain, simulated without SQLite: each writes events under its own origin
// and learns the others' through syncs, so vectors, stocktakes and voids look like the real thing
// (a stocktake's vector names exactly what its register had seen; a void names a known event).
import fc from 'fast-check';
import type { EventKey, LedgerEvent, VersionVector } from '../../app/protocol/events.js';
import { hlcAt } from './foreign-events.js';
import { demoIsbn } from './ledgers.js';

export const SIM_STORES = ['uptown', 'riverside'] as const;
export const SIM_ISBNS = [demoIsbn(0), demoIsbn(1), demoIsbn(2)];

const LOCAL_KINDS = [
  'SALE',
  'RETURN',
  'DELIVERY',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'ADJUST',
  'STOCKTAKE',
  'VOID',
] as const;

export type SimStep =
  | {
      type: 'local';
      register: number;
      kind: (typeof LOCAL_KINDS)[number];
      isbn: number;
      qty: number;
      /** Picks the sale a return names or the event a void cancels, among those known. */
      pick: number;
    }
  | {
      type: 'sync';
      from: number;
      to: number;
      /** 1..4 quarters of what `from` knows */ share: number;
    };

export interface SimScenario {
  origins: string[];
  steps: SimStep[];
}

const hexOrigin = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));

export function scenarioArb(maxSteps = 60): fc.Arbitrary<SimScenario> {
  return fc.uniqueArray(hexOrigin, { minLength: 2, maxLength: 4 }).chain((origins) => {
    const register = fc.nat({ max: origins.length - 1 });
    const local = fc.record({
      type: fc.constant('local' as const),
      register,
      kind: fc.constantFrom(...LOCAL_KINDS),
      isbn: fc.nat({ max: SIM_ISBNS.length - 1 }),
      qty: fc.integer({ min: 1, max: 4 }),
      pick: fc.nat(),
    });
    const sync = fc.record({
      type: fc.constant('sync' as const),
      from: register,
      to: register,
      share: fc.integer({ min: 1, max: 4 }),
    });
    return fc.record({
      origins: fc.constant(origins),
      steps: fc.array(fc.oneof({ arbitrary: local, weight: 3 }, { arbitrary: sync, weight: 1 }), {
        minLength: 1,
        maxLength: maxSteps,
        size: 'max',
      }),
    });
  });
}

interface SimRegister {
  originId: string;
  storeId: string;
  /** Per origin, the prefix of its events this register holds. */
  known: Map<string, LedgerEvent[]>;
}

function vectorOf(register: SimRegister): VersionVector {
  const vector: VersionVector = {};
  for (const [originId, events] of register.known) vector[originId] = events.length;
  return vector;
}

function allKnown(register: SimRegister): LedgerEvent[] {
  return [...register.known.values()].flat();
}

function pickFrom<T>(list: readonly T[], pick: number): T | undefined {
  return list.length === 0 ? undefined : list[pick % list.length];
}

/** Runs the steps; returns every event written, each origin's in seq order. */
export function simulate({ origins, steps }: SimScenario): LedgerEvent[] {
  const registers: SimRegister[] = origins.map((originId, index) => ({
    originId,
    storeId: SIM_STORES[index % SIM_STORES.length] ?? 'uptown',
    known: new Map([[originId, []]]),
  }));
  let clock = 0;
  for (const step of steps) {
    if (step.type === 'sync') {
      const from = registers[step.from];
      const to = registers[step.to];
      if (!from || !to || from === to) continue;
      for (const [originId, events] of from.known) {
        const share = events.slice(0, Math.ceil((events.length * step.share) / 4));
        const mine = to.known.get(originId) ?? [];
        if (share.length > mine.length) to.known.set(originId, share);
      }
      continue;
    }
    const register = registers[step.register];
    if (!register) continue;
    const own = register.known.get(register.originId) ?? [];
    clock += 1;
    const base = {
      originId: register.originId,
      seq: own.length + 1,
      hlc: hlcAt(1_760_000_000_000 + clock),
      storeId: register.storeId,
      isbn: SIM_ISBNS[step.isbn] ?? demoIsbn(0),
      actor: `till-${step.register}`,
    };
    const otherStore = SIM_STORES.find((store) => store !== register.storeId) ?? 'riverside';
    const event = ((): LedgerEvent | undefined => {
      switch (step.kind) {
        case 'SALE':
          return {
            ...base,
            kind: 'SALE',
            qty: step.qty,
            unitPriceCents: 1000,
            receiptId: `r${clock}`,
          };
        case 'RETURN': {
          const sale = pickFrom(
            allKnown(register).filter((e) => e.kind === 'SALE'),
            step.pick,
          );
          if (!sale) return undefined;
          const key: EventKey = { originId: sale.originId, seq: sale.seq };
          return {
            ...base,
            isbn: sale.isbn,
            kind: 'RETURN',
            qty: 1,
            receiptId: `r${clock}`,
            sale: key,
          };
        }
        case 'DELIVERY':
          return { ...base, kind: 'DELIVERY', qty: step.qty, reference: `po-${clock}` };
        case 'TRANSFER_OUT':
          return {
            ...base,
            kind: 'TRANSFER_OUT',
            qty: step.qty,
            transferId: `t${clock}`,
            toStoreId: otherStore,
          };
        case 'TRANSFER_IN':
          return {
            ...base,
            kind: 'TRANSFER_IN',
            qty: step.qty,
            transferId: `t${clock}`,
            fromStoreId: otherStore,
          };
        case 'ADJUST':
          return {
            ...base,
            kind: 'ADJUST',
            delta: step.pick % 2 === 0 ? step.qty : -step.qty,
            reason: 'shelf check',
          };
        case 'STOCKTAKE':
          return {
            ...base,
            kind: 'STOCKTAKE',
            counted: step.pick % 25,
            vector: vectorOf(register),
            stocktakeId: `count-${clock}`,
          };
        case 'VOID': {
          // Any known event, a VOID included: older or foreign registers may send a void of a void.
          const target = pickFrom(allKnown(register), step.pick);
          if (!target) return undefined;
          return {
            ...base,
            storeId: target.storeId,
            isbn: target.isbn,
            kind: 'VOID',
            target: { originId: target.originId, seq: target.seq },
            reason: 'mistake',
          };
        }
      }
    })();
    if (event) register.known.set(register.originId, [...own, event]);
  }
  return registers.flatMap((register) => register.known.get(register.originId) ?? []);
}

/** The vector of a ledger holding exactly `events` (a union of complete origin prefixes). */
export function vectorOfEvents(events: readonly LedgerEvent[]): VersionVector {
  const vector: VersionVector = {};
  for (const event of events)
    vector[event.originId] = Math.max(vector[event.originId] ?? 0, event.seq);
  return vector;
}

export interface Delivery {
  /** Fisher–Yates choices; when they run out the rest keeps its order. */
  shuffle: number[];
  /** Each names an event to send once more, and where. */
  duplicates: [number, number][];
  /** Sizes of the applyForeign batches, cycled. */
  batches: number[];
}

export const deliveryArb: fc.Arbitrary<Delivery> = fc.record({
  shuffle: fc.array(fc.nat(), { maxLength: 200, size: 'max' }),
  duplicates: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20, size: 'max' }),
  batches: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 8 }),
});

/** The events in a shuffled order with duplicates, cut into batches. */
export function deliver<T>(events: readonly T[], delivery: Delivery): T[][] {
  const remaining = [...events];
  const order: T[] = [];
  for (const choice of delivery.shuffle) {
    if (remaining.length === 0) break;
    order.push(...remaining.splice(choice % remaining.length, 1));
  }
  order.push(...remaining);
  for (const [which, where] of delivery.duplicates) {
    const event = events[which % Math.max(1, events.length)];
    if (event !== undefined) order.splice(where % (order.length + 1), 0, event);
  }
  const batches: T[][] = [];
  for (let start = 0, i = 0; start < order.length; i += 1) {
    const size = delivery.batches[i % delivery.batches.length] ?? 1;
    batches.push(order.slice(start, start + size));
    start += size;
  }
  return batches;
}

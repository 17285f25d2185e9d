// Whatever a group of appends holds (strong sales that may not be covered, pushes, re-sends, gaps,
// VOIDs), the PostgreSQL master, which writes a group at once when it can, must answer each request
// as the SQLite master does writing them one by one: same refusals, same accepted and duplicate
// counts, same held vectors, same counts and log in the end. The counts it answers are those the
// group's commit left.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgMasterStorage } from '../../app/master/pg-storage.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { AppendRequest, AppendResult, MasterStorage } from '../../app/master/storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { ISBN_A, ISBN_B, OriginWriter, newOriginId } from './helpers.js';
import { strong } from './strong-request.js';
import {
  createTestDatabase,
  storageAvailable,
  storageSuiteName,
  type TestDatabase,
} from './test-database.js';

const ISBNS = [ISBN_A, ISBN_B] as const;
const ORIGINS = 4;

const requestArbitrary = fc.record({
  origin: fc.nat({ max: ORIGINS - 1 }),
  strong: fc.boolean(),
  lines: fc.array(
    fc.record({
      kind: fc.constantFrom('SALE', 'SALE', 'SALE', 'DELIVERY', 'DELIVERY', 'VOID'),
      isbn: fc.nat({ max: ISBNS.length - 1 }),
      qty: fc.integer({ min: 1, max: 3 }),
      pick: fc.nat(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  /** 0: new events; 1: re-send an earlier request of the origin; 2: skip a seq first (a gap). */
  shape: fc.constantFrom(0, 0, 0, 0, 1, 2),
});
type RequestSpec = typeof requestArbitrary extends fc.Arbitrary<infer R> ? R : never;

function buildGroup(
  opening: number[],
  specs: RequestSpec[],
): { setup: LedgerEvent[]; group: AppendRequest[] } {
  const stocker = new OriginWriter(newOriginId(), 'uptown');
  const setup = ISBNS.map((isbn, i) => stocker.delivery(isbn, opening[i] ?? 0));
  const writers = Array.from({ length: ORIGINS }, () => new OriginWriter(newOriginId(), 'uptown'));
  const sent: AppendRequest[][] = writers.map(() => []);
  const all: LedgerEvent[] = [...setup];
  const group: AppendRequest[] = [];
  for (const spec of specs) {
    const writer = writers[spec.origin];
    const earlier = sent[spec.origin];
    if (!writer || !earlier) continue;
    const again = earlier[(spec.lines[0]?.pick ?? 0) % Math.max(1, earlier.length)];
    if (spec.shape === 1 && again) {
      group.push(again);
      continue;
    }
    if (spec.shape === 2) writer.delivery(ISBN_A, 1);
    const events = spec.lines.map((line) => {
      const isbn = ISBNS[line.isbn] ?? ISBN_A;
      const target = all[line.pick % all.length];
      if (line.kind === 'VOID' && target) {
        return writer.next({
          kind: 'VOID',
          isbn: target.isbn,
          actor: 'mo',
          target: { originId: target.originId, seq: target.seq },
          reason: 'keyed in error',
        });
      }
      return line.kind === 'SALE' ? writer.sale(isbn, line.qty) : writer.delivery(isbn, line.qty);
    });
    all.push(...events);
    const request =
      spec.strong && events.some((e) => e.kind === 'SALE') ? strong(events) : { events };
    earlier.push(request);
    group.push(request);
  }
  return { setup, group };
}

type Answer = { refused: string } | Omit<AppendResult, 'onHand' | 'headSeq'>;

async function run(storage: MasterStorage, setup: LedgerEvent[], group: AppendRequest[]) {
  await storage.append({ events: setup });
  const settled = await Promise.allSettled(group.map((request) => storage.append(request)));
  const answers: Answer[] = settled.map((outcome) =>
    outcome.status === 'rejected'
      ? { refused: (outcome.reason as Error).name }
      : {
          accepted: outcome.value.accepted,
          duplicates: outcome.value.duplicates,
          held: outcome.value.held,
        },
  );
  const counts = [];
  for (const isbn of ISBNS) counts.push((await storage.titleState('uptown', isbn)).onHand);
  return { settled, answers, counts, feed: (await storage.feed(0, 1000)).entries };
}

describe.skipIf(!storageAvailable('postgres'))(
  storageSuiteName('group write answers as one-by-one', 'postgres'),
  () => {
    let database: TestDatabase;
    let pg: PgMasterStorage;
    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      pg = (await database.open()) as PgMasterStorage;
    });
    afterAll(async () => {
      await pg.close();
      await database.dispose();
    });

    it('refuses, accepts and counts exactly as the SQLite master does', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.nat({ max: 4 }), { minLength: 2, maxLength: 2 }),
          fc.array(requestArbitrary, { minLength: 1, maxLength: 12 }),
          async (opening, specs) => {
            await pg.pool.query(
              'TRUNCATE events, held, stock; UPDATE feed_head SET master_seq = 0',
            );
            const { setup, group } = buildGroup(opening, specs);
            const sqlite = SqliteMasterStorage.open({ path: ':memory:' });
            try {
              const expected = await run(sqlite, setup, group);
              const commitsBefore = pg.stats().commits;
              const actual = await run(pg, setup, group);
              expect(pg.stats().commits - commitsBefore).toBe(2);
              expect(actual.answers).toEqual(expected.answers);
              expect(actual.counts).toEqual(expected.counts);
              expect(actual.feed.map((entry) => entry.event)).toEqual(
                expected.feed.map((entry) => entry.event),
              );
              expect(actual.feed.map((entry) => entry.masterSeq)).toEqual(
                actual.feed.map((_, i) => i + 1),
              );
              expect(await pg.checkStock()).toEqual([]);
              // Every answer of the group reports the counts its commit left, and the head.
              for (const [i, outcome] of actual.settled.entries()) {
                if (outcome.status !== 'fulfilled') continue;
                expect(outcome.value.headSeq).toBe(actual.feed.length);
                for (const [isbn, count] of Object.entries(outcome.value.onHand)) {
                  expect(count, `request ${i}, ${isbn}`).toBe(
                    actual.counts[ISBNS.indexOf(isbn as (typeof ISBNS)[number])],
                  );
                }
              }
            } finally {
              await sqlite.close();
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  },
);

// A PostgreSQL master process killed outright (SIGKILL) in the middle of concurrent pushes: every
// push it acknowledged is in the log exactly once, anything it did not acknowledge is either whole
// or absent, and once the registers re-send through a fresh process, every event is there once
// and the feed runs without a hole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { ISBN_A, ISBN_B, OriginWriter, call, issueCode, newOriginId } from '../master/helpers.js';
import { pgInspector, type MasterInspector } from '../master/inspect.js';
import { FeedReader } from './feed-reader.js';
import { startPgMasterProcess, type PgMasterProcess } from './master-process.js';
import {
  createTestSchema,
  hasTestPostgres,
  PG_SKIP_REASON,
  slowCommits,
  type TestSchema,
} from './pg-schema.js';

const ORIGINS = 12;
const PAGES = 6;

describe.skipIf(!hasTestPostgres())(
  `a PostgreSQL master killed mid-push${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let schema: TestSchema;
    let setup: PgMasterStorage;
    let inspect: MasterInspector;
    const running: PgMasterProcess[] = [];

    beforeAll(async () => {
      schema = await createTestSchema();
      setup = await PgMasterStorage.open({ url: schema.url, poolSize: 2 });
      await setup.upsertStores(DEMO_STORES);
      // Commits take long enough that the kill lands while some are in flight.
      await slowCommits(setup.pool, 0.03);
      inspect = pgInspector(schema.url);
    });
    afterAll(async () => {
      for (const process of running) await process.kill();
      await inspect.close();
      await setup.close();
      await schema.drop();
    });

    it('keeps every acknowledged push once, and takes the re-sends of the rest once', async () => {
      const first = await startPgMasterProcess(schema.url);
      running.push(first);
      const enrolled = await call(first, 'POST', '/v1/enrol', {
        code: await issueCode(setup, 'uptown'),
        originId: newOriginId(),
        registerName: 'Till',
      });
      const { token } = enrolled.body as { token: string };
      const pages = new Map<string, LedgerEvent[][]>();
      for (let i = 0; i < ORIGINS; i += 1) {
        const originId = newOriginId();
        await call(first, 'POST', '/v1/origins', { originId }, { token });
        const writer = new OriginWriter(originId, 'uptown');
        pages.set(
          originId,
          Array.from({ length: PAGES }, (_, page) => [
            writer.delivery(page % 2 ? ISBN_A : ISBN_B, 3),
            writer.sale(page % 2 ? ISBN_A : ISBN_B, 1),
          ]),
        );
      }

      const acknowledged: LedgerEvent[] = [];
      let killed = false;
      const pushAll = [...pages.values()].map(async (originPages) => {
        for (const page of originPages) {
          if (killed) return;
          try {
            const reply = await call(first, 'POST', '/v1/events', { events: page }, { token });
            if (reply.status === 200) acknowledged.push(...page);
          } catch {
            return; // the connection died with the process
          }
          if (acknowledged.length >= ORIGINS * 4 && !killed) {
            killed = true;
            await first.kill();
          }
        }
      });
      await Promise.all(pushAll);
      expect(killed).toBe(true);

      // Every acknowledged event is there, once; each origin's log is whole up to where it stops.
      const all = [...pages.values()].flat(2);
      for (const [originId, originPages] of pages) {
        const rows = await inspect.originRows(originId);
        expect(rows.map((row) => row.seq)).toEqual(rows.map((_, index) => index + 1));
        // A push is all or nothing: the log ends on a page boundary.
        expect(rows.length % 2).toBe(0);
        const mine = acknowledged.filter((event) => event.originId === originId);
        expect(rows.length).toBeGreaterThanOrEqual(mine.length);
        expect(rows.length).toBeLessThanOrEqual(originPages.flat().length);
      }
      expect(await inspect.checkStock()).toEqual([]);

      // The registers re-send everything through a fresh process: nothing lands twice.
      const second = await startPgMasterProcess(schema.url);
      running.push(second);
      for (const originPages of pages.values()) {
        for (const page of originPages) {
          const reply = await call(second, 'POST', '/v1/events', { events: page }, { token });
          expect(reply.status).toBe(200);
        }
      }
      expect(await inspect.eventCount()).toBe(all.length);
      const reader = new FeedReader(100);
      while (await reader.step(setup));
      expect(reader.violations).toEqual([]);
      expect(reader.repeatedKeys()).toEqual([]);
      expect(reader.events).toHaveLength(all.length);
      expect(await inspect.checkStock()).toEqual([]);
      expect((await setup.titleState('uptown', ISBN_A)).onHand).toBe(ORIGINS * (PAGES / 2) * 2);
    });
  },
);

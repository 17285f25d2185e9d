// Two real `master serve` processes on different ports against one PostgreSQL schema, as behind a
// load balancer: registers enrol and push through either, a re-sent page may land on the other one
// at the same time, and a reader switching between them still gets every event exactly once in an
// unbroken masterSeq run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { feedResponseSchema, pushResponseSchema } from '../../app/protocol/wire.js';
import { ISBN_A, ISBN_B, OriginWriter, call, issueCode, newOriginId } from '../master/helpers.js';
import { FeedReader, type FeedSource } from './feed-reader.js';
import { startPgMasterProcess, type PgMasterProcess } from './master-process.js';
import {
  createTestSchema,
  hasTestPostgres,
  PG_SKIP_REASON,
  slowCommits,
  type TestSchema,
} from './pg-schema.js';

const REGISTERS = 6;
const EVENTS_PER_REGISTER = 40;

interface Till {
  token: string;
  registerId: string;
  writer: OriginWriter;
}

describe.skipIf(!hasTestPostgres())(
  `two master processes on one PostgreSQL${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let schema: TestSchema;
    let setup: PgMasterStorage;
    let masters: PgMasterProcess[];

    beforeAll(async () => {
      schema = await createTestSchema();
      setup = await PgMasterStorage.open({ url: schema.url, poolSize: 2 });
      await setup.upsertStores(DEMO_STORES);
      await slowCommits(setup.pool, 0.01);
      masters = await Promise.all([
        startPgMasterProcess(schema.url),
        startPgMasterProcess(schema.url),
      ]);
    }, 60_000);
    afterAll(async () => {
      const codes = await Promise.all((masters ?? []).map((master) => master.stop()));
      expect(codes).toEqual([0, 0]);
      await setup.close();
      await schema.drop();
    });

    const other = (master: PgMasterProcess) => masters.find((m) => m !== master) as PgMasterProcess;
    const pick = () => masters[Math.floor(Math.random() * masters.length)] as PgMasterProcess;

    async function enrolThrough(master: PgMasterProcess, storeId: string): Promise<Till> {
      const originId = newOriginId();
      const reply = await call(master, 'POST', '/v1/enrol', {
        code: await issueCode(setup, storeId),
        originId,
        registerName: `Till ${originId.slice(0, 4)}`,
      });
      expect(reply.status).toBe(200);
      const body = reply.body as { token: string; registerId: string };
      return { ...body, writer: new OriginWriter(originId, storeId) };
    }

    it('serves registers through either process, sharing enrolment and revocation at once', async () => {
      const [first, second] = masters as [PgMasterProcess, PgMasterProcess];
      const till = await enrolThrough(first, 'uptown');
      const pushed = await call(
        second,
        'POST',
        '/v1/events',
        { events: [till.writer.delivery(ISBN_A, 1)] },
        { token: till.token },
      );
      expect(pushed.status).toBe(200);
      expect(
        (
          await call(
            first,
            'POST',
            '/v1/origins',
            { originId: newOriginId() },
            { token: till.token },
          )
        ).status,
      ).toBe(200);
      await setup.revokeRegister(till.registerId, new Date().toISOString());
      for (const master of masters) {
        expect(
          (await call(master, 'GET', '/v1/feed', undefined, { token: till.token })).status,
        ).toBe(401);
      }
    });

    it('gives a reader switching between them every event once, in an unbroken run', async () => {
      const tills: Till[] = [];
      for (let i = 0; i < REGISTERS; i += 1) {
        tills.push(
          await enrolThrough(masters[i % 2] as PgMasterProcess, i % 3 ? 'uptown' : 'riverside'),
        );
      }
      const [readerTill] = tills as [Till];
      const before = (await setup.feed(0, 5_000)).entries.length;
      const written: LedgerEvent[] = [];

      const push = async (till: Till) => {
        const events: LedgerEvent[] = [];
        for (let i = 0; i < EVENTS_PER_REGISTER; i += 1) {
          const isbn = i % 2 ? ISBN_A : ISBN_B;
          events.push(i % 5 === 4 ? till.writer.sale(isbn, 1) : till.writer.delivery(isbn, 3));
        }
        written.push(...events);
        for (let at = 0; at < events.length;) {
          const chunk = events.slice(at, at + 1 + Math.floor(Math.random() * 6));
          const master = pick();
          // Now and then the same page also lands on the other process at the same moment.
          const targets = Math.random() < 0.3 ? [master, other(master)] : [master];
          const replies = await Promise.all(
            targets.map((target) =>
              call(target, 'POST', '/v1/events', { events: chunk }, { token: till.token }),
            ),
          );
          for (const reply of replies) {
            expect(reply.status).toBe(200);
            const body = pushResponseSchema.parse(reply.body);
            expect(body.held[till.writer.originId]).toBe(chunk.at(-1)?.seq);
          }
          at += chunk.length;
        }
      };

      const overHttp = (): FeedSource => ({
        feed: async (after, limit) => {
          const reply = await call(
            pick(),
            'GET',
            `/v1/feed?after=${after}&limit=${limit}`,
            undefined,
            {
              token: readerTill.token,
            },
          );
          expect(reply.status).toBe(200);
          return feedResponseSchema.parse(reply.body);
        },
      });
      const reader = new FeedReader(25);
      let writing = true;
      const reading = (async () => {
        while (writing) await reader.step(overHttp());
        while (await reader.step(overHttp()));
      })();
      try {
        await Promise.all(tills.map((till) => push(till)));
      } finally {
        writing = false;
        await reading;
      }

      expect(reader.violations).toEqual([]);
      expect(reader.repeatedKeys()).toEqual([]);
      const mine = reader.events.slice(before).map((entry) => canonicalEvent(entry.event));
      expect(mine).toHaveLength(written.length);
      expect(new Set(mine)).toEqual(new Set(written.map((event) => canonicalEvent(event))));
      expect(reader.pages).toBeGreaterThan(REGISTERS);
      expect(await setup.checkStock()).toEqual([]);
    });
  },
);

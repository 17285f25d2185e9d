// The pull feed with several master processes on one PostgreSQL. The classic trap: a sequence
// value is not a commit order. A transaction that took masterSeq 1 can commit after one that took
// 2; a reader that saw 2 pages past 1 and never sees it. These tests show the trap is real (a
// naive sequence-numbered feed loses an event), that our writer cannot fall into it (a second
// writer waits for the first to commit before it gets a masterSeq), and that under random
// concurrent load from several pools a reader sees every event once, in an unbroken run.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Pool } from 'pg';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { canonicalEvent } from '../../app/ledger/canonical.js';
import { writeAppendBatch } from '../../app/master/pg-event-writer.js';
import { createPgPool } from '../../app/master/pg-pool.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { ISBN_A, ISBN_B, OriginWriter, newOriginId } from '../master/helpers.js';
import { pgInspector } from '../master/inspect.js';
import { FeedReader, type FeedSource } from './feed-reader.js';
import {
  createTestSchema,
  hasTestPostgres,
  PG_SKIP_REASON,
  slowCommits,
  type TestSchema,
} from './pg-schema.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!hasTestPostgres())(
  `feed order with several writers on one PostgreSQL${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let schema: TestSchema;
    let pools: Pool[];

    beforeEach(async () => {
      schema = await createTestSchema();
      // Opening a storage migrates the schema.
      await (await PgMasterStorage.open({ url: schema.url, poolSize: 2 })).close();
      pools = [0, 1, 2].map(() => createPgPool({ url: schema.url, max: 3 }));
    });
    afterEach(async () => {
      await Promise.all(pools.map((pool) => pool.end()));
      await schema.drop();
    });

    it('shows the trap: a sequence-numbered feed loses an event committed out of order', async () => {
      const [admin, poolA, poolB] = pools as [Pool, Pool, Pool];
      await admin.query('CREATE TABLE naive_feed (master_seq bigserial PRIMARY KEY, body text)');
      const naive: FeedSource = {
        feed: async (after, limit) => {
          const rows = await admin.query<{ master_seq: number; body: string }>(
            'SELECT master_seq, body FROM naive_feed WHERE master_seq > $1 ORDER BY master_seq LIMIT $2',
            [after, limit],
          );
          const entries = rows.rows.map((row) => ({
            masterSeq: row.master_seq,
            event: JSON.parse(row.body) as LedgerEvent,
          }));
          const last = entries.at(-1)?.masterSeq ?? after;
          return { entries, nextAfter: last, headSeq: last };
        },
      };
      const writer = new OriginWriter(newOriginId(), 'uptown');
      const [first, second] = [writer.delivery(ISBN_A, 1), writer.delivery(ISBN_A, 2)];
      const a = await poolA.connect();
      const b = await poolB.connect();
      try {
        await a.query('BEGIN');
        await a.query('INSERT INTO naive_feed (body) VALUES ($1)', [canonicalEvent(first)]);
        await b.query('BEGIN');
        await b.query('INSERT INTO naive_feed (body) VALUES ($1)', [canonicalEvent(second)]);
        await b.query('COMMIT');
        const reader = new FeedReader();
        await reader.step(naive);
        await a.query('COMMIT');
        while (await reader.step(naive));
        expect(reader.violations).toEqual(['after 0 the feed showed masterSeq 2 before 1']);
        expect(reader.events.map((entry) => entry.event)).toEqual([second]);
      } finally {
        a.release();
        b.release();
      }
    });

    it('makes a second writer wait for the first to commit before it gets a masterSeq', async () => {
      const [admin, poolA, poolB] = pools as [Pool, Pool, Pool];
      const storage = await PgMasterStorage.open({ url: schema.url, poolSize: 2 });
      const [first, second] = [
        new OriginWriter(newOriginId(), 'uptown').delivery(ISBN_A, 1),
        new OriginWriter(newOriginId(), 'riverside').delivery(ISBN_B, 2),
      ];
      const at = new Date().toISOString();
      const a = await poolA.connect();
      const b = await poolB.connect();
      const reader = new FeedReader();
      try {
        await a.query('BEGIN');
        const [fromA] = await writeAppendBatch(a, [
          { request: { events: [first] }, receivedAt: at },
        ]);
        expect(fromA).toMatchObject({ ok: true, value: { accepted: 1, headSeq: 1 } });

        const pidB = (await b.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]
          ?.pid;
        await b.query('BEGIN');
        const writingB = writeAppendBatch(b, [{ request: { events: [second] }, receivedAt: at }]);
        const race = await Promise.race([writingB.then(() => 'written'), sleep(300)]);
        expect(race).toBeUndefined();
        // B waits on a lock, held by A's transaction, and has no masterSeq yet.
        const waiting = await admin.query<{ n: number }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'
           AND pid = $1`,
          [pidB],
        );
        expect(waiting.rows[0]?.n).toBe(1);
        expect(await reader.step(storage)).toBe(false);

        await a.query('COMMIT');
        const [fromB] = await writingB;
        expect(fromB).toMatchObject({ ok: true, value: { accepted: 1, headSeq: 2 } });
        await reader.step(storage);
        await b.query('COMMIT');
        await reader.step(storage);
        expect(reader.violations).toEqual([]);
        expect(reader.events).toEqual([
          { masterSeq: 1, event: first },
          { masterSeq: 2, event: second },
        ]);
      } finally {
        a.release();
        b.release();
        await storage.close();
      }
    });
  },
);

describe.skipIf(!hasTestPostgres())(
  `several master storages appending at once${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    const PROCESSES = 4;
    const ORIGINS = 12;
    const EVENTS_PER_ORIGIN = 30;
    let schema: TestSchema;
    let storages: PgMasterStorage[];

    beforeAll(async () => {
      schema = await createTestSchema();
      // Each "process" has its own pool, as separate master processes would.
      storages = [];
      for (let i = 0; i < PROCESSES; i += 1) {
        storages.push(await PgMasterStorage.open({ url: schema.url, poolSize: 3 }));
      }
      await storages[0]?.upsertStores(DEMO_STORES);
      await slowCommits(storages[0]?.pool as Pool, 0.01);
    });
    afterAll(async () => {
      await Promise.all(storages.map((storage) => storage.close()));
      await schema.drop();
    });

    it('hands a reader polling them all every event exactly once, in an unbroken masterSeq run', async () => {
      const pick = () => storages[Math.floor(Math.random() * storages.length)] as PgMasterStorage;
      const written: LedgerEvent[] = [];
      // A register: its events in chunks, each chunk sent to two processes at once (a load
      // balancer retrying after a lost answer), so both race to append the same origin.
      const register = async (index: number) => {
        const writer = new OriginWriter(newOriginId(), index % 2 ? 'uptown' : 'riverside');
        const events: LedgerEvent[] = [];
        for (let i = 0; i < EVENTS_PER_ORIGIN; i += 1) {
          const isbn = i % 3 ? ISBN_A : ISBN_B;
          events.push(i % 4 === 3 ? writer.sale(isbn, 1) : writer.delivery(isbn, 2));
        }
        written.push(...events);
        for (let at = 0; at < events.length;) {
          const chunk = events.slice(at, at + 1 + Math.floor(Math.random() * 5));
          const replies = await Promise.all([
            pick().append({ events: chunk }),
            pick().append({ events: chunk }),
          ]);
          const last = chunk.at(-1) as LedgerEvent;
          for (const reply of replies) expect(reply.held[writer.originId]).toBe(last.seq);
          expect(replies[0].accepted + replies[1].accepted).toBe(chunk.length);
          at += chunk.length;
        }
      };

      const reader = new FeedReader(40);
      let writing = true;
      const reading = (async () => {
        while (writing) {
          await reader.step(pick());
          await sleep(Math.random() * 5);
        }
        while (await reader.step(pick()));
      })();
      try {
        await Promise.all(Array.from({ length: ORIGINS }, (_, index) => register(index)));
      } finally {
        writing = false;
        await reading;
      }

      expect(reader.violations).toEqual([]);
      expect(reader.repeatedKeys()).toEqual([]);
      expect(reader.events).toHaveLength(ORIGINS * EVENTS_PER_ORIGIN);
      expect(new Set(reader.events.map((entry) => canonicalEvent(entry.event)))).toEqual(
        new Set(written.map((event) => canonicalEvent(event))),
      );
      // Each origin's events reach the feed in seq order.
      const lastSeq = new Map<string, number>();
      for (const { event } of reader.events) {
        expect(event.seq).toBe((lastSeq.get(event.originId) ?? 0) + 1);
        lastSeq.set(event.originId, event.seq);
      }
      // The reader kept up while writes were landing, not only at the end.
      expect(reader.pages).toBeGreaterThan(10);
      const inspect = pgInspector(schema.url);
      try {
        expect(await inspect.checkStock()).toEqual([]);
        expect(await inspect.headSeq()).toBe(ORIGINS * EVENTS_PER_ORIGIN);
      } finally {
        await inspect.close();
      }
      // Several requests shared commits inside each process.
      const stats = storages.map((storage) => storage.stats());
      const appends = stats.reduce((sum, s) => sum + s.appends, 0);
      const commits = stats.reduce((sum, s) => sum + s.commits, 0);
      expect(commits).toBeLessThan(appends);
    });
  },
);

// `master migrate-to-postgres`: a chain moves from the SQLite master to PostgreSQL with every event
// at its masterSeq exactly once, registers keep their tokens and origins, codes keep their state;
// an interrupted copy resumes, a second run copies only what is new, and a target that is not a
// prefix of the source is refused without a write.
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../app/master/cli-program.js';
import { copySqliteMasterToPostgres } from '../../app/master/pg-copy-from-sqlite.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import { createMasterServer } from '../../app/master/server.js';
import type { MasterStorage } from '../../app/master/storage.js';
import { ISBN_A, ISBN_B, OriginWriter, call, newOriginId } from '../master/helpers.js';
import { pgInspector, sqliteInspector } from '../master/inspect.js';
import { createTestSchema, hasTestPostgres, PG_SKIP_REASON, type TestSchema } from './pg-schema.js';
import { buildSqliteChain, type SqliteChain } from './sqlite-chain.js';

async function migrate(dataDir: string, databaseUrl: string, ...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(
    ['migrate-to-postgres', '--data', dataDir, '--database', databaseUrl, ...extra],
    (line) => out.push(line),
    (line) => err.push(line),
  );
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** Everything a register could observe of a master, for comparing two of them. */
async function observable(storage: MasterStorage) {
  const registers = (await storage.registers()).map((register) => ({
    ...register,
    tokenHash: register.tokenHash.toString('hex'),
  }));
  return {
    feed: (await storage.feed(0, 5_000)).entries,
    head: await storage.headSeq(),
    registers,
    stores: await storage.stores(),
    titles: await storage.titles(),
    counts: await Promise.all(
      ['uptown', 'riverside'].flatMap((storeId) =>
        [ISBN_A, ISBN_B].map((isbn) => storage.titleState(storeId, isbn)),
      ),
    ),
    availability: await storage.availability(ISBN_A),
    digests: await storage.titleDigests('uptown'),
  };
}

describe.skipIf(!hasTestPostgres())(
  `migrate-to-postgres${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let chain: SqliteChain;
    let schema: TestSchema;

    beforeEach(async () => {
      chain = await buildSqliteChain();
      schema = await createTestSchema();
    });
    afterEach(async () => {
      await chain.master.close();
      await schema.drop();
    });

    it('copies every event at its masterSeq, registers with their tokens, codes and catalog, and registers carry on', async () => {
      const { master } = chain;
      const first = await migrate(master.dir, schema.url, '--page-size', '7');
      expect(first.err).toBe('');
      expect(first.status).toBe(0);
      expect(first.out).toContain('Done:');

      const target = await PgMasterStorage.open({ url: schema.url, poolSize: 2 });
      const app = createMasterServer({ storage: target });
      try {
        const expected = await observable(master.storage);
        expect(expected.feed.length).toBeGreaterThan(60);
        const kinds = new Set(expected.feed.map((entry) => entry.event.kind));
        expect([...kinds].sort()).toEqual(['DELIVERY', 'SALE', 'STOCKTAKE', 'VOID']);
        expect(await observable(target)).toEqual(expected);
        const sqliteHeld = sqliteInspector(master.dbPath);
        const pgHeld = pgInspector(schema.url);
        try {
          expect(await pgHeld.held()).toEqual(await sqliteHeld.held());
          expect(await pgHeld.checkStock()).toEqual([]);
        } finally {
          await sqliteHeld.close();
          await pgHeld.close();
        }

        // Registers carry on against the PostgreSQL master as if nothing happened.
        await app.listen({ port: 0, host: '127.0.0.1' });
        const pg = { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
        const [uptown] = chain.tills;
        if (!uptown) throw new Error('no till');
        const writer = chain.writers.get(uptown.originId) as OriginWriter;
        const next = await call(
          pg,
          'POST',
          '/v1/events',
          { events: [writer.delivery(ISBN_A, 1)] },
          { token: uptown.token },
        );
        expect(next.status).toBe(200);
        expect(next.body).toMatchObject({ accepted: 1, headSeq: expected.head + 1 });
        const revoked = await call(pg, 'GET', '/v1/feed', undefined, {
          token: chain.revoked.token,
        });
        expect(revoked.status).toBe(401);
        const enrolled = await call(pg, 'POST', '/v1/enrol', {
          code: chain.unusedCode,
          originId: newOriginId(),
          registerName: 'New till',
        });
        expect(enrolled.status).toBe(200);

        // Once the PostgreSQL master has taken events of its own, the SQLite master is no longer
        // the source of truth: another run is refused and changes nothing.
        const again = await migrate(master.dir, schema.url);
        expect(again.status).toBe(1);
        expect(again.err).toContain('not a prefix');
        expect((await target.feed(0, 5_000)).entries).toHaveLength(expected.feed.length + 1);
      } finally {
        await app.close();
        await target.close();
      }
    });

    it('is idempotent: a second run verifies what is there and copies nothing', async () => {
      const { master } = chain;
      expect((await migrate(master.dir, schema.url)).status).toBe(0);
      const again = await migrate(master.dir, schema.url);
      expect(again.status).toBe(0);
      const head = await master.storage.headSeq();
      expect(again.out).toContain(`${head} events already in PostgreSQL, checked identical`);
      expect(again.out).toContain('(0 copied now)');
      const inspect = pgInspector(schema.url);
      try {
        expect(await inspect.eventCount()).toBe(head);
      } finally {
        await inspect.close();
      }
    });

    it('resumes an interrupted copy, then copies the SQLite master’s later events on the next run', async () => {
      const { master } = chain;
      const total = await master.storage.headSeq();
      const interrupted = copySqliteMasterToPostgres({
        dataDir: master.dir,
        databaseUrl: schema.url,
        pageSize: 5,
        print: () => {},
        afterPage: (copied) => {
          if (copied >= 10) throw new Error('power cut');
        },
      });
      await expect(interrupted).rejects.toThrow('power cut');
      const inspect = pgInspector(schema.url);
      try {
        // Every committed page is whole: events, held and the head agree.
        expect(await inspect.eventCount()).toBe(10);
        expect(await inspect.headSeq()).toBe(10);
        expect(await inspect.checkStock()).toEqual([]);

        const resumed = await copySqliteMasterToPostgres({
          dataDir: master.dir,
          databaseUrl: schema.url,
          pageSize: 5,
          print: () => {},
        });
        expect(resumed).toEqual({ verified: 10, copied: total - 10, headSeq: total });

        // The SQLite master kept serving; its later events follow on the next run.
        const later = await chain.pushMore(6);
        const caughtUp = await copySqliteMasterToPostgres({
          dataDir: master.dir,
          databaseUrl: schema.url,
          print: () => {},
        });
        expect(caughtUp.copied).toBe(later.length);
        expect(await inspect.eventCount()).toBe(total + later.length);
        const target = await PgMasterStorage.open({ url: schema.url, poolSize: 2 });
        try {
          expect(await observable(target)).toEqual(await observable(master.storage));
        } finally {
          await target.close();
        }
      } finally {
        await inspect.close();
      }
    });

    it('refuses a target holding other events, writing nothing', async () => {
      const stranger = await PgMasterStorage.open({ url: schema.url, poolSize: 2 });
      try {
        const other = new OriginWriter(newOriginId(), 'uptown');
        await stranger.append({ events: [other.delivery(ISBN_A, 3)] });
        const refused = await migrate(chain.master.dir, schema.url);
        expect(refused.status).toBe(1);
        expect(refused.err).toContain('not a prefix');
        expect((await stranger.feed(0, 100)).entries).toHaveLength(1);
        expect(await stranger.stores()).toEqual([]);
        expect(await stranger.registers()).toEqual([]);
      } finally {
        await stranger.close();
      }
    });

    it('refuses a --data folder without a SQLite master', async () => {
      const missing = await migrate(`${chain.master.dir}/nowhere`, schema.url);
      expect(missing.status).toBe(1);
      expect(missing.err).toContain('There is no SQLite master');
    });
  },
);

// PostgreSQL dropping the master's connections (a restart, a failover, an administrator): requests
// caught by it get 503 UNAVAILABLE, never a 500 and never a half-written push; the next request
// gets a fresh connection, and a re-sent push is acknowledged once.
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STORES } from '../../app/catalog/demo-catalog.js';
import { PgMasterStorage } from '../../app/master/pg-storage.js';
import { createMasterServer } from '../../app/master/server.js';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { ISBN_A, OriginWriter, call, enrol, type AnyTestMaster } from '../master/helpers.js';
import { createTestDatabase, type TestDatabase } from '../master/test-database.js';
import { hasTestPostgres, PG_SKIP_REASON, TEST_PG_URL } from './pg-schema.js';

describe.skipIf(!hasTestPostgres())(
  `the master when PostgreSQL drops its connections${hasTestPostgres() ? '' : ` (${PG_SKIP_REASON})`}`,
  () => {
    let database: TestDatabase;
    let master: AnyTestMaster;
    let storage: PgMasterStorage;
    let applicationName: string;

    beforeEach(async () => {
      database = await createTestDatabase('postgres');
      // A name of its own, so only this master's connections are cut.
      applicationName = `bk-outage-${randomBytes(4).toString('hex')}`;
      const url = new URL(database.databaseUrl ?? '');
      url.searchParams.set('application_name', applicationName);
      storage = await PgMasterStorage.open({ url: url.toString(), poolSize: 3 });
      await storage.upsertStores(DEMO_STORES);
      const app = createMasterServer({ storage });
      await app.listen({ port: 0, host: '127.0.0.1' });
      master = {
        kind: 'postgres',
        url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
        dir: database.dir,
        dbPath: '',
        databaseUrl: url.toString(),
        storage,
        app,
        database,
        inspect: database.inspect,
        close: async () => {
          await app.close();
          await storage.close();
          await database.dispose();
        },
      };
    });
    afterEach(async () => {
      await master.close();
    });

    async function cutConnections(): Promise<number> {
      const admin = new Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      try {
        const result = await admin.query<{ cut: boolean }>(
          'SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE application_name = $1',
          [applicationName],
        );
        return result.rows.length;
      } finally {
        await admin.end();
      }
    }

    it('keeps serving when its idle connections are cut, on fresh ones', async () => {
      const till = await enrol(master, 'uptown');
      const writer = new OriginWriter(till.originId, 'uptown');
      for (let round = 0; round < 3; round += 1) {
        expect(await cutConnections()).toBeGreaterThan(0);
        const read = await call(master, 'GET', '/v1/feed', undefined, { token: till.token });
        expect(read.status).toBe(200);
        expect(await cutConnections()).toBeGreaterThan(0);
        const push = await call(
          master,
          'POST',
          '/v1/events',
          { events: [writer.delivery(ISBN_A, 1)] },
          { token: till.token },
        );
        expect(push.status).toBe(200);
      }
      expect(await master.inspect.eventCount()).toBe(3);
    });

    it('answers 503 to a push whose transaction was cut, having written nothing, and takes the re-send once', async () => {
      const till = await enrol(master, 'uptown');
      const writer = new OriginWriter(till.originId, 'uptown');
      const push = (events: LedgerEvent[]) =>
        call(master, 'POST', '/v1/events', { events }, { token: till.token });
      expect((await push([writer.delivery(ISBN_A, 2)])).status).toBe(200);
      await storage.pool.query(`
        CREATE FUNCTION pause_insert() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN PERFORM pg_sleep(0.5); RETURN NULL; END $$;
        CREATE TRIGGER pause_insert AFTER INSERT ON events
          FOR EACH STATEMENT EXECUTE FUNCTION pause_insert();`);

      const events = [writer.delivery(ISBN_A, 1), writer.sale(ISBN_A, 1)];
      const inFlight = push(events);
      // Inside the insert's half-second pause: the transaction is open when its connection goes.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await cutConnections()).toBeGreaterThan(0);
      const cut = await inFlight;
      expect(cut.status).toBe(503);
      expect(cut.body).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      expect(await master.inspect.eventCount()).toBe(1);

      const again = await push(events);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ accepted: 2, duplicates: 0 });
      expect(await master.inspect.eventCount()).toBe(3);
      expect(await master.inspect.checkStock()).toEqual([]);
      expect((await master.storage.titleState('uptown', ISBN_A)).onHand).toBe(2);
    });
  },
);

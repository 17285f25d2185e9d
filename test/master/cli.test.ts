import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../app/master/cli-program.js';
import { createMasterServer } from '../../app/master/server.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { MasterStorage } from '../../app/master/storage.js';
import { catalogResponseSchema } from '../../app/protocol/wire.js';
import { call, createTestDatabase, describeEachStorage, newOriginId } from './helpers.js';
import type { TestDatabase } from './test-database.js';

describeEachStorage('master CLI', (kind) => {
  let database: TestDatabase;
  let dir: string;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    // SQLite: --data names a folder that does not exist yet; the CLI creates it.
    dir = join(database.dir, 'not', 'yet', 'there');
  });
  afterEach(async () => {
    await database.dispose();
  });

  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const where = database.databaseUrl ? ['--database', database.databaseUrl] : [];
    const status = await runCli(
      [...args, '--data', dir, ...where],
      (line) => out.push(line),
      (line) => err.push(line),
    );
    return { status, out: out.join('\n'), err: err.join('\n') };
  }

  /** A storage on the database the CLI used. */
  const openUsed = (): Promise<MasterStorage> =>
    kind === 'sqlite'
      ? Promise.resolve(SqliteMasterStorage.open({ path: join(dir, 'master.db') }))
      : database.open();

  describe('commands', () => {
    it('documents every command in --help', async () => {
      const help = await cli('--help');
      expect(help.status).toBe(0);
      for (const command of [
        'serve',
        'store add',
        'code',
        'registers',
        'revoke',
        'seed-demo',
        'migrate-to-postgres',
      ]) {
        expect(help.out).toContain(command);
      }
      expect(help.out).toContain('--data');
      expect(help.out).toContain('--database');
    });

    it('answers a wrong command line with status 2 and a hint', async () => {
      for (const args of [['frobnicate'], ['serve', '--port', 'eighty'], ['code'], ['--bogus']]) {
        const result = await cli(...args);
        expect(result.status, args.join(' ')).toBe(2);
        expect(result.err).toContain('--help');
      }
      const badStore = await cli('store', 'add', 'Not Valid', 'X');
      expect(badStore.status).toBe(2);
      expect(badStore.err).toContain('storeId');
      const unknown = await cli('code', 'nowhere');
      expect(unknown.status).toBe(2);
      expect(unknown.err).toContain('store add nowhere');
    });

    it('adds a store, issues a code a register enrols with, lists and revokes the register', async () => {
      expect((await cli('store', 'add', 'uptown', 'Uptown Books')).out).toContain('added');
      expect((await cli('store', 'add', 'uptown', 'Uptown')).out).toContain('renamed');
      const issued = await cli('code', 'uptown');
      expect(issued.status).toBe(0);
      const code = /: ([A-Z2-7]{5}-[A-Z2-7]{5})$/m.exec(issued.out)?.[1];
      expect(code).toBeDefined();
      expect(issued.out).not.toContain(code?.replace('-', ''));

      // A server already running on the same database sees the CLI's changes at once.
      const storage = await openUsed();
      const app = createMasterServer({ storage });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const master = { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
      try {
        const enrolled = await call(master, 'POST', '/v1/enrol', {
          code,
          originId: newOriginId(),
          registerName: 'Front till',
        });
        expect(enrolled.status).toBe(200);
        const { token, registerId } = enrolled.body as { token: string; registerId: string };

        const listed = await cli('registers');
        expect(listed.out).toMatch(new RegExp(`${registerId}\\s+uptown\\s+Front till\\s+active`));

        expect((await cli('revoke', registerId)).status).toBe(0);
        expect((await cli('registers')).out).toContain('revoked');
        expect((await call(master, 'GET', '/v1/catalog', undefined, { token })).status).toBe(401);
        expect((await cli('revoke', 'reg-000000000000')).status).toBe(2);
      } finally {
        await app.close();
        await storage.close();
      }
    });

    it('loads the demo stores and titles with seed-demo, idempotently', async () => {
      expect((await cli('seed-demo')).status).toBe(0);
      expect((await cli('seed-demo')).status).toBe(0);
      const storage = await openUsed();
      try {
        const catalog = catalogResponseSchema.parse({
          stores: await storage.stores(),
          titles: await storage.titles(),
        });
        expect(catalog.stores.map((store) => store.storeId).sort()).toEqual([
          'riverside',
          'uptown',
        ]);
        expect(catalog.titles).toHaveLength(300);
      } finally {
        await storage.close();
      }
    });

    it('takes the database from BOOKCASE_MASTER_DATABASE_URL when --database is not given', async () => {
      const saved = process.env.BOOKCASE_MASTER_DATABASE_URL;
      if (database.databaseUrl) process.env.BOOKCASE_MASTER_DATABASE_URL = database.databaseUrl;
      else delete process.env.BOOKCASE_MASTER_DATABASE_URL;
      try {
        const out: string[] = [];
        const status = await runCli(
          ['store', 'add', 'harbour', 'Harbour', '--data', dir],
          (line) => out.push(line),
          () => {},
        );
        expect(status).toBe(0);
      } finally {
        if (saved === undefined) delete process.env.BOOKCASE_MASTER_DATABASE_URL;
        else process.env.BOOKCASE_MASTER_DATABASE_URL = saved;
      }
      const storage = await openUsed();
      try {
        expect(await storage.store('harbour')).toEqual({ storeId: 'harbour', name: 'Harbour' });
      } finally {
        await storage.close();
      }
    });
  });
});

describe('choosing the database', () => {
  async function run(...args: string[]) {
    const err: string[] = [];
    const status = await runCli(
      args,
      () => {},
      (line) => err.push(line),
    );
    return { status, err: err.join('\n') };
  }

  it('refuses a --database that is not a PostgreSQL URL, hiding its password', async () => {
    const result = await run('registers', '--database', 'mysql://ops:hunter2@db/chain');
    expect(result.status).toBe(2);
    expect(result.err).toContain('postgres://');
    expect(result.err).not.toContain('hunter2');
  });

  it('asks migrate-to-postgres for its target', async () => {
    const saved = process.env.BOOKCASE_MASTER_DATABASE_URL;
    delete process.env.BOOKCASE_MASTER_DATABASE_URL;
    try {
      const result = await run('migrate-to-postgres', '--data', '/nonexistent');
      expect(result.status).toBe(2);
      expect(result.err).toContain('--database');
    } finally {
      if (saved !== undefined) process.env.BOOKCASE_MASTER_DATABASE_URL = saved;
    }
  });

  it('reports an unreachable PostgreSQL plainly, with status 1', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    const result = await run('registers', '--database', 'postgres://ops:hunter2@127.0.0.1:9/x');
    expect(result.status).toBe(1);
    expect(result.err).toContain('Cannot open the PostgreSQL master database');
    expect(result.err).not.toContain('hunter2');
  });
});

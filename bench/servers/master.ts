// The master register as the bench runs it: the real fastify server and SQLite storage in a
// process of its own, on 127.0.0.1. Usage: master.ts <database file>
import type { AddressInfo } from 'node:net';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import { newEnrolmentCode, normalizeEnrolmentCode, sha256 } from '../../app/master/credentials.js';
import { createMasterServer } from '../../app/master/server.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import { RssSampler, serveParent } from '../lib/child-side.js';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: master.ts <database file>');

const storage = SqliteMasterStorage.open({ path: dbPath });
await storage.upsertStores(DEMO_STORES);
// The demo titles, so registers that enrol get a catalog to sell from.
await storage.upsertTitles(demoCatalog(300).map(({ stock: _stock, ...title }) => title));
const app = createMasterServer({ storage });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
const rss = new RssSampler();

serveParent(
  {
    issueCode: async (params: { storeId: string }) => {
      const code = newEnrolmentCode();
      const now = new Date();
      await storage.createEnrolmentCode({
        codeHash: sha256(normalizeEnrolmentCode(code)),
        storeId: params.storeId,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
      });
      return code;
    },
    stats: () => storage.stats(),
    rssStart: () => rss.start(),
    rssStop: () => rss.stop(),
    close: async () => {
      await app.close();
      await storage.close();
    },
  },
  { url: `http://127.0.0.1:${port}` },
);

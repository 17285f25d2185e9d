// The master register as the bench runs it: the real fastify server and its storage in a process
// of its own, on 127.0.0.1. Usage: master.ts <SQLite database file> | master.ts --database <URL>
// (PostgreSQL, with the production pool size unless BOOKCASE_MASTER_PG_POOL_SIZE says otherwise).
import type { AddressInfo } from 'node:net';
import { DEMO_STORES, demoCatalog } from '../../app/catalog/demo-catalog.js';
import { newEnrolmentCode, normalizeEnrolmentCode, sha256 } from '../../app/master/credentials.js';
import { openMasterStorage } from '../../app/master/pg-storage-selection.js';
import { createMasterServer } from '../../app/master/server.js';
import { SqliteMasterStorage } from '../../app/master/sqlite-storage.js';
import type { MasterStorage } from '../../app/master/storage.js';
import { RssSampler, serveParent } from '../lib/child-side.js';
import { ownCpuUs } from '../lib/stats.js';
import { GcPauses } from './gc-pauses.js';

const [first, second] = process.argv.slice(2);
if (!first || (first === '--database' && !second)) {
  throw new Error('usage: master.ts <database file> | master.ts --database <postgres URL>');
}
// PostgreSQL through the same selection as `master serve --database`; SQLite on the given file.
const storage: MasterStorage =
  first === '--database'
    ? await openMasterStorage({ dataDir: '', databaseUrl: second })
    : SqliteMasterStorage.open({ path: first });
await storage.upsertStores(DEMO_STORES);
// The demo titles, so registers that enrol get a catalog to sell from.
await storage.upsertTitles(demoCatalog(300).map(({ stock: _stock, ...title }) => title));
const app = createMasterServer({ storage });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;
const rss = new RssSampler();
const gc = new GcPauses();

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
    // The SQLite master's WAL checkpointer: worker passes and fallbacks in the writer.
    checkpoints: () =>
      storage instanceof SqliteMasterStorage ? (storage.checkpointStats() ?? null) : null,
    // The SQLite master's title index: slices moved from its recent tier, and that tier's size.
    titleIndex: () => (storage instanceof SqliteMasterStorage ? storage.titleIndexStats() : null),
    // CPU this process has used (user + system, µs): what a confirmed sale costs the master.
    cpu: ownCpuUs,
    // GC pauses since a wall-clock time, to match with the latency samples of the bench.
    gcPauses: (params: { since: number }) => gc.since(params.since),
    rssStart: () => rss.start(),
    rssStop: () => rss.stop(),
    close: async () => {
      await app.close();
      await storage.close();
    },
  },
  { url: `http://127.0.0.1:${port}` },
);

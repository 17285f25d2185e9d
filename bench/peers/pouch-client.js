// The peer's register: a PouchDB on LevelDB holding the store's own documents, which replicates
// both ways with the server (push ours, pull the chain's) when asked, and times it.
// Usage: pouch-client.js <dir> <documents> <isbns,comma,separated>
import path from 'node:path';
import process from 'node:process';
import PouchDB from 'pouchdb-node';
import { serveParent, eventDocs, load } from './rpc.js';

const [dir, count, isbnList] = process.argv.slice(2);

const local = new PouchDB(path.join(dir, 'till'));
await load(local, eventDocs('a'.repeat(32), 'uptown', isbnList.split(','), Number(count)));
serveParent(
  {
    sync: async ({ url, batchSize }) => {
      const start = process.hrtime.bigint();
      const result = await PouchDB.sync(local, url, { batch_size: batchSize });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      return { ms, pushed: result.push.docs_written, pulled: result.pull.docs_written };
    },
    close: () => local.close(),
  },
  {},
);

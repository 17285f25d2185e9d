// The peer's server: express-pouchdb (the CouchDB replication protocol over PouchDB) on express,
// LevelDB on disk, preloaded with the chain's documents the register will pull.
// Usage: pouch-server.js <dir> <documents> <isbns,comma,separated>
import path from 'node:path';
import process from 'node:process';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { serveParent, eventDocs, load } from './rpc.js';

const [dir, count, isbnList] = process.argv.slice(2);
const ServerPouch = PouchDB.defaults({ prefix: `${dir}${path.sep}` });
const app = express();
app.use(
  '/db',
  expressPouchDB(ServerPouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: path.join(dir, 'log.txt'),
  }),
);

const chain = new ServerPouch('chain');
await load(chain, eventDocs('b'.repeat(32), 'uptown', isbnList.split(','), Number(count)));
const server = app.listen(0, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${server.address().port}/db/chain`;
  serveParent(
    {
      info: () => chain.info(),
      close: () =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => chain.close().then(resolve, resolve));
        }),
    },
    { url },
  );
});

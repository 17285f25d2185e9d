// The nightly pull leaves out the register's own events, which it holds already: over real HTTP
// to a real master, the feed pages a batch reads carry none of them, the batch still brings every
// other till's event, and the counts agree. A master that predates the skip refuses it with a 400:
// the client then asks for whole pages, once, and keeps doing so.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../app/ledger/ledger.js';
import { recordSale } from '../../app/ledger/sales.js';
import type { FeedSkip } from '../../app/protocol/wire.js';
import { runBatch } from '../../app/sync/batch.js';
import { MasterClient, type MasterApi } from '../../app/sync/master-client.js';
import { OriginWriter, enrol, pushAs, startMaster, type TestMaster } from '../master/helpers.js';
import { deliver, demoIsbn, seedTitles } from '../helpers/ledgers.js';

let master: TestMaster;
let ledger: Ledger;
let client: MasterClient;

beforeEach(async () => {
  master = await startMaster();
  ledger = Ledger.open({ path: ':memory:', storeId: 'uptown' });
  seedTitles(ledger);
  const till = await enrol(master, 'uptown', ledger.originId);
  client = new MasterClient({ url: master.url, token: till.token });
});
afterEach(async () => {
  await client.close();
  ledger.close();
  await master.close();
});

it('reads feed pages that carry none of the register’s own events', async () => {
  const isbn = demoIsbn(0);
  deliver(ledger, isbn, 50);
  for (let i = 0; i < 30; i += 1) {
    recordSale(ledger, { cashier: 'amy', lines: [{ isbn, qty: 1 }], payment: { method: 'card' } });
  }
  const other = await enrol(master, 'uptown');
  const writer = new OriginWriter(other.originId, 'uptown');
  const theirs = Array.from({ length: 12 }, () => writer.delivery(isbn, 1));
  await pushAs(master, other, theirs);

  const pages: { skip: FeedSkip | undefined; origins: string[] }[] = [];
  const recording: MasterApi = {
    push: (events) => client.push(events),
    sale: (receiptId, events) => client.sale(receiptId, events),
    repair: (request) => client.repair(request),
    feed: async (after, limit, skip) => {
      const page = await client.feed(after, limit, skip);
      pages.push({ skip, origins: page.entries.map(({ event }) => event.originId) });
      return page;
    },
  };
  const result = await runBatch(ledger, recording, { pageSize: 10 });

  expect(result).toMatchObject({ pushed: 31, pulled: 12 });
  expect(pages.length).toBeGreaterThan(1);
  expect(pages.every(({ skip }) => skip?.originId === ledger.originId)).toBe(true);
  expect(pages.flatMap(({ origins }) => origins)).toEqual(theirs.map(() => other.originId));
  expect(ledger.onHand(isbn)).toBe(50 - 30 + 12);
  expect((await master.storage.titleState('uptown', isbn)).onHand).toBe(50 - 30 + 12);
  // The pull still reached the head: the next batch has nothing to bring.
  expect(await runBatch(ledger, recording, { pageSize: 10 })).toMatchObject({ pulled: 0 });
});

describe('a master older than the skip', () => {
  let old: Server;
  const queries: string[] = [];

  beforeEach(async () => {
    queries.length = 0;
    old = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      queries.push(url.search);
      response.setHeader('content-type', 'application/json');
      if (url.searchParams.has('skip')) {
        response.statusCode = 400;
        response.end(
          JSON.stringify({ error: { code: 'BAD_REQUEST', message: 'query: unknown key "skip"' } }),
        );
        return;
      }
      response.end(JSON.stringify({ entries: [], nextAfter: 0, headSeq: 0 }));
    });
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => old.close(resolve));
  });

  it('gets whole pages: the client drops the skip after the first refusal', async () => {
    const { port } = old.address() as AddressInfo;
    const oldClient = new MasterClient({ url: `http://127.0.0.1:${port}`, token: 't' });
    try {
      const skip = { originId: ledger.originId, throughSeq: 3 };
      expect(await oldClient.feed(0, 10, skip)).toMatchObject({ entries: [], headSeq: 0 });
      expect(await oldClient.feed(0, 10, skip)).toMatchObject({ entries: [], headSeq: 0 });
      expect(queries).toEqual([
        `?after=0&limit=10&skip=${ledger.originId}&skipThrough=3`,
        '?after=0&limit=10',
        '?after=0&limit=10',
      ]);
    } finally {
      await oldClient.close();
    }
  });
});

// The SQLite master sends the feed with each event's stored canonical text spliced in, without
// parsing it. The page must be byte for byte what writing out the parsed page gives, and a stored
// text that is not one JSON object must be a 500, never a broken page.
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { feedResponseSchema } from '../../app/protocol/wire.js';
import {
  ISBN_A,
  ISBN_B,
  OriginWriter,
  call,
  enrol,
  startMaster,
  type EnrolledRegister,
  type TestMaster,
} from './helpers.js';

describe('the feed from stored texts (SQLite master)', () => {
  let master: TestMaster;
  let till: EnrolledRegister;
  let writer: OriginWriter;

  beforeEach(async () => {
    master = await startMaster();
    till = await enrol(master, 'uptown');
    writer = new OriginWriter(till.originId, 'uptown');
  });
  afterEach(async () => {
    await master.close();
  });

  async function rawFeed(query: string): Promise<{ status: number; type: string; text: string }> {
    const reply = await request(`${master.url}/v1/feed?${query}`, {
      headers: { authorization: `Bearer ${till.token}` },
    });
    return {
      status: reply.statusCode,
      type: String(reply.headers['content-type']),
      text: await reply.body.text(),
    };
  }

  async function pushSome(): Promise<void> {
    const delivery: LedgerEvent = {
      ...writer.delivery(ISBN_A, 5),
      // Quotes, a backslash, control characters and non-Latin text, as a reference may hold.
      reference: 'PO "7"\\\n\t\u0001 — Bücher 書',
    } as LedgerEvent;
    const events = [delivery, writer.sale(ISBN_A, 2), writer.delivery(ISBN_B, 1)];
    const reply = await call(master, 'POST', '/v1/events', { events }, { token: till.token });
    expect(reply.status).toBe(200);
  }

  it('sends exactly the text the parsed page would be written as', async () => {
    await pushSome();
    for (const [after, limit] of [
      [0, 2],
      [2, 2],
      [0, 10],
      [3, 5],
    ] as const) {
      const sent = await rawFeed(`after=${after}&limit=${limit}`);
      expect(sent.status).toBe(200);
      expect(sent.type).toMatch(/^application\/json/);
      const parsed = await master.storage.feed(after, limit);
      const nextAfter = parsed.entries.at(-1)?.masterSeq ?? after;
      expect(sent.text).toBe(
        JSON.stringify({ entries: parsed.entries, nextAfter, headSeq: parsed.headSeq }),
      );
      // And it is a valid page, every event included.
      expect(feedResponseSchema.parse(JSON.parse(sent.text)).nextAfter).toBe(nextAfter);
    }
  });

  it('answers 500 rather than send a page around a stored text that is not an object', async () => {
    await pushSome();
    master.storage.db
      .prepare('UPDATE events SET body = ? WHERE master_seq = 2')
      .run('{"kind":"SALE"},{"kind":"VOID"}x');
    const sent = await rawFeed('after=0&limit=10');
    expect(sent.status).toBe(500);
    expect(JSON.parse(sent.text)).toMatchObject({ error: { code: 'INTERNAL' } });
  });
});

// A register's nightly pull asks the feed to leave out its own events (origin, through the seq it
// holds): they are half of what it would otherwise carry back. The master must leave out exactly
// those, still send the origin's later seqs (a register restored from an older copy lacks them),
// move on past a long run of skipped events without reading the whole log, and refuse a malformed
// skip with a 400 that changes nothing.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LedgerEvent } from '../../app/protocol/events.js';
import { feedResponseSchema, type FeedResponse } from '../../app/protocol/wire.js';
import {
  ISBN_A,
  ISBN_B,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  pushAs,
  startMaster,
  type AnyTestMaster,
  type EnrolledRegister,
} from './helpers.js';

describeEachStorage('the feed that skips a register’s own events', (kind) => {
  let master: AnyTestMaster;
  let mine: EnrolledRegister;
  let other: EnrolledRegister;
  let myWriter: OriginWriter;
  let otherWriter: OriginWriter;

  beforeEach(async () => {
    master = await startMaster({ storage: kind });
    mine = await enrol(master, 'uptown');
    other = await enrol(master, 'uptown');
    myWriter = new OriginWriter(mine.originId, 'uptown');
    otherWriter = new OriginWriter(other.originId, 'uptown');
  });
  afterEach(async () => {
    await master.close();
  });

  const push = (till: EnrolledRegister, events: LedgerEvent[]) => pushAs(master, till, events);

  async function page(query: string): Promise<FeedResponse> {
    const reply = await call(master, 'GET', `/v1/feed?${query}`, undefined, {
      token: mine.token,
    });
    expect(reply.status).toBe(200);
    return feedResponseSchema.parse(reply.body);
  }

  const keys = (response: FeedResponse) =>
    response.entries.map(
      ({ event }) => `${event.originId === mine.originId ? 'mine' : 'other'}:${event.seq}`,
    );

  it('leaves out the origin’s events through the seq given, and sends its later ones', async () => {
    await push(mine, [myWriter.delivery(ISBN_A, 5), myWriter.sale(ISBN_A, 1)]);
    await push(other, [otherWriter.delivery(ISBN_B, 2)]);
    await push(mine, [myWriter.sale(ISBN_A, 1), myWriter.sale(ISBN_A, 1)]);
    await push(other, [otherWriter.sale(ISBN_B, 1)]);

    expect(keys(await page('after=0&limit=100'))).toEqual([
      'mine:1',
      'mine:2',
      'other:1',
      'mine:3',
      'mine:4',
      'other:2',
    ]);
    // Held through seq 3: seq 4 is one this register lacks, so it still comes.
    const skipping = await page(`after=0&limit=100&skip=${mine.originId}&skipThrough=3`);
    expect(keys(skipping)).toEqual(['other:1', 'mine:4', 'other:2']);
    expect(skipping.nextAfter).toBe(6);
    expect(skipping.headSeq).toBe(6);
    // Another origin's id skips nothing of this one's.
    const stranger = 'f'.repeat(32);
    expect(keys(await page(`after=0&limit=100&skip=${stranger}&skipThrough=99`))).toHaveLength(6);
  });

  it('moves on past a long run of skipped events, a bounded stretch per page', async () => {
    const run = Array.from({ length: 45 }, () => myWriter.delivery(ISBN_A, 1));
    await push(mine, run);
    await push(other, [otherWriter.delivery(ISBN_B, 1)]);
    const skip = `&skip=${mine.originId}&skipThrough=45`;

    const seen: string[] = [];
    const nextAfters: number[] = [];
    let after = 0;
    for (let pages = 0; pages < 10; pages += 1) {
      const response = await page(`after=${after}&limit=2${skip}`);
      seen.push(...keys(response));
      nextAfters.push(response.nextAfter);
      expect(response.nextAfter).toBeGreaterThan(after);
      after = response.nextAfter;
      if (after >= response.headSeq) break;
    }
    expect(seen).toEqual(['other:1']);
    // Each page looks at most ten pages' worth of masterSeqs (20 here), then says where to go on.
    expect(nextAfters).toEqual([20, 40, 46]);
  });

  it('refuses a malformed skip with a 400 and changes nothing', async () => {
    await push(mine, [myWriter.delivery(ISBN_A, 5)]);
    const before = await page('after=0&limit=100');
    for (const query of [
      `skip=${mine.originId}`,
      'skipThrough=3',
      `skip=not-an-origin&skipThrough=3`,
      `skip=${mine.originId}&skipThrough=-1`,
      `skip=${mine.originId}&skipThrough=two`,
    ]) {
      const reply = await call(master, 'GET', `/v1/feed?after=0&${query}`, undefined, {
        token: mine.token,
      });
      expect(reply.status, query).toBe(400);
    }
    expect(await page('after=0&limit=100')).toEqual(before);
  });
});

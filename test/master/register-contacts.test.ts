// GET /v1/stores/:storeId/registers: which registers of a store exist and how stale each one's
// view of the chain is, recorded as they push and pull; on both storages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMasterDatabase } from '../../app/master/master-database.js';
import { storeRegistersResponseSchema, type StoreRegister } from '../../app/protocol/wire.js';
import {
  ISBN_A,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  startMaster,
  type AnyTestMaster,
  type EnrolledRegister,
} from './helpers.js';

describeEachStorage('the registers of a store and how stale each is', (kind) => {
  let master: AnyTestMaster;
  let front: EnrolledRegister;
  let back: EnrolledRegister;

  beforeEach(async () => {
    master = await startMaster({ storage: kind });
    front = await enrol(master, 'uptown');
    back = await enrol(master, 'uptown');
  });
  afterEach(async () => {
    await master.close();
  });

  const registersOf = async (till: EnrolledRegister, storeId = till.storeId) => {
    const reply = await call(master, 'GET', `/v1/stores/${storeId}/registers`, undefined, {
      token: till.token,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    return storeRegistersResponseSchema.parse(reply.body);
  };
  const rowOf = (rows: StoreRegister[], till: EnrolledRegister) =>
    rows.find((row) => row.originId === till.originId);
  const push = (till: EnrolledRegister, events: unknown[]) =>
    call(master, 'POST', '/v1/events', { events }, { token: till.token });
  const pull = (till: EnrolledRegister, after: number, limit: number) =>
    call(master, 'GET', `/v1/feed?after=${after}&limit=${limit}`, undefined, {
      token: till.token,
    });

  it('lists every register of the store, never in contact yet, behind by the whole feed', async () => {
    const writer = new OriginWriter(front.originId, 'uptown');
    expect((await push(front, [writer.delivery(ISBN_A, 3), writer.sale(ISBN_A, 1)])).status).toBe(
      200,
    );
    const elsewhere = await enrol(master, 'riverside');

    const answer = await registersOf(back);
    expect(answer.headSeq).toBe(2);
    expect(answer.registers.map((row) => row.originId).sort()).toEqual(
      [front.originId, back.originId].sort(),
    );
    expect(rowOf(answer.registers, elsewhere)).toBeUndefined();
    expect(rowOf(answer.registers, back)).toMatchObject({
      registerId: back.registerId,
      registerName: `Till ${back.originId.slice(0, 4)}`,
      lastPushAt: null,
      lastPullAt: null,
      pulledTo: null,
      behind: 2,
    });
    expect(rowOf(answer.registers, front)?.lastPushAt).not.toBeNull();
  });

  it('records how far each pull reached, and counts the feed events since', async () => {
    const writer = new OriginWriter(front.originId, 'uptown');
    const events = Array.from({ length: 5 }, () => writer.delivery(ISBN_A, 1));
    await push(front, events);

    expect((await pull(back, 0, 3)).status).toBe(200);
    let row = rowOf((await registersOf(front)).registers, back);
    expect(row).toMatchObject({ pulledTo: 3, behind: 2 });
    expect(row?.lastPullAt).not.toBeNull();
    expect(row?.lastPushAt).toBeNull();

    await pull(back, 3, 1000);
    row = rowOf((await registersOf(front)).registers, back);
    expect(row).toMatchObject({ pulledTo: 5, behind: 0 });

    // A replayed older page does not move the position back.
    await pull(back, 0, 1);
    row = rowOf((await registersOf(front)).registers, back);
    expect(row).toMatchObject({ pulledTo: 5, behind: 0 });

    // New events at the master leave the register behind again until it pulls them.
    await push(front, [writer.sale(ISBN_A, 1)]);
    row = rowOf((await registersOf(front)).registers, back);
    expect(row).toMatchObject({ pulledTo: 5, behind: 1 });
  });

  it('notes a register’s pushes at most once a minute, so a strong-mode sale pays no extra write', async () => {
    let now = Date.parse('2026-11-24T10:00:00.000Z');
    const timed = await startMaster({ storage: kind, clock: () => new Date(now) });
    try {
      const till = await enrol(timed, 'uptown');
      const writer = new OriginWriter(till.originId, 'uptown');
      const lastPush = async () => {
        const reply = await call(timed, 'GET', '/v1/stores/uptown/registers', undefined, {
          token: till.token,
        });
        const rows = storeRegistersResponseSchema.parse(reply.body).registers;
        return rowOf(rows, till)?.lastPushAt;
      };
      const pushed = (events: unknown[]) =>
        call(timed, 'POST', '/v1/events', { events }, { token: till.token });

      expect((await pushed([writer.delivery(ISBN_A, 1)])).status).toBe(200);
      expect(await lastPush()).toBe('2026-11-24T10:00:00.000Z');
      now += 30_000;
      expect((await pushed([writer.delivery(ISBN_A, 1)])).status).toBe(200);
      expect(await lastPush()).toBe('2026-11-24T10:00:00.000Z');
      now += 31_000;
      expect((await pushed([writer.delivery(ISBN_A, 1)])).status).toBe(200);
      expect(await lastPush()).toBe('2026-11-24T10:01:01.000Z');
    } finally {
      await timed.close();
    }
  });

  it('notes a pull’s pages on the way at most every 10 s, and always the page that reaches the head', async () => {
    let now = Date.parse('2026-11-24T02:00:00.000Z');
    const timed = await startMaster({ storage: kind, clock: () => new Date(now) });
    try {
      const [pusher, puller] = [await enrol(timed, 'uptown'), await enrol(timed, 'uptown')];
      const writer = new OriginWriter(pusher.originId, 'uptown');
      const events = Array.from({ length: 6 }, () => writer.delivery(ISBN_A, 1));
      expect(
        (await call(timed, 'POST', '/v1/events', { events }, { token: pusher.token })).status,
      ).toBe(200);
      const pullPage = async (after: number) =>
        (
          await call(timed, 'GET', `/v1/feed?after=${after}&limit=2`, undefined, {
            token: puller.token,
          })
        ).status;
      const seen = async () => {
        const reply = await call(timed, 'GET', '/v1/stores/uptown/registers', undefined, {
          token: pusher.token,
        });
        const row = rowOf(storeRegistersResponseSchema.parse(reply.body).registers, puller);
        return { pulledTo: row?.pulledTo, behind: row?.behind, lastPullAt: row?.lastPullAt };
      };

      expect(await pullPage(0)).toBe(200);
      expect(await seen()).toEqual({
        pulledTo: 2,
        behind: 4,
        lastPullAt: '2026-11-24T02:00:00.000Z',
      });
      // The next page, 3 s later: not noted, so the register shows behind by more, never less.
      now += 3_000;
      expect(await pullPage(2)).toBe(200);
      expect(await seen()).toMatchObject({ pulledTo: 2, behind: 4 });
      // 10 s after the last note, a page on the way is noted again.
      now += 7_000;
      expect(await pullPage(2)).toBe(200);
      expect(await seen()).toEqual({
        pulledTo: 4,
        behind: 2,
        lastPullAt: '2026-11-24T02:00:10.000Z',
      });
      // The page that reaches the head is noted at once.
      now += 1_000;
      expect(await pullPage(4)).toBe(200);
      expect(await seen()).toEqual({
        pulledTo: 6,
        behind: 0,
        lastPullAt: '2026-11-24T02:00:11.000Z',
      });
      // Polling an idle feed is noted at most every 10 s.
      now += 2_000;
      expect(await pullPage(6)).toBe(200);
      expect((await seen()).lastPullAt).toBe('2026-11-24T02:00:11.000Z');
      now += 10_000;
      expect(await pullPage(6)).toBe(200);
      expect((await seen()).lastPullAt).toBe('2026-11-24T02:00:23.000Z');
    } finally {
      await timed.close();
    }
  });

  it('does not count a refused push as contact', async () => {
    const writer = new OriginWriter(front.originId, 'uptown');
    writer.delivery(ISBN_A, 1); // seq 1 never sent: the next one is a gap
    expect((await push(front, [writer.delivery(ISBN_A, 1)])).status).toBe(409);
    expect(rowOf((await registersOf(front)).registers, front)?.lastPushAt).toBeNull();
  });

  it('leaves out revoked registers', async () => {
    await master.storage.revokeRegister(back.registerId, new Date().toISOString());
    const rows = (await registersOf(front)).registers;
    expect(rowOf(rows, back)).toBeUndefined();
    expect(rowOf(rows, front)).toBeDefined();
  });

  it('refuses another store (403), a malformed store id (400) and no token (401)', async () => {
    const other = await call(master, 'GET', '/v1/stores/riverside/registers', undefined, {
      token: front.token,
    });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'FORBIDDEN' } });

    const malformed = await call(master, 'GET', '/v1/stores/NOT%20A%20STORE/registers', undefined, {
      token: front.token,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });

    const anonymous = await call(master, 'GET', '/v1/stores/uptown/registers');
    expect(anonymous.status).toBe(401);
  });
});

describe('master migration 005', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookcase-contacts-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds register contacts to a version 4 database, keeping its registers', () => {
    const path = join(dir, 'master.db');
    const old = openMasterDatabase({ path, schemaVersion: 4 });
    old.prepare("INSERT INTO stores (store_id, name) VALUES ('uptown', 'Uptown')").run();
    old
      .prepare(
        `INSERT INTO registers (register_id, store_id, name, token_hash, enrolled_at)
         VALUES ('r1', 'uptown', 'Till 1', ?, '2026-01-01T00:00:00.000Z')`,
      )
      .run(Buffer.alloc(32, 1));
    old.close();

    const db = openMasterDatabase({ path });
    try {
      expect(db.prepare('SELECT name FROM registers').all()).toEqual([{ name: 'Till 1' }]);
      db.prepare(
        "INSERT INTO register_contacts (register_id, pulled_to, last_pull_at) VALUES ('r1', 7, 'x')",
      ).run();
      expect(() =>
        db
          .prepare("INSERT INTO register_contacts (register_id, pulled_to) VALUES ('nobody', 1)")
          .run(),
      ).toThrow(/FOREIGN KEY/);
      expect(() =>
        db.prepare("UPDATE register_contacts SET pulled_to = -1 WHERE register_id = 'r1'").run(),
      ).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});

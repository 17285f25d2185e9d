import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimOriginResponseSchema, enrolResponseSchema } from '../../app/protocol/wire.js';
import { newToken } from '../../app/master/credentials.js';
import {
  ISBN_A,
  OriginWriter,
  call,
  describeEachStorage,
  enrol,
  issueCode,
  newOriginId,
  startMaster,
  type AnyTestMaster,
} from './helpers.js';

describeEachStorage('master authentication', (kind) => {
  let master: AnyTestMaster;

  beforeEach(async () => {
    master = await startMaster({ storage: kind });
  });
  afterEach(async () => {
    await master.close();
  });

  const pushOne = (token: string, originId: string, storeId = 'uptown') =>
    call(
      master,
      'POST',
      '/v1/events',
      { events: [new OriginWriter(originId, storeId).delivery(ISBN_A, 1)] },
      { token },
    );

  describe('enrolment', () => {
    it('trades a code for a token bound to the code’s store, storing only the token’s hash', async () => {
      const code = await issueCode(master.storage, 'riverside');
      const originId = newOriginId();
      const reply = await call(master, 'POST', '/v1/enrol', {
        // Typed by a person: lower case, a dash, a space.
        code: ` ${code.slice(0, 5).toLowerCase()}-${code.slice(5)} `,
        originId,
        registerName: 'Front till',
      });
      expect(reply.status).toBe(200);
      const body = enrolResponseSchema.parse(reply.body);
      expect(body).toMatchObject({ storeId: 'riverside', storeName: 'Riverside' });
      expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(body.stores.map((store) => store.storeId).sort()).toEqual(['riverside', 'uptown']);

      const [register] = await master.storage.registers();
      expect(register).toMatchObject({ registerId: body.registerId, origins: [originId] });
      const stored = await master.inspect.registerRows();
      expect(JSON.stringify(stored)).not.toContain(body.token);
      expect((await pushOne(body.token, originId, 'riverside')).status).toBe(200);
    });

    it('refuses an unknown, used or expired code with 401 INVALID_CODE', async () => {
      const code = await issueCode(master.storage, 'uptown');
      const expired = await issueCode(master.storage, 'uptown', new Date(Date.now() - 1000));
      const attempt = (value: string) =>
        call(master, 'POST', '/v1/enrol', {
          code: value,
          originId: newOriginId(),
          registerName: 'Till',
        });
      expect((await attempt(code)).status).toBe(200);
      for (const bad of [code, expired, 'ZZZZZZZZZZ']) {
        const reply = await attempt(bad);
        expect(reply.status).toBe(401);
        expect(reply.body).toMatchObject({ error: { code: 'INVALID_CODE' } });
      }
      expect(await master.storage.registers()).toHaveLength(1);
    });

    it('refuses an origin another active register holds with 409 ORIGIN_TAKEN, keeping the code', async () => {
      const first = await enrol(master, 'uptown');
      const code = await issueCode(master.storage, 'uptown');
      const taken = await call(master, 'POST', '/v1/enrol', {
        code,
        originId: first.originId,
        registerName: 'Copied till',
      });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({
        error: { code: 'ORIGIN_TAKEN', detail: { originId: first.originId } },
      });
      const retry = await call(master, 'POST', '/v1/enrol', {
        code,
        originId: newOriginId(),
        registerName: 'Copied till',
      });
      expect(retry.status).toBe(200);
    });

    it('lets a register re-enrolled after revocation keep writing its ledger’s origin', async () => {
      const first = await enrol(master, 'uptown');
      expect((await pushOne(first.token, first.originId)).status).toBe(200);
      await master.storage.revokeRegister(first.registerId, new Date().toISOString());
      const again = await enrol(master, 'uptown', first.originId);
      const next = new OriginWriter(first.originId, 'uptown');
      next.delivery(ISBN_A, 1);
      const reply = await call(
        master,
        'POST',
        '/v1/events',
        { events: [next.delivery(ISBN_A, 1)] },
        { token: again.token },
      );
      expect(reply.status).toBe(200);
      // But not into another store: the origin's events are that store's.
      await master.storage.revokeRegister(again.registerId, new Date().toISOString());
      const code = await issueCode(master.storage, 'riverside');
      const elsewhere = await call(master, 'POST', '/v1/enrol', {
        code,
        originId: first.originId,
        registerName: 'Moved till',
      });
      expect(elsewhere.status).toBe(409);
    });
  });

  describe('bearer tokens', () => {
    it('answers 401 UNAUTHENTICATED to a missing, malformed, unknown or revoked token', async () => {
      const till = await enrol(master, 'uptown');
      const cases: { name: string; headers: Record<string, string> }[] = [
        { name: 'missing', headers: {} },
        { name: 'wrong scheme', headers: { authorization: `Basic ${till.token}` } },
        { name: 'malformed', headers: { authorization: 'Bearer not-a-token' } },
        { name: 'unknown', headers: { authorization: `Bearer ${newToken()}` } },
      ];
      for (const { name, headers } of cases) {
        const reply = await call(master, 'GET', '/v1/catalog', undefined, { headers });
        expect(reply.status, name).toBe(401);
        expect(reply.body, name).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      }
      expect(
        (await call(master, 'GET', '/v1/catalog', undefined, { token: till.token })).status,
      ).toBe(200);
      await master.storage.revokeRegister(till.registerId, new Date().toISOString());
      const revoked = await pushOne(till.token, till.originId);
      expect(revoked.status).toBe(401);
      expect(JSON.stringify(revoked.body)).toContain('revoked');
      expect(await master.inspect.eventCount()).toBe(0);
    });

    it('requires a token on every route but health and enrol', async () => {
      for (const [method, path] of [
        ['POST', '/v1/origins'],
        ['POST', '/v1/events'],
        ['POST', '/v1/sales'],
        ['GET', '/v1/feed'],
        ['GET', `/v1/stock/uptown/${ISBN_A}`],
        ['GET', `/v1/availability/${ISBN_A}`],
        ['GET', '/v1/catalog'],
      ] as const) {
        expect((await call(master, method, path, method === 'POST' ? {} : undefined)).status).toBe(
          401,
        );
      }
      expect((await call(master, 'GET', '/v1/health')).status).toBe(200);
    });
  });

  describe('authorisation', () => {
    it('answers 403 FORBIDDEN to events of another store or of an origin the register has not claimed', async () => {
      const till = await enrol(master, 'uptown');
      const otherStore = await pushOne(till.token, till.originId, 'riverside');
      expect(otherStore.status).toBe(403);
      expect(otherStore.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const unclaimed = await pushOne(till.token, newOriginId());
      expect(unclaimed.status).toBe(403);
      expect(JSON.stringify(unclaimed.body)).toContain('POST /v1/origins');
      expect(await master.inspect.eventCount()).toBe(0);
    });

    it('lets a register claim a new origin, once, and refuses one another register holds', async () => {
      const till = await enrol(master, 'uptown');
      const other = await enrol(master, 'uptown');
      const rotated = newOriginId();
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const claim = await call(
          master,
          'POST',
          '/v1/origins',
          { originId: rotated },
          {
            token: till.token,
          },
        );
        expect(claim.status).toBe(200);
        expect(claimOriginResponseSchema.parse(claim.body)).toEqual({
          originId: rotated,
          claimed: true,
        });
      }
      expect((await pushOne(till.token, rotated)).status).toBe(200);
      const stolen = await call(
        master,
        'POST',
        '/v1/origins',
        { originId: rotated },
        {
          token: other.token,
        },
      );
      expect(stolen.status).toBe(409);
      expect(stolen.body).toMatchObject({ error: { code: 'ORIGIN_TAKEN' } });
      expect((await pushOne(other.token, rotated)).status).toBe(403);
    });
  });

  describe('rate limit', () => {
    it('answers 429 after 10 bad tokens from one address within a minute, yet serves valid tokens', async () => {
      const till = await enrol(master, 'uptown');
      for (let i = 0; i < 10; i += 1) {
        expect(
          (await call(master, 'GET', '/v1/feed', undefined, { token: newToken() })).status,
        ).toBe(401);
      }
      const limited = await call(master, 'GET', '/v1/feed', undefined, { token: newToken() });
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect((await call(master, 'GET', '/v1/feed', undefined, { token: till.token })).status).toBe(
        200,
      );
    });

    it('blocks enrolment outright after 10 bad codes, even with a good one', async () => {
      const good = await issueCode(master.storage, 'uptown');
      const attempt = (code: string) =>
        call(master, 'POST', '/v1/enrol', { code, originId: newOriginId(), registerName: 'Till' });
      for (let i = 0; i < 10; i += 1) expect((await attempt(`BADCODE${i}AA`)).status).toBe(401);
      const limited = await attempt(good);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(await master.storage.registers()).toHaveLength(0);
    });
  });
});

// The browser shell's host over real HTTP on 127.0.0.1: it admits only its own page (the launch
// key, its own Host, its own Origin), answers bad input with a 4xx and a clear message, and a
// refused or malformed call changes nothing in the ledger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startShellHost, type ShellHost } from '../../app/shell/host.js';
import { Startup } from '../../app/shell/startup.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { fakeRendererAssets, openTestRuntime, silentLog } from './fixtures.js';
import { rawRequest } from './http.js';

const SECRET = 'test-launch-secret-0123456789abcdefghijklmnop';
const IN_STOCK = demoIsbn(1); // 2 copies at uptown in the demo's opening stock

describe('browser shell host', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  let host: ShellHost;
  let origin: string;
  let hostHeader: string;

  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
    await runtime.session.signIn('1234'); // the demo manager
    host = await startShellHost({
      startup: Startup.of(runtime),
      events: runtime.events,
      assets: fakeRendererAssets(tempDir()),
      log: silentLog,
      secret: SECRET,
    });
    origin = host.origin;
    hostHeader = new URL(origin).host;
  });

  afterEach(async () => {
    await host.close();
    await runtime.close();
  });

  const api = (
    method: string,
    body: unknown,
    headers: Record<string, string | undefined> = {},
    rawBody?: string,
  ) => {
    const all: Record<string, string | undefined> = {
      host: hostHeader,
      origin,
      'x-bookcase-key': SECRET,
      'content-type': 'application/json',
      ...headers,
    };
    const sent = Object.fromEntries(
      Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    return rawRequest(host.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: sent,
      body: rawBody ?? JSON.stringify(body),
    });
  };
  const outbox = () => runtime.register.status().outboxSize;
  const sale = {
    lines: [{ isbn: IN_STOCK, qty: 1 }],
    payment: { method: 'card' },
  };

  it('listens on loopback and prints a page address with the launch key', () => {
    expect(origin).toBe(`http://127.0.0.1:${host.port}`);
    expect(host.pageUrl).toBe(`${origin}/?key=${SECRET}`);
  });

  describe('the page', () => {
    it('trades the key in the address for an HttpOnly, SameSite=Strict cookie and drops it from the URL', async () => {
      const response = await rawRequest(host.port, {
        path: `/?key=${SECRET}`,
        headers: { host: hostHeader },
      });
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/');
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toContain(`bookcase_key_${host.port}=${SECRET}`);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Strict');
    });

    it('serves the page with the key and a fresh style nonce only to the holder of the cookie', async () => {
      const cookie = `bookcase_key_${host.port}=${SECRET}`;
      const page = await rawRequest(host.port, {
        path: '/',
        headers: { host: hostHeader, cookie },
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain(`<meta name="bookcase-key" content="${SECRET}" />`);
      const nonce = /property="csp-nonce" content="([^"]+)"/.exec(page.body)?.[1];
      expect(nonce).toBeTruthy();
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(page.headers['cache-control']).toBe('no-store');

      const again = await rawRequest(host.port, {
        path: '/',
        headers: { host: hostHeader, cookie },
      });
      expect(again.body).not.toContain(nonce);
    });

    it('refuses the page without the key, with a wrong key, or under another Host', async () => {
      for (const [path, headers] of [
        ['/', { host: hostHeader }],
        ['/?key=wrong', { host: hostHeader }],
        ['/', { host: hostHeader, cookie: `bookcase_key_${host.port}=wrong` }],
        [`/?key=${SECRET}`, { host: `evil.example:${host.port}` }],
      ] as const) {
        const response = await rawRequest(host.port, { path, headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        expect(response.body).not.toContain(SECRET);
      }
    });

    it('serves only files of the build, to its own page', async () => {
      const cookie = `bookcase_key_${host.port}=${SECRET}`;
      const script = await rawRequest(host.port, {
        path: '/assets/index-abc123.js',
        headers: { host: hostHeader, cookie },
      });
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toContain('text/javascript');
      expect(script.headers['cache-control']).toContain('immutable');
      for (const path of [
        '/assets/index-abc123.js.map',
        '/index.html',
        '/../package.json',
        '/%2e%2e/package.json',
        '/assets/../../package.json',
      ]) {
        const response = await rawRequest(host.port, {
          path,
          headers: { host: hostHeader, cookie },
        });
        expect(response.status, path).toBe(404);
      }
      const withoutCookie = await rawRequest(host.port, {
        path: '/assets/index-abc123.js',
        headers: { host: hostHeader },
      });
      expect(withoutCookie.status).toBe(404);
    });
  });

  describe('the API', () => {
    it('answers its own page: 200 with the value', async () => {
      const response = await api('status', {});
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({
        ok: true,
        value: { storeId: 'uptown', storeName: 'Uptown', mode: 'eventual', currency: 'USD' },
      });
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('also answers as localhost (the same machine, the same port)', async () => {
      const response = await api(
        'status',
        {},
        { host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` },
      );
      expect(response.status).toBe(200);
    });

    it.each([
      ['no key', { 'x-bookcase-key': undefined }],
      ['a wrong key', { 'x-bookcase-key': 'guess' }],
      ['a key of another launch, same length', { 'x-bookcase-key': SECRET.replace('t', 'T') }],
      ['a DNS-rebound Host', { host: 'evil.example:PORT' }],
      ['a Host on another port', { host: '127.0.0.1:1' }],
      ['another Origin', { origin: 'http://evil.example' }],
      ['an Origin on another port', { origin: 'http://127.0.0.1:1' }],
      ['no Origin', { origin: undefined }],
      ['the null Origin of a sandboxed frame', { origin: 'null' }],
    ])('refuses a call with %s: 403, and records nothing', async (_why, headers) => {
      const fixed = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [
          name,
          value?.replace('PORT', String(host.port)),
        ]),
      );
      const before = outbox();
      const response = await api('sell', sale, fixed);
      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(outbox()).toBe(before);
    });

    it('sells through the register: 200, the receipt text, one event more to sync', async () => {
      const before = outbox();
      const response = await api('sell', sale);
      expect(response.status).toBe(200);
      const body = response.json() as { ok: true; value: { status: string; text: string } };
      expect(body.value.status).toBe('recorded');
      expect(body.value.text).toContain('TOTAL');
      expect(outbox()).toBe(before + 1);
    });

    it.each([
      ['a wrong type', 'lookupTitle', { scan: 5 }, /^lookupTitle: scan: .*expected string/],
      ['a missing field', 'sell', { lines: [] }, /^sell: lines: a sale needs/],
      ['an unknown field', 'status', { admin: true }, /^status: .*admin/],
      [
        'a quantity out of range',
        'sell',
        { ...sale, lines: [{ isbn: IN_STOCK, qty: 0 }] },
        /^sell: lines\.0\.qty: /,
      ],
      ['null', 'sell', null, /^sell: .*expected object/],
    ])('refuses %s with 400 and says what is wrong', async (_why, method, body, message) => {
      const before = outbox();
      const response = await api(method, body);
      expect(response.status).toBe(400);
      const error = (response.json() as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(message);
      expect(outbox()).toBe(before);
    });

    it('refuses broken JSON, a wrong content type, an oversized body and unknown calls with a 4xx', async () => {
      const broken = await api('sell', undefined, {}, '{"lines": ');
      expect(broken.status).toBe(400);
      expect(broken.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

      const poisoned = await api('sell', undefined, {}, '{"__proto__": {"admin": true}}');
      expect(poisoned.status).toBe(400);

      const text = await api('status', undefined, { 'content-type': 'text/plain' }, '{}');
      expect(text.status).toBe(415);

      const huge = await api('sell', { ...sale, padding: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge.status).toBe(413);

      const unknown = await api('dropTables', {});
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    });

    it('passes the register’s own refusals on as 422 with its words', async () => {
      const response = await api('lookupTitle', { scan: '9780306406157' });
      expect(response.status).toBe(422);
      expect(response.json()).toEqual({
        ok: false,
        error: {
          code: 'UNKNOWN_TITLE',
          message: 'No title with ISBN 9780306406157 is in the catalog.',
        },
      });
    });

    it('streams events to its own page: a mode change arrives as a status event', async () => {
      const { request } = await import('node:http');
      const received = new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: host.port,
            method: 'POST',
            path: '/api/events',
            headers: {
              host: hostHeader,
              origin,
              'x-bookcase-key': SECRET,
              'content-type': 'application/json',
            },
          },
          (res) => {
            expect(res.headers['content-type']).toContain('text/event-stream');
            let text = '';
            res.on('data', (chunk: Buffer) => {
              text += chunk.toString('utf8');
              if (text.includes('"type":"status"')) {
                resolve(text);
                req.destroy();
              }
            });
            // The stream is open: now change something.
            void api('setMode', { mode: 'strong' });
          },
        );
        req.on('error', reject);
        req.end('{}');
      });
      const text = await received;
      const data = text
        .split('\n')
        .find((line) => line.startsWith('data: '))
        ?.slice(6);
      expect(JSON.parse(data ?? '{}')).toMatchObject({
        type: 'status',
        status: { mode: 'strong' },
      });
    });

    it('refuses the event stream to anyone else', async () => {
      const response = await rawRequest(host.port, {
        method: 'POST',
        path: '/api/events',
        headers: {
          host: hostHeader,
          origin: 'http://evil.example',
          'content-type': 'application/json',
        },
        body: '{}',
      });
      expect(response.status).toBe(403);
    });
  });
});

// The browser shell's host over real HTTP: its calls go through the register's session, so a page
// with the right key still cannot sell before someone signs in, a cashier's manager call is a 403,
// and the session's changes reach the page's event stream.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisterEvent } from '../../app/protocol/register-api.js';
import { startShellHost, type ShellHost } from '../../app/shell/host.js';
import { Startup } from '../../app/shell/startup.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { fakeRendererAssets, openTestRuntime, silentLog } from '../shell/fixtures.js';
import { rawRequest } from '../shell/http.js';

const SECRET = 'test-launch-secret-0123456789abcdefghijklmnop';

describe('browser shell: staff access', () => {
  const tempDir = useTempDirs();
  let runtime: RegisterRuntime;
  let host: ShellHost;
  beforeEach(async () => {
    runtime = await openTestRuntime(tempDir());
    host = await startShellHost({
      startup: Startup.of(runtime),
      events: runtime.events,
      assets: fakeRendererAssets(tempDir()),
      log: silentLog,
      secret: SECRET,
    });
  });
  afterEach(async () => {
    await host.close();
    await runtime.close();
  });

  const api = (method: string, body: unknown) =>
    rawRequest(host.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: {
        host: new URL(host.origin).host,
        origin: host.origin,
        'x-bookcase-key': SECRET,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const sale = { lines: [{ isbn: demoIsbn(1), qty: 1 }], payment: { method: 'card' } };

  it('refuses a sale before sign-in with 401, sells after, and refuses the cashier’s mode switch with 403', async () => {
    const heard: RegisterEvent[] = [];
    runtime.events.on((event) => heard.push(event));
    const outbox = () => runtime.register.status().outboxSize;

    const before = outbox();
    const refused = await api('sell', sale);
    expect(refused.status).toBe(401);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: 'SIGNED_OUT' } });
    expect(outbox()).toBe(before);

    expect((await api('signIn', { pin: '0000' })).status).toBe(200);
    expect(heard.filter((e) => e.type === 'session').at(-1)).toMatchObject({
      session: { signedIn: { name: 'Casey', role: 'cashier' }, locked: false },
    });
    expect((await api('sell', sale)).status).toBe(200);
    expect(outbox()).toBe(before + 1);

    const mode = await api('setMode', { mode: 'strong' });
    expect(mode.status).toBe(403);
    expect(mode.json()).toMatchObject({ error: { code: 'MANAGER_REQUIRED' } });
    expect(runtime.register.status().mode).toBe('eventual');

    expect((await api('managerApprove', { pin: '1234' })).status).toBe(200);
    expect((await api('setMode', { mode: 'strong' })).status).toBe(200);
    expect(runtime.register.status().mode).toBe('strong');
  });
});

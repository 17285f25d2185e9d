// The register's API answers from the moment a shell starts: how the start is going, STARTING for
// every other call until the register is open (a malformed call still gets its 4xx), and then the
// register itself. The browser shell's page can follow an upgrade of a ledger from an earlier
// version while it runs.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { startBrowserShell } from '../../app/shell/browser-shell.js';
import { Startup } from '../../app/shell/startup.js';
import type { StaffSession } from '../../app/staff/staff-session.js';
import { UserError } from '../../app/shared/errors.js';
import { writeOldLedger } from '../helpers/old-ledger.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { fakeRendererAssets, silentLog } from './fixtures.js';
import { rawRequest, type RawResponse } from './http.js';

const UPGRADE = { version: 10, name: 'reorganising the event log', done: 20_000, total: 80_000 };

describe('start-up gate', () => {
  it('answers how the start is going, and refuses every other call with STARTING', async () => {
    const startup = new Startup();
    await expect(startup.dispatch('startup', {})).resolves.toEqual({
      status: 200,
      result: { ok: true, value: { phase: 'opening' } },
    });
    startup.progress(UPGRADE);
    await expect(startup.dispatch('startup', {})).resolves.toEqual({
      status: 200,
      result: {
        ok: true,
        value: {
          phase: 'upgrading',
          step: 'reorganising the event log',
          done: 20_000,
          total: 80_000,
        },
      },
    });
    await expect(startup.dispatch('status', {})).resolves.toEqual({
      status: 503,
      result: {
        ok: false,
        error: {
          code: 'STARTING',
          message:
            'The register is upgrading its ledger (reorganising the event log, 20,000 of 80,000); try again when it has finished.',
        },
      },
    });
    // What the caller can fix is still a 4xx, whatever the phase.
    await expect(startup.dispatch('noSuchCall', {})).resolves.toMatchObject({ status: 404 });
    await expect(startup.dispatch('sell', { lines: 'many' })).resolves.toMatchObject({
      status: 400,
      result: { ok: false, error: { code: 'BAD_REQUEST' } },
    });
  });

  it('says why a start failed: a UserError in its own words, anything else only as logged', async () => {
    const damaged = new Startup();
    damaged.failed(new UserError('LEDGER_DAMAGED', 'The ledger file is damaged.'));
    await expect(damaged.dispatch('startup', {})).resolves.toMatchObject({
      result: { value: { phase: 'failed', message: 'The ledger file is damaged.' } },
    });
    await expect(damaged.dispatch('status', {})).resolves.toMatchObject({
      status: 503,
      result: { error: { message: 'The register could not start: The ledger file is damaged.' } },
    });
    const bug = new Startup();
    bug.failed(new TypeError('x is undefined'));
    expect(bug.view()).toEqual({
      phase: 'failed',
      message: 'The register could not start; the problem has been logged.',
    });
  });

  it('once ready, hands every call to the register, with its session', async () => {
    const status = vi.fn(() => Promise.resolve({ storeId: 'uptown' }));
    const session = { active: () => undefined } as unknown as StaffSession;
    const startup = new Startup();
    startup.progress(UPGRADE);
    startup.ready({
      handlers: {
        status,
        startup: () => Promise.resolve({ phase: 'ready' }),
      } as never,
      session,
    });
    await expect(startup.dispatch('startup', {})).resolves.toEqual({
      status: 200,
      result: { ok: true, value: { phase: 'ready' } },
    });
    await startup.dispatch('status', {});
    expect(status).toHaveBeenCalledOnce();
  });
});

describe('browser shell start-up', () => {
  const tempDir = useTempDirs();

  it('serves the page while it upgrades an old ledger, telling it how far the upgrade has got', async () => {
    const dataDir = tempDir();
    const rendererDir = tempDir();
    fakeRendererAssets(rendererDir);
    writeOldLedger(join(dataDir, 'ledger.db'), 60_000);
    const seen: { name: string; done: number; total: number }[] = [];
    let during: Promise<[RawResponse, RawResponse]> | undefined;
    let call: ((method: string) => Promise<RawResponse>) | undefined;

    const shell = await startBrowserShell({
      dataDir,
      rendererDir,
      log: silentLog,
      masterCheckMs: 0,
      onUpgrade: ({ name, done, total }, pageUrl) => {
        seen.push({ name, done, total });
        if (call) return;
        const { origin, port, searchParams } = new URL(pageUrl);
        call = (method) =>
          rawRequest(Number(port), {
            method: 'POST',
            path: `/api/${method}`,
            headers: {
              host: new URL(origin).host,
              origin,
              'x-bookcase-key': searchParams.get('key') ?? '',
              'content-type': 'application/json',
            },
            body: '{}',
          });
        // Sent now, answered at one of the upgrade's pauses.
        during = Promise.all([call('startup'), call('status')]);
      },
    });
    try {
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen).toContainEqual({
        name: 'reorganising the event log',
        done: 60_002,
        total: 60_002,
      });
      expect(seen).toContainEqual({ name: 'indexing the event log', done: 4, total: 4 });
      expect(seen.at(-1)).toEqual({ name: 'reorganising the receipts', done: 2, total: 2 });
      const [startupDuring, statusDuring] = await (during ??
        Promise.reject(new Error('no upgrade')));
      expect(startupDuring.status).toBe(200);
      expect(startupDuring.json()).toMatchObject({
        ok: true,
        value: { phase: 'upgrading', step: 'reorganising the event log', total: 60_002 },
      });
      expect(statusDuring.status).toBe(503);
      expect(statusDuring.json()).toMatchObject({ ok: false, error: { code: 'STARTING' } });

      const after = await call!('startup');
      expect(after.json()).toEqual({ ok: true, value: { phase: 'ready' } });
      const status = await call!('status');
      expect(status.status).toBe(200);
      expect(status.json()).toMatchObject({ ok: true, value: { storeId: 'uptown' } });
    } finally {
      await shell.close();
    }
  });
});

// A start that fails (here a damaged ledger) leaves the Electron window up, saying why: the page's
// startup call answers `failed` with the reason, every other call is refused with STARTING, the
// log has the detail, and the process does not exit under the person looking at it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, ipcEvent } from './electron-fakes.js';

const fake: { calls: string[]; ready: (() => void) | undefined } = vi.hoisted(() => ({
  calls: [],
  ready: undefined,
}));

vi.mock('electron', async () => {
  const fakes = await import('./electron-fakes.js');
  return {
    app: {
      isPackaged: false,
      enableSandbox: () => undefined,
      requestSingleInstanceLock: () => true,
      getPath: (name: string) => `/nonexistent/electron-${name}`,
      whenReady: () =>
        new Promise<void>((resolve) => {
          fake.ready = resolve;
        }),
      on: () => undefined,
      quit: () => fake.calls.push('quit'),
      exit: (code: number) => fake.calls.push(`exit ${code}`),
    },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: new fakes.FakeSession() },
    ipcMain: new fakes.FakeIpcMain(),
    BrowserWindow: fakes.FakeBrowserWindow,
  };
});

vi.mock('../../app/shell/renderer-assets.js', () => ({
  RendererAssets: { load: () => ({ page: () => '', get: () => undefined }) },
}));

const DAMAGED = 'The ledger file /data/ledger.db is damaged. Restore it from a backup.';

vi.mock('../../app/shell/register-runtime.js', async () => {
  const { UserError } = await import('../../app/shared/errors.js');
  return {
    openRegisterRuntime: () => Promise.reject(new UserError('LEDGER_DAMAGED', DAMAGED)),
  };
});

const dataDirBefore = process.env.BOOKCASE_DATA_DIR;
const dataDir = mkdtempSync(join(tmpdir(), 'bookcase-failed-start-'));
process.env.BOOKCASE_DATA_DIR = dataDir;
const electron = await import('electron');
await import('../../main/index.js');

describe('Electron start that fails', () => {
  afterAll(() => {
    if (dataDirBefore === undefined) delete process.env.BOOKCASE_DATA_DIR;
    else process.env.BOOKCASE_DATA_DIR = dataDirBefore;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the window, tells the page why, refuses every other call, and logs it', async () => {
    fake.ready?.();
    await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1));
    const ipcMain = electron.ipcMain as unknown as {
      handlers: Map<string, (event: unknown, payload: unknown) => Promise<unknown>>;
    };
    const call = (method: string) => {
      const handler = ipcMain.handlers.get(`bookcase:${method}`);
      if (!handler) throw new Error(`nothing on bookcase:${method}`);
      return handler(ipcEvent('app://bookcase/index.html'), {});
    };
    await vi.waitFor(async () =>
      expect(await call('startup')).toEqual({
        ok: true,
        value: { phase: 'failed', message: DAMAGED },
      }),
    );
    expect(await call('status')).toEqual({
      ok: false,
      error: { code: 'STARTING', message: `The register could not start: ${DAMAGED}` },
    });
    const log = readFileSync(join(dataDir, 'logs', 'register.log'), 'utf8');
    expect(log).toContain('The register did not start');
    expect(log).toContain('LEDGER_DAMAGED');
    expect(fake.calls).toEqual([]);
    expect(FakeBrowserWindow.created[0]?.loadURL).toHaveBeenCalledWith('app://bookcase/index.html');
  });
});

// The composition root wires what the other main-process tests check one by one: the app://
// scheme before ready, the sandbox, hardening of every web contents, the session's permissions,
// one IPC channel per call, the window on app://bookcase/, and register events to the page.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REGISTER_API_METHODS } from '../../app/protocol/register-api.js';
import type { RegisterEvents } from '../../app/shell/register-events.js';
import { FakeBrowserWindow, FakeWebContents } from './electron-fakes.js';

const fake: {
  calls: string[];
  ready: (() => void) | undefined;
  appListeners: Map<string, ((...args: unknown[]) => void)[]>;
  events: RegisterEvents | undefined;
  runtimeOptions: unknown;
  close: (() => Promise<void>) | undefined;
} = vi.hoisted(() => ({
  calls: [],
  ready: undefined,
  appListeners: new Map(),
  events: undefined,
  runtimeOptions: undefined,
  close: undefined,
}));

vi.mock('electron', async () => {
  const fakes = await import('./electron-fakes.js');
  const session = new fakes.FakeSession();
  return {
    app: {
      isPackaged: false,
      enableSandbox: () => fake.calls.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      getPath: (name: string) => `/nonexistent/electron-${name}`,
      whenReady: () =>
        new Promise<void>((resolve) => {
          fake.ready = resolve;
        }),
      on: (event: string, listener: (...args: unknown[]) => void) =>
        fake.appListeners.set(event, [...(fake.appListeners.get(event) ?? []), listener]),
      quit: () => fake.calls.push('quit'),
      exit: (code: number) => fake.calls.push(`exit ${code}`),
    },
    protocol: {
      registerSchemesAsPrivileged: () => fake.calls.push('registerSchemesAsPrivileged'),
      handle: (scheme: string) => fake.calls.push(`handle ${scheme}`),
    },
    session: { defaultSession: session },
    ipcMain: new fakes.FakeIpcMain(),
    BrowserWindow: fakes.FakeBrowserWindow,
  };
});

vi.mock('../../app/shell/renderer-assets.js', () => ({
  RendererAssets: { load: () => ({ page: () => '', get: () => undefined }) },
}));

vi.mock('../../app/shell/register-runtime.js', () => ({
  openRegisterRuntime: (options: unknown) => {
    fake.runtimeOptions = options;
    // The main process makes the events before the register opens, and forwards them itself.
    fake.events = (options as { events: RegisterEvents }).events;
    fake.close = vi.fn(() => Promise.resolve());
    return Promise.resolve({ handlers: {}, events: fake.events, close: fake.close });
  },
}));

// The data folder is chosen (and the log opened in it) as the main process loads.
const dataDirBefore = process.env.BOOKCASE_DATA_DIR;
const dataDir = mkdtempSync(join(tmpdir(), 'bookcase-composition-'));
process.env.BOOKCASE_DATA_DIR = dataDir;
const electron = await import('electron');
await import('../../main/index.js');

describe('Electron composition root', () => {
  afterAll(() => {
    if (dataDirBefore === undefined) delete process.env.BOOKCASE_DATA_DIR;
    else process.env.BOOKCASE_DATA_DIR = dataDirBefore;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('logs to <data>/logs/register.log, saying where its data folder and log file are', async () => {
    const logFile = join(dataDir, 'logs', 'register.log');
    await vi.waitFor(() =>
      expect(readFileSync(logFile, 'utf8')).toContain(`Data folder ${dataDir}`),
    );
    const first = JSON.parse(readFileSync(logFile, 'utf8').split('\n')[0] ?? '') as object;
    expect(first).toMatchObject({ dataDir, logFile });
    // Renderer crashes are logged from the start.
    expect(fake.appListeners.get('render-process-gone')).toHaveLength(1);
  });

  it('registers the app:// scheme and enables the sandbox before the app is ready', () => {
    expect(fake.calls).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
    expect(FakeBrowserWindow.created).toHaveLength(0);
  });

  it('hardens every web contents as it is created', () => {
    const contents = new FakeWebContents();
    for (const listener of fake.appListeners.get('web-contents-created') ?? []) {
      listener({}, contents);
    }
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({
      action: 'deny',
    });
  });

  it('once ready: session locked, app:// served, IPC wired, window on app://bookcase/', async () => {
    fake.ready?.();
    await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1));
    const window = FakeBrowserWindow.created[0]!;
    await vi.waitFor(() =>
      expect(window.loadURL).toHaveBeenCalledWith('app://bookcase/index.html'),
    );

    const session = (
      electron.session as unknown as { defaultSession: { permissionCheck?: () => boolean } }
    ).defaultSession;
    expect(session.permissionCheck?.()).toBe(false);
    expect(fake.calls).toContain('handle app');
    const ipcMain = electron.ipcMain as unknown as { handlers: Map<string, unknown> };
    expect([...ipcMain.handlers.keys()]).toHaveLength(REGISTER_API_METHODS.length);
    expect(window.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(fake.runtimeOptions).toMatchObject({ dataDir });

    fake.events?.emit({ type: 'sync-finished', ok: true });
    expect(window.webContents.send).toHaveBeenCalledWith('bookcase:event', {
      type: 'sync-finished',
      ok: true,
    });
  });

  it('closes the register before quitting when the window closes', async () => {
    for (const listener of fake.appListeners.get('window-all-closed') ?? []) listener();
    await vi.waitFor(() => expect(fake.calls).toContain('quit'));
    expect(fake.close).toHaveBeenCalledOnce();
  });
});

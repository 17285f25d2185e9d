// Updates install only when the register is idle, never during a sale: the idle gate, the
// installer's timing (fake timers), what counts as work in flight, and the start-up in a packaged
// register, with electron and electron-updater mocked.
import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../../app/shell/api-handlers.js';
import type { RegisterRuntime } from '../../app/shell/register-runtime.js';
import {
  CallTracker,
  DEFAULT_CHECK_EVERY_MS,
  DEFAULT_IDLE_POLL_MS,
  IdleInstaller,
  NIGHTLY_MARGIN_MS,
  counterIdle,
  registerWork,
  startRegisterUpdates,
  type IdleVerdict,
} from '../../main/updater.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const electron = vi.hoisted(() => ({ isPackaged: false, idleSeconds: 0 }));
vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return electron.isPackaged;
    },
  },
  powerMonitor: { getSystemIdleTime: () => electron.idleSeconds },
}));

const updaterModule = vi.hoisted((): { loaded: number; autoUpdater: object | undefined } => ({
  loaded: 0,
  autoUpdater: undefined,
}));
// As Node's import() presents the real package: its getter-defined autoUpdater is not a named
// export, only a property of the default export (module.exports).
vi.mock('electron-updater', () => {
  updaterModule.loaded += 1;
  return {
    default: {
      get autoUpdater() {
        return updaterModule.autoUpdater;
      },
    },
  };
});

const tempDir = useTempDirs();

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  disableDifferentialDownload = false;
  allowDowngrade = true;
  logger: unknown = undefined;
  readonly checkForUpdates = vi.fn(() => Promise.resolve(null));
  readonly quitAndInstall = vi.fn();

  downloaded(version = '0.2.0'): void {
    this.emit('update-downloaded', { version, downloadedFile: `/tmp/Bookcase-${version}.exe` });
  }
}

const log = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn() });

function installerWith(isIdle: () => IdleVerdict) {
  const updater = new FakeUpdater();
  const logger = log();
  const installer = new IdleInstaller({
    updater: updater,
    isIdle,
    log: logger,
  });
  return { updater, installer, logger };
}

describe('counterIdle', () => {
  const signals = {
    cartOpen: () => false,
    workInFlight: () => undefined,
    secondsSinceInput: () => 3600,
  };

  it('is idle only with no cart, no work in flight and the cashier away long enough', () => {
    expect(counterIdle(signals, 15)()).toEqual({ idle: true });
    expect(counterIdle({ ...signals, cartOpen: () => true }, 15)()).toEqual({
      idle: false,
      reason: 'a cart is open',
    });
    expect(counterIdle({ ...signals, workInFlight: () => 'a sale' }, 15)()).toEqual({
      idle: false,
      reason: 'a sale',
    });
    expect(counterIdle({ ...signals, secondsSinceInput: () => 899 }, 15)()).toEqual({
      idle: false,
      reason: 'the cashier was active 899 s ago',
    });
    expect(counterIdle({ ...signals, secondsSinceInput: () => 900 }, 15)()).toEqual({ idle: true });
  });
});

describe('IdleInstaller', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('downloads in the background, installs at quit, and fetches whole files from the master', () => {
    const { updater } = installerWith(() => ({ idle: true }));
    expect(updater).toMatchObject({
      autoDownload: true,
      autoInstallOnAppQuit: true,
      disableDifferentialDownload: true,
      allowDowngrade: false,
    });
  });

  it('checks at start and then periodically, and stops checking once an update waits', async () => {
    const { updater, installer } = installerWith(() => ({ idle: false, reason: 'a sale' }));
    installer.start();
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(DEFAULT_CHECK_EVERY_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    updater.downloaded();
    await vi.advanceTimersByTimeAsync(DEFAULT_CHECK_EVERY_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    installer.stop();
  });

  it('never installs during a sale: it waits, saying why once, and installs at the first idle poll', async () => {
    let verdict: IdleVerdict = { idle: false, reason: 'a register call (sell) is under way' };
    const { updater, installer, logger } = installerWith(() => verdict);
    installer.start();
    updater.downloaded('0.3.0');
    expect(installer.pending).toBe('0.3.0');
    await vi.advanceTimersByTimeAsync(DEFAULT_IDLE_POLL_MS * 5);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    const waits = logger.info.mock.calls.filter(([line]) => String(line).includes('waits'));
    expect(waits).toEqual([['Update 0.3.0 waits: a register call (sell) is under way']]);

    verdict = { idle: true };
    await vi.advanceTimersByTimeAsync(DEFAULT_IDLE_POLL_MS);
    expect(updater.quitAndInstall).toHaveBeenCalledExactlyOnceWith(true, true);
    await vi.advanceTimersByTimeAsync(DEFAULT_IDLE_POLL_MS * 5);
    expect(updater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('does nothing before an update is downloaded, however idle', async () => {
    const { updater, installer } = installerWith(() => ({ idle: true }));
    installer.start();
    await vi.advanceTimersByTimeAsync(DEFAULT_IDLE_POLL_MS * 10);
    expect(installer.installIfIdle()).toBe(false);
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    installer.stop();
  });

  it('keeps selling when the feed is away, and tries again at the next check', async () => {
    const { updater, installer, logger } = installerWith(() => ({ idle: true }));
    updater.checkForUpdates.mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    installer.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(logger.warn).toHaveBeenCalledWith(expect.anything(), 'The update check failed');
    await vi.advanceTimersByTimeAsync(DEFAULT_CHECK_EVERY_MS);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(2);
    installer.stop();
  });
});

describe('what counts as work', () => {
  function handlers() {
    let release = () => undefined as void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const status = vi.fn(() => Promise.resolve({}));
    const map = {
      lookupTitle: vi.fn(() => Promise.resolve({})),
      sell: vi.fn(() => slow.then(() => ({ status: 'recorded' }))),
      returnItems: vi.fn(() => Promise.resolve({})),
      status,
    } as unknown as ApiHandlers;
    return { map, status, release: () => release() };
  }

  it('counts a call from start to finish, even one the register refuses', async () => {
    const { map, status, release } = handlers();
    const calls = new CallTracker();
    calls.track(map);
    const sale = map.sell({} as never, {});
    expect(calls.busyWith()).toBe('sell');
    release();
    await sale;
    expect(calls.busyWith()).toBeUndefined();
    status.mockRejectedValueOnce(new Error('refused'));
    await expect(map.status(undefined as never, {})).rejects.toThrow('refused');
    expect(calls.busyWith()).toBeUndefined();
  });

  it('guesses a cart is open from a lookup until a sale or return finishes', async () => {
    const { map, release } = handlers();
    const calls = new CallTracker();
    calls.track(map);
    expect(calls.cartMayBeOpen()).toBe(false);
    await map.lookupTitle({ scan: '9780306406157' }, {});
    expect(calls.cartMayBeOpen()).toBe(true);
    release();
    await map.sell({} as never, {});
    expect(calls.cartMayBeOpen()).toBe(false);
    await map.lookupTitle({ scan: '9780306406157' }, {});
    await map.returnItems({} as never, {});
    expect(calls.cartMayBeOpen()).toBe(false);
  });

  it('counts a sale waiting for the master and the nightly batch, due or running', () => {
    const now = Date.parse('2026-01-10T01:00:00Z');
    let pending: unknown[] = [];
    let nightly: Date | undefined = new Date(now + NIGHTLY_MARGIN_MS + 1);
    const runtime = {
      register: { pendingSales: () => pending, nextNightlyRun: () => nightly },
    } as unknown as RegisterRuntime;
    const work = registerWork(runtime, { busyWith: () => undefined }, () => now);
    expect(work()).toBeUndefined();
    nightly = new Date(now + NIGHTLY_MARGIN_MS - 1);
    expect(work()).toBe('the nightly batch is due');
    nightly = new Date(now - 60_000); // fired and still running: not re-armed yet
    expect(work()).toBe('the nightly batch is due');
    nightly = undefined;
    pending = [{}];
    expect(work()).toBe('1 sale(s) wait for the master');
    expect(registerWork(runtime, { busyWith: () => 'syncNow' }, () => now)()).toBe(
      'a register call (syncNow) is under way',
    );
  });
});

describe('startRegisterUpdates', () => {
  const realResourcesPath = process.resourcesPath;
  let resources: string;
  let updater: FakeUpdater;

  function runtime(): RegisterRuntime {
    return {
      handlers: { status: vi.fn(() => Promise.resolve({})) } as unknown as ApiHandlers,
      register: { pendingSales: () => [], nextNightlyRun: () => undefined },
    } as unknown as RegisterRuntime;
  }

  beforeEach(() => {
    resources = tempDir();
    mkdirSync(resources, { recursive: true });
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
    electron.isPackaged = true;
    electron.idleSeconds = 0;
    updaterModule.loaded = 0;
    updater = new FakeUpdater();
    updaterModule.autoUpdater = updater;
  });
  afterEach(() => {
    Object.defineProperty(process, 'resourcesPath', {
      value: realResourcesPath,
      configurable: true,
    });
  });

  it('does nothing from source: electron-updater is not even loaded', async () => {
    electron.isPackaged = false;
    expect(await startRegisterUpdates({ runtime: runtime(), log: log() })).toBeUndefined();
    expect(updaterModule.loaded).toBe(0);
  });

  it('does nothing in a build without a feed, or installed by a package manager', async () => {
    const logger = log();
    expect(await startRegisterUpdates({ runtime: runtime(), log: logger })).toBeUndefined();
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('No update feed'));
    writeFileSync(join(resources, 'app-update.yml'), 'provider: generic\n');
    writeFileSync(join(resources, 'package-type'), 'deb\n');
    expect(await startRegisterUpdates({ runtime: runtime(), log: logger })).toBeUndefined();
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('deb package'));
  });

  it('in a packaged register with a feed: checks, and installs only once the cashier is away', async () => {
    writeFileSync(join(resources, 'app-update.yml'), 'provider: generic\n');
    const installer = await startRegisterUpdates({
      runtime: runtime(),
      log: log(),
      cartOpen: () => false,
      idleMinutes: 10,
    });
    expect(installer).toBeInstanceOf(IdleInstaller);
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(updater.logger).toBeDefined();
    updater.downloaded();
    electron.idleSeconds = 599;
    expect(installer?.installIfIdle()).toBe(false);
    electron.idleSeconds = 600;
    expect(installer?.installIfIdle()).toBe(true);
    expect(updater.quitAndInstall).toHaveBeenCalledOnce();
  });

  it('waits while a register call is under way through the wrapped handlers', async () => {
    writeFileSync(join(resources, 'app-update.yml'), 'provider: generic\n');
    let finish = () => undefined as void;
    const handlers = {
      status: vi.fn(() => new Promise((resolve) => (finish = () => resolve({})))),
    } as unknown as ApiHandlers;
    const installer = await startRegisterUpdates({
      runtime: { ...runtime(), handlers },
      log: log(),
      cartOpen: () => false,
    });
    electron.idleSeconds = 24 * 3600;
    updater.downloaded();
    const call = handlers.status(undefined as never, {});
    expect(installer?.installIfIdle()).toBe(false);
    finish();
    await call;
    expect(installer?.installIfIdle()).toBe(true);
    installer?.stop();
  });
});

// Updates from the feed the store's master serves (electron-updater, generic provider: the URL is
// in <resources>/app-update.yml, written by `npm run dist` from the store file). An update is
// downloaded in the background and installed only when the register is idle: no cart open, no
// sale, return or batch in flight, no sale waiting for the master, and nobody has touched the
// keyboard, scanner or mouse for a while. Never during a sale. A register that is quit normally
// installs it on the way out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, powerMonitor } from 'electron';
import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';
import type { Logger } from 'pino';
import type { ApiHandlers } from '../app/shell/api-handlers.js';
import type { RegisterRuntime } from '../app/shell/register-runtime.js';
import { REGISTER_API_METHODS, type RegisterApiMethod } from '../app/protocol/register-api.js';

export type IdleVerdict = { idle: true } | { idle: false; reason: string };

export interface IdleSignals {
  /** The cashier screen has lines in its cart. */
  cartOpen(): boolean;
  /** Whether a sale, a return, a batch or another register call is under way, and which. */
  workInFlight(): string | undefined;
  /** Seconds since the last keyboard, scanner or mouse input (powerMonitor). */
  secondsSinceInput(): number;
}

export const DEFAULT_IDLE_MINUTES = 15;

/** The register is idle when every signal says so; the first that does not is the reason. */
export function counterIdle(
  signals: IdleSignals,
  idleMinutes = DEFAULT_IDLE_MINUTES,
): () => IdleVerdict {
  return () => {
    if (signals.cartOpen()) return { idle: false, reason: 'a cart is open' };
    const work = signals.workInFlight();
    if (work) return { idle: false, reason: work };
    const seconds = signals.secondsSinceInput();
    if (seconds < idleMinutes * 60) {
      return { idle: false, reason: `the cashier was active ${Math.floor(seconds)} s ago` };
    }
    return { idle: true };
  };
}

/** The part of electron-updater's AppUpdater this uses (a fake in tests). */
export type UpdaterPort = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'disableDifferentialDownload'
  | 'allowDowngrade'
  | 'checkForUpdates'
  | 'quitAndInstall'
> & {
  on(event: 'update-downloaded', listener: (info: UpdateDownloadedEvent) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
};

export type UpdateLog = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface IdleInstallerOptions {
  updater: UpdaterPort;
  isIdle: () => IdleVerdict;
  log: UpdateLog;
  /** How often to ask the feed for a newer version. */
  checkEveryMs?: number;
  /** How often, once an update is downloaded, to see whether the register is idle. */
  idlePollMs?: number;
}

export const DEFAULT_CHECK_EVERY_MS = 60 * 60 * 1000;
export const DEFAULT_IDLE_POLL_MS = 60 * 1000;

/** Checks periodically; once an update is downloaded, installs it at the first idle moment. */
export class IdleInstaller {
  private checkTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private downloaded: UpdateDownloadedEvent | undefined;
  private installing = false;
  private lastReason: string | undefined;

  constructor(private readonly options: IdleInstallerOptions) {
    const { updater, log } = options;
    updater.autoDownload = true;
    // A register closed at the end of the day installs the update then.
    updater.autoInstallOnAppQuit = true;
    // The master serves whole files (no byte ranges): fetch the whole installer.
    updater.disableDifferentialDownload = true;
    updater.allowDowngrade = false;
    updater.on('update-downloaded', (info) => {
      this.downloaded = info;
      log.info(`Update ${info.version} downloaded; it installs when the register is idle`);
      this.armIdlePoll();
    });
    updater.on('error', (error) => log.warn({ err: error }, 'The update check failed'));
  }

  start(): void {
    void this.check();
    this.checkTimer = setInterval(
      () => void this.check(),
      this.options.checkEveryMs ?? DEFAULT_CHECK_EVERY_MS,
    );
    this.checkTimer.unref();
  }

  stop(): void {
    clearInterval(this.checkTimer);
    clearInterval(this.idleTimer);
    this.checkTimer = undefined;
    this.idleTimer = undefined;
  }

  /** The downloaded update waiting for an idle moment, if any. */
  get pending(): string | undefined {
    return this.downloaded?.version;
  }

  async check(): Promise<void> {
    if (this.downloaded || this.installing) return;
    try {
      await this.options.updater.checkForUpdates();
    } catch (error) {
      // The master may be away or have no feed for this channel yet: the next check tries again.
      this.options.log.warn({ err: error }, 'The update check failed');
    }
  }

  /** Installs now if idle; says whether it did. */
  installIfIdle(): boolean {
    if (!this.downloaded || this.installing) return false;
    const verdict = this.options.isIdle();
    if (!verdict.idle) {
      if (verdict.reason !== this.lastReason) {
        this.options.log.info(`Update ${this.downloaded.version} waits: ${verdict.reason}`);
        this.lastReason = verdict.reason;
      }
      return false;
    }
    this.installing = true;
    this.stop();
    this.options.log.info(`The register is idle: installing update ${this.downloaded.version}`);
    try {
      // Silent (the NSIS installer shows no wizard) and restart the register afterwards. Called
      // in the same tick as the idle check, so no register call can start in between.
      this.options.updater.quitAndInstall(true, true);
      return true;
    } catch (error) {
      // It still installs when the register is next quit (autoInstallOnAppQuit).
      this.options.log.warn({ err: error }, 'The update could not be installed now');
      return false;
    }
  }

  private armIdlePoll(): void {
    if (this.idleTimer) return;
    this.idleTimer = setInterval(
      () => this.installIfIdle(),
      this.options.idlePollMs ?? DEFAULT_IDLE_POLL_MS,
    );
    this.idleTimer.unref();
  }
}

/** Counts register calls under way, and keeps a conservative guess at whether a cart is open. */
export class CallTracker {
  private readonly inFlight = new Map<RegisterApiMethod, number>();
  private lookedUpSinceLastSale = false;

  /** Wraps each handler in place, so every shell that dispatches to the map is counted. */
  track(handlers: ApiHandlers): void {
    const map = handlers as Record<RegisterApiMethod, (...args: never[]) => Promise<unknown>>;
    for (const method of REGISTER_API_METHODS) {
      const handler = map[method];
      map[method] = async (...args: never[]) => {
        this.inFlight.set(method, (this.inFlight.get(method) ?? 0) + 1);
        if (method === 'lookupTitle') this.lookedUpSinceLastSale = true;
        try {
          const result = await handler(...args);
          if (CART_CLOSING_CALLS.has(method)) this.lookedUpSinceLastSale = false;
          return result;
        } finally {
          this.inFlight.set(method, (this.inFlight.get(method) ?? 1) - 1);
        }
      };
    }
  }

  /** The first call under way, by name. */
  busyWith(): RegisterApiMethod | undefined {
    for (const [method, count] of this.inFlight) if (count > 0) return method;
    return undefined;
  }

  /**
   * Until the cashier screen reports its cart, a title looked up since the last finished sale
   * or return counts as an open cart: an update then waits for the next sale or for the quit.
   */
  cartMayBeOpen(): boolean {
    return this.lookedUpSinceLastSale;
  }
}

const CART_CLOSING_CALLS = new Set<RegisterApiMethod>([
  'sell',
  'returnItems',
  'cancelPending',
  'finishPendingEventually',
]);

/** The nightly batch counts as work from a few minutes before it is due until it has finished. */
export const NIGHTLY_MARGIN_MS = 5 * 60 * 1000;

export function registerWork(
  runtime: Pick<RegisterRuntime, 'register'>,
  calls: Pick<CallTracker, 'busyWith'>,
  now: () => number = Date.now,
): () => string | undefined {
  return () => {
    const call = calls.busyWith();
    if (call) return `a register call (${call}) is under way`;
    const pending = runtime.register.pendingSales().length;
    if (pending > 0) return `${pending} sale(s) wait for the master`;
    // The schedule re-arms only once a run has finished, so "due" also covers "running".
    const nightly = runtime.register.nextNightlyRun();
    if (nightly && nightly.getTime() - now() < NIGHTLY_MARGIN_MS) return 'the nightly batch is due';
    return undefined;
  };
}

export interface RegisterUpdatesOptions {
  runtime: RegisterRuntime;
  log: UpdateLog;
  /** The cashier screen's own report of its cart, once it has one; a guess from calls until then. */
  cartOpen?: () => boolean;
  idleMinutes?: number;
}

/**
 * Starts updates for a packaged register with a feed; does nothing when running from source,
 * without app-update.yml (a build without a store) or when a package manager owns the install.
 * Never throws: a register without updates still sells.
 */
export async function startRegisterUpdates(
  options: RegisterUpdatesOptions,
): Promise<IdleInstaller | undefined> {
  const { log } = options;
  try {
    if (!app.isPackaged) return undefined;
    const resources = process.resourcesPath;
    if (!existsSync(join(resources, 'app-update.yml'))) {
      log.info('No update feed in this build (app-update.yml): updates are installed by IT');
      return undefined;
    }
    const packageType = join(resources, 'package-type');
    if (existsSync(packageType)) {
      // A .deb or .rpm install updates through the package manager, which asks for an admin password.
      const type = readFileSync(packageType, 'utf8').trim();
      log.info(`Installed from a ${type} package: IT updates it with the package manager`);
      return undefined;
    }
    const calls = new CallTracker();
    calls.track(options.runtime.handlers);
    // Loaded only in a packaged register: from source there is nothing to update.
    const loaded = await import('electron-updater');
    // A CommonJS package whose autoUpdater is a getter: under import() only `default` has it.
    const { autoUpdater } = loaded.default;
    autoUpdater.logger = {
      info: (message?: unknown) => log.info(String(message)),
      warn: (message?: unknown) => log.warn(String(message)),
      error: (message?: unknown) => log.error(String(message)),
    };
    const installer = new IdleInstaller({
      updater: autoUpdater,
      log,
      isIdle: counterIdle(
        {
          cartOpen: options.cartOpen ?? (() => calls.cartMayBeOpen()),
          workInFlight: registerWork(options.runtime, calls),
          secondsSinceInput: () => powerMonitor.getSystemIdleTime(),
        },
        options.idleMinutes,
      ),
    });
    installer.start();
    return installer;
  } catch (error) {
    log.warn({ err: error }, 'Updates did not start');
    return undefined;
  }
}

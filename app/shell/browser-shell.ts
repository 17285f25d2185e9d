// The browser shell put together: the host serving the page and API, then the register runtime.
// The host listens first, so the page can show an upgrade of the ledger while it runs.
import type { Logger } from 'pino';
import type { UpgradeProgress } from '../ledger/ledger-upgrade.js';
import { startShellHost, type ShellHost } from './host.js';
import { RegisterEvents } from './register-events.js';
import { openRegisterRuntime, type RegisterRuntime } from './register-runtime.js';
import { RendererAssets } from './renderer-assets.js';
import { Startup } from './startup.js';

export interface BrowserShellOptions {
  dataDir: string;
  rendererDir: string;
  log: Logger;
  host?: string;
  port?: number;
  masterCheckMs?: number;
  /** An upgrade of the ledger is under way: the page at `pageUrl` shows it too. */
  onUpgrade?: (progress: UpgradeProgress, pageUrl: string) => void;
}

export interface BrowserShell {
  runtime: RegisterRuntime;
  host: ShellHost;
  close(): Promise<void>;
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  // Checked before the ledger opens, so a missing build fails fast and touches nothing.
  const assets = RendererAssets.load(options.rendererDir);
  const startup = new Startup();
  const events = new RegisterEvents();
  const host = await startShellHost({
    startup,
    events,
    assets,
    log: options.log,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  let runtime: RegisterRuntime;
  try {
    runtime = await openRegisterRuntime({
      dataDir: options.dataDir,
      log: options.log,
      events,
      onUpgrade: (progress) => {
        startup.progress(progress);
        options.onUpgrade?.(progress, host.pageUrl);
      },
      ...(options.masterCheckMs !== undefined ? { masterCheckMs: options.masterCheckMs } : {}),
    });
  } catch (error) {
    startup.failed(error);
    await host.close();
    throw error;
  }
  startup.ready(runtime);
  return {
    runtime,
    host,
    async close() {
      await host.close();
      await runtime.close();
    },
  };
}

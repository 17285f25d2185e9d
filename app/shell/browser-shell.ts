// The browser shell put together: the register runtime and the host serving its page and API.
import type { Logger } from 'pino';
import { startShellHost, type ShellHost } from './host.js';
import { openRegisterRuntime, type RegisterRuntime } from './register-runtime.js';
import { RendererAssets } from './renderer-assets.js';

export interface BrowserShellOptions {
  dataDir: string;
  rendererDir: string;
  log: Logger;
  host?: string;
  port?: number;
  masterCheckMs?: number;
}

export interface BrowserShell {
  runtime: RegisterRuntime;
  host: ShellHost;
  close(): Promise<void>;
}

export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  // Checked before the ledger opens, so a missing build fails fast and touches nothing.
  const assets = RendererAssets.load(options.rendererDir);
  const runtime = await openRegisterRuntime({
    dataDir: options.dataDir,
    log: options.log,
    ...(options.masterCheckMs !== undefined ? { masterCheckMs: options.masterCheckMs } : {}),
  });
  try {
    const host = await startShellHost({
      handlers: runtime.handlers,
      session: runtime.session,
      events: runtime.events,
      assets,
      log: options.log,
      ...(options.host ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
    });
    return {
      runtime,
      host,
      async close() {
        await host.close();
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

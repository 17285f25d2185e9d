// The Electron register: a thin composition root. The register core, its API handlers and the
// nightly batch come from app/shell (the same code the browser shell runs); this file only opens
// the locked-down window, serves the page on app:// and wires IPC.
import { join } from 'node:path';
import { app, ipcMain, protocol, session } from 'electron';
import { IPC_EVENT_CHANNEL } from '../app/protocol/register-api.js';
import { defaultDataDir } from '../app/register/data-dir.js';
import { consoleLogger } from '../app/shell/console-log.js';
import { openFileLog } from '../app/shell/file-log.js';
import { RegisterEvents } from '../app/shell/register-events.js';
import { openRegisterRuntime, type RegisterRuntime } from '../app/shell/register-runtime.js';
import { RendererAssets } from '../app/shell/renderer-assets.js';
import { Startup } from '../app/shell/startup.js';
import { APP_ENTRY_URL, registerAppScheme, serveApp } from './app-protocol.js';
import { logCrashes } from './crash-log.js';
import { registerApiIpc } from './ipc.js';
import { resolveNativeBinding } from './native-binding.js';
import { printReceipt } from './print.js';
import { hardenSession, hardenWebContents } from './security.js';
import { startRegisterUpdates } from './updater.js';
import { createMainWindow } from './window.js';

// Bundled to dist/main/index.cjs; the page is built to dist/renderer beside it.
const distDir = join(__dirname, '..');
let runtime: RegisterRuntime | undefined;

registerAppScheme(protocol);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

// Two windows on one ledger would be two cashiers on one till: the second launch focuses the first.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();

// The data folder is known before the app is ready, so the log covers the whole start. Only the
// first instance writes the file (one process rotates it); a second launch only prints.
// The same folder as the browser shell's, so a machine is one register whichever shell it runs.
const dataDir = defaultDataDir();
const fileLog = firstInstance ? openFileLog({ dataDir, console: !app.isPackaged }) : undefined;
const log = fileLog?.log ?? consoleLogger();
if (fileLog) {
  logCrashes(app, process, fileLog);
  log.info({ dataDir, logFile: fileLog.file }, `Data folder ${dataDir}, log ${fileLog.file}`);
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  serveApp(protocol, RendererAssets.load(join(distDir, 'renderer')));
  const nativeBinding = resolveNativeBinding({
    env: process.env,
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appRoot: join(distDir, '..'),
  });
  // The window and the API come first: while the ledger opens (an upgrade of a large one takes
  // seconds) the page shows how far it has got, and a start that fails says why.
  const startup = new Startup();
  const events = new RegisterEvents();
  registerApiIpc(ipcMain, startup, {
    log,
    print: (sender, receipt) => printReceipt(sender, receipt, join(dataDir, 'receipts')),
  });
  const window = createMainWindow(join(__dirname, 'preload.cjs'));
  events.on((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    log.error({ err: error }, 'The register page did not load');
    exitAfterLog(1);
  });
  try {
    runtime = await openRegisterRuntime({
      dataDir,
      log,
      events,
      onUpgrade: (progress) => startup.progress(progress),
      ...(nativeBinding ? { nativeBinding } : {}),
      // electron-builder puts the store's identity beside the app (scripts/dist-config.ts).
      ...(app.isPackaged ? { storeFile: join(process.resourcesPath, 'store.json') } : {}),
    });
  } catch (error) {
    // The window stays, saying why; closing it quits.
    startup.failed(error);
    log.error({ err: error }, 'The register did not start');
    return;
  }
  startup.ready(runtime);
  // Updates from the store master's feed, installed only while the register is idle.
  void startRegisterUpdates({ runtime, log });
}

app
  .whenReady()
  .then(start)
  .catch((error: unknown) => {
    log.error({ err: error }, 'The register did not start');
    exitAfterLog(1);
  });

app.on('window-all-closed', () => {
  const closing = runtime?.close() ?? Promise.resolve();
  runtime = undefined;
  closing.then(
    () => app.quit(),
    (error: unknown) => {
      log.error({ err: error }, 'The register did not close cleanly');
      exitAfterLog(1);
    },
  );
});

/** app.exit ends the process at once: the reason must be in the log file first. */
function exitAfterLog(code: number): void {
  const flushed = fileLog?.close() ?? Promise.resolve();
  void flushed.finally(() => app.exit(code));
}

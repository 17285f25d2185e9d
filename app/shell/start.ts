// `npm start`: the Electron register where Electron can run, otherwise the browser shell, saying
// which and why. The first run on a machine sets up a demo register (see first-run.ts).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../register/data-dir.js';
import { startBrowserShell } from './browser-shell.js';
import { consoleLogger } from './console-log.js';
import { findElectronBinary } from './electron-binary.js';
import { logUncaughtErrors, openFileLog } from './file-log.js';
import { DEMO_STORE_ID } from './first-run.js';
import { progressInTenths, type UpgradeProgress } from '../ledger/ledger-upgrade.js';
import { demoStaffLine } from '../staff/demo-staff.js';

const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: process.env.BOOKCASE_PORT ?? '0' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm start -- [--browser] [--host 127.0.0.1] [--port 0]

Starts the Bookcase register: the Electron window when Electron can run here, otherwise the
browser shell (a page served on loopback). --browser forces the browser shell.
The ledger lives in ${defaultDataDir()} (set BOOKCASE_DATA_DIR to use another folder).`);
  process.exit(0);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const log = consoleLogger();
const electron = values.browser
  ? ({ found: false, reason: 'the browser shell was asked for (--browser)' } as const)
  : findElectronBinary();

if (electron.found) {
  log.info(`Starting the Electron register (${electron.path}).`);
  const child = spawn(electron.path, [`${root}dist/main/index.cjs`], {
    stdio: 'inherit',
    env: process.env,
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    log.error(`--port must be a port number, not "${values.port}".`);
    process.exit(2);
  }
  // From here on the register's log goes to <data>/logs/register.log too, for IT.
  const dataDir = defaultDataDir();
  const fileLog = openFileLog({ dataDir, console: true });
  logUncaughtErrors(process, fileLog);
  fileLog.log.debug(
    { dataDir, logFile: fileLog.file },
    `Data folder ${dataDir}, log ${fileLog.file}`,
  );
  const shell = await startBrowserShell({
    dataDir,
    rendererDir: `${root}dist/renderer`,
    host: values.host,
    port,
    log: fileLog.log,
    onUpgrade: upgradeReporter(),
  }).catch(async (error: unknown) => {
    // A person ran this: the reason in one line (a missing build, a damaged ledger, a busy port).
    fileLog.log.error({ err: error }, 'The register could not start');
    await fileLog.close();
    process.exit(1);
  });
  const status = shell.runtime.register.status();
  const staffLine = shell.runtime.session.view().noStaffYet
    ? 'No staff yet: the page asks for the first manager.'
    : status.storeId === DEMO_STORE_ID
      ? demoStaffLine()
      : 'Sign in with your PIN.';
  console.log(`
Bookcase register (browser shell), because ${electron.reason}.
  Store ${status.storeName}, ${status.registerName ?? 'this register'}, ${status.mode} mode
  Ledger in ${dataDir}
  Log in ${fileLog.file}

  Open: ${shell.host.pageUrl}
  ${staffLine}

The address holds a key that changes each time the register starts. Ctrl+C stops it.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    shell.close().then(
      () => fileLog.close().finally(() => process.exit(0)),
      (error: unknown) => {
        fileLog.log.error({ err: error }, 'The register did not close cleanly');
        void fileLog.close().finally(() => process.exit(1));
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** One line when an upgrade starts (with the page that shows it), then one per tenth done. */
function upgradeReporter(): (progress: UpgradeProgress, pageUrl: string) => void {
  let announced = false;
  const tenths = progressInTenths((line) => console.log(`  ${line}`));
  return (progress, pageUrl) => {
    if (!announced) {
      announced = true;
      console.log(`Upgrading the ledger written by an earlier Bookcase; the page shows it too:
  ${pageUrl}`);
    }
    tenths(progress);
  };
}

// Starts the browser shell the way `npm start` does (a separate process), on a fresh data folder,
// and hands the test the address it printed.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { writeOldLedger } from '../helpers/old-ledger.js';
import { demoChainWithMasterProcess, type StoppableMaster } from './master-process.js';

export interface RunningShell {
  url: string;
  origin: string;
  dataDir: string;
  output: () => string;
  /** With `test.use({ masterProcess: true })`: the chain's master, which the test may stop. */
  master?: StoppableMaster;
}

const START_TIMEOUT_MS = 30_000;

/** The demo staff's PINs (app/staff/demo-staff.ts). */
export const DEMO_PINS = { manager: '1234', cashier: '0000' } as const;

/**
 * Signs in on the register's side before the page opens, as the page would with a PIN: the
 * session belongs to the register, so the page opens signed in.
 */
async function signInOverHttp(url: string, pin: string): Promise<void> {
  const { origin, searchParams } = new URL(url);
  const response = await fetch(`${origin}/api/signIn`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin,
      'x-bookcase-key': searchParams.get('key') ?? '',
    },
    body: JSON.stringify({ pin }),
  });
  if (!response.ok) throw new Error(`sign-in refused: ${await response.text()}`);
}

/** The address `npm start` prints once the register is open. */
const OPEN_ADDRESS = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)/;
/** The address it prints as soon as an upgrade of the ledger starts (start.ts). */
const UPGRADE_ADDRESS = /the page shows it too:\s+(http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)/;

function waitForAddress(
  child: ChildProcess,
  output: () => string,
  address: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the browser shell printed no address:\n${output()}`)),
      START_TIMEOUT_MS,
    );
    const check = () => {
      const match = address.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser shell exited (${code}) before it was ready:\n${output()}`));
    });
  });
}

export const test = base.extend<{
  masterProcess: boolean;
  /**
   * With more than 0: the data folder holds a ledger written before migration 10 with this many
   * more events, and the test gets the address printed when its upgrade starts.
   */
  oldLedgerEvents: number;
  /** Who is signed in when the page opens: the demo manager unless a test says otherwise. */
  signInAs: keyof typeof DEMO_PINS | null;
  shell: RunningShell;
}>({
  masterProcess: [false, { option: true }],
  oldLedgerEvents: [0, { option: true }],
  signInAs: ['manager', { option: true }],
  shell: async ({ masterProcess, oldLedgerEvents, signInAs }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bookcase-e2e-'));
    if (oldLedgerEvents > 0) writeOldLedger(join(dataDir, 'ledger.db'), oldLedgerEvents);
    const master = masterProcess ? await demoChainWithMasterProcess(dataDir) : undefined;
    let log = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'app/shell/start.ts', '--browser'], {
      env: { ...process.env, BOOKCASE_DATA_DIR: dataDir, BOOKCASE_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    try {
      const url = await waitForAddress(
        child,
        () => log,
        oldLedgerEvents > 0 ? UPGRADE_ADDRESS : OPEN_ADDRESS,
      );
      if (signInAs) await signInOverHttp(url, DEMO_PINS[signInAs]);
      await use({ url, origin: new URL(url).origin, dataDir, output: () => log, master });
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await master?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

// The Electron register for end-to-end tests, where Electron can run: a fresh data folder per
// test, set up on Node as a first run would (the demo store enrolled with its master), then the
// master kept in this test process on loopback, so a test can take it away and bring it back,
// and the built main process (dist/main/index.cjs) launched on that folder.
//
// Without an Electron binary (ELECTRON_SKIP_BINARY_DOWNLOAD here and in CI) every test using this
// skips, saying what is missing; the browser-shell specs run the same flows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  _electron as electron,
  test as base,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { pino } from 'pino';
import { demoCatalog } from '../../app/catalog/demo-catalog.js';
import { findElectronBinary } from '../../app/shell/electron-binary.js';
import { startEmbeddedMaster, type EmbeddedMaster } from '../../app/shell/embedded-master.js';
import { prepareRegister } from '../../app/shell/first-run.js';
import type { MasterControl } from './register-flows.js';
import { signInDemoManager } from './sign-in-step.js';

export const electronBinary = findElectronBinary();
export const ELECTRON_SKIP_REASON = electronBinary.found
  ? ''
  : `No Electron binary on this machine, so the Electron register is not driven here (${electronBinary.reason}). The browser-shell specs run the same flows.`;

export interface ElectronRegister {
  app: ElectronApplication;
  page: Page;
  dataDir: string;
  master: MasterControl;
}

export interface ElectronRegisterOptions {
  /** Events waiting to be sent when the register starts (deliveries recorded before launch). */
  backlog: number;
}

const quiet = pino({ level: 'silent' });

/** The built main process (dist/main/index.cjs) on `dataDir`. */
export function launchElectronRegister(
  executablePath: string,
  dataDir: string,
): Promise<ElectronApplication> {
  return electron.launch({
    executablePath,
    args: ['dist/main/index.cjs'],
    env: { ...process.env, BOOKCASE_DATA_DIR: dataDir },
  });
}

/** Deliveries of one copy of each demo title, until `events` events wait in the outbox. */
function recordBacklog(
  register: Awaited<ReturnType<typeof prepareRegister>>['register'],
  events: number,
) {
  const titles = demoCatalog();
  for (let done = 0; done < events;) {
    const lines = titles.slice(0, Math.min(titles.length, events - done));
    register.deliver({
      actor: 'e2e',
      reference: `backlog-${done}`,
      lines: lines.map((title) => ({ isbn: title.isbn, qty: 1 })),
    });
    done += lines.length;
  }
}

export const test = base.extend<ElectronRegisterOptions & { electronRegister: ElectronRegister }>({
  backlog: [0, { option: true }],
  electronRegister: async ({ backlog }, use, testInfo) => {
    testInfo.skip(!electronBinary.found, ELECTRON_SKIP_REASON);
    if (!electronBinary.found) return;
    const dataDir = mkdtempSync(join(tmpdir(), 'bookcase-electron-'));
    const masterDir = join(dataDir, 'master');
    // A first run done here, on Node: the demo store, enrolled with a master on loopback.
    const prepared = await prepareRegister({ dataDir, log: quiet });
    let master: EmbeddedMaster | undefined = prepared.master;
    if (!master) throw new Error('the first run started no master');
    const port = Number(new URL(master.url).port);
    recordBacklog(prepared.register, backlog);
    await prepared.register.close();
    // The register must not start a master of its own on this folder: this process owns it.
    rmSync(join(dataDir, 'shell.json'));

    const control: MasterControl = {
      async stop() {
        await master?.close();
        master = undefined;
      },
      async start() {
        master ??= await startEmbeddedMaster({ dir: masterDir, port, log: quiet });
      },
    };
    const app = await launchElectronRegister(electronBinary.path, dataDir);
    try {
      const page = await app.firstWindow();
      await signInDemoManager(page);
      await use({ app, page, dataDir, master: control });
    } finally {
      await app.close();
      await control.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';

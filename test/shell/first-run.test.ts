// A newcomer's first `npm start` gets a register that works at once; later starts open the same
// ledger and never seed it twice.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../app/shell/electron-binary.js';
import { DEMO_REGISTER_NAME, DEMO_STORE_ID } from '../../app/shell/first-run.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { openTestRuntime } from './fixtures.js';

describe('first run', () => {
  const tempDir = useTempDirs();

  it('sets up the demo store with its catalog and shelf, named and ready to sell', async () => {
    const dataDir = join(tempDir(), 'nested', 'Bookcase');
    const runtime = await openTestRuntime(dataDir);
    try {
      expect(runtime.firstRun).toBe(true);
      expect(existsSync(join(dataDir, 'ledger.db'))).toBe(true);
      const status = runtime.register.status();
      expect(status).toMatchObject({
        storeId: DEMO_STORE_ID,
        storeName: 'Uptown',
        registerName: DEMO_REGISTER_NAME,
        mode: 'eventual',
      });
      expect(runtime.register.ledger.catalog.titles()).toHaveLength(300);
      expect(status.outboxSize).toBeGreaterThan(0); // the opening stock, waiting for a master
      // No master server in this build yet: the register runs on its own and says so.
      expect(runtime.master).toBeUndefined();
      expect(existsSync(join(dataDir, 'shell.json'))).toBe(false);
    } finally {
      await runtime.close();
    }
  });

  it('opens the same ledger next time and does not seed it again', async () => {
    const dataDir = tempDir();
    const first = await openTestRuntime(dataDir);
    const { originId, outboxSize } = first.register.status();
    await first.close();
    const second = await openTestRuntime(dataDir);
    try {
      expect(second.firstRun).toBe(false);
      expect(second.register.status()).toMatchObject({ originId, outboxSize, storeId: 'uptown' });
    } finally {
      await second.close();
    }
  });
});

describe('findElectronBinary', () => {
  it('finds the binary the electron package names when it exists', () => {
    expect(
      findElectronBinary(
        () => '/opt/electron/electron',
        () => true,
      ),
    ).toEqual({
      found: true,
      path: '/opt/electron/electron',
    });
  });

  it('explains why not when the download was skipped or the file is gone', () => {
    const skipped = findElectronBinary(() => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron');
    });
    expect(skipped).toMatchObject({
      found: false,
      reason: expect.stringContaining('ELECTRON_SKIP_BINARY_DOWNLOAD') as unknown,
    });
    expect(
      findElectronBinary(
        () => '/gone/electron',
        () => false,
      ),
    ).toEqual({
      found: false,
      reason: "Electron's binary is missing at /gone/electron",
    });
  });
});

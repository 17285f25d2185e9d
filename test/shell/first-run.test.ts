// A newcomer's first `npm start` gets a register that works at once: the demo store, enrolled
// with an embedded master that also knows the neighbouring store's shelf. Later starts open the
// same ledger, restart the same master, and never seed anything twice.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../app/shell/electron-binary.js';
import { DEMO_REGISTER_NAME, DEMO_STORE_ID } from '../../app/shell/first-run.js';
import { demoIsbn } from '../helpers/ledgers.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { openTestRuntime } from './fixtures.js';

const NONE_AT_UPTOWN = demoIsbn(0); // 0 at uptown, 5 at riverside in the demo's opening stock

describe('first run', () => {
  const tempDir = useTempDirs();

  it("from a store's installer: the register belongs to that store, waits for enrolment, and seeds no demo", async () => {
    const dir = tempDir();
    const storeFile = join(dir, 'store.json');
    writeFileSync(
      storeFile,
      JSON.stringify({
        storeId: 'harbour',
        storeName: 'Harbour Books',
        masterUrl: 'https://master.example.org/',
        defaultMode: 'strong',
        nightlyAt: '01:30',
      }),
    );
    const runtime = await openTestRuntime(join(dir, 'data'), { embeddedMaster: true, storeFile });
    try {
      expect(runtime.master).toBeUndefined();
      expect(runtime.register.status()).toMatchObject({
        storeId: 'harbour',
        mode: 'strong',
        enrolled: false,
        masterUrl: 'https://master.example.org',
        nightlyAt: '01:30',
      });
      expect(runtime.register.ledger.catalog.titles()).toEqual([]);
    } finally {
      await runtime.close();
    }
  });

  it('refuses a store file that carries a secret, before anything is written', async () => {
    const dir = tempDir();
    const storeFile = join(dir, 'store.json');
    writeFileSync(
      storeFile,
      JSON.stringify({
        storeId: 'harbour',
        storeName: 'Harbour Books',
        masterUrl: 'https://master.example.org',
        defaultMode: 'eventual',
        enrolmentCode: 'ABCDE-FGHIJ',
      }),
    );
    await expect(openTestRuntime(join(dir, 'data'), { storeFile })).rejects.toThrow(
      /looks like a secret/,
    );
    expect(existsSync(join(dir, 'data', 'ledger.db'))).toBe(false);
  });

  it('starts an embedded master, enrols the demo register and syncs it, so the chain answers', async () => {
    const dataDir = join(tempDir(), 'nested', 'Bookcase');
    const runtime = await openTestRuntime(dataDir, { embeddedMaster: true });
    try {
      expect(runtime.firstRun).toBe(true);
      expect(runtime.master?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(runtime.register.status()).toMatchObject({
        storeId: DEMO_STORE_ID,
        storeName: 'Uptown',
        registerName: DEMO_REGISTER_NAME,
        mode: 'eventual',
        enrolled: true,
        masterUrl: runtime.master?.url,
        masterReachable: true,
        outboxSize: 0,
      });
      expect(runtime.register.status().lastSyncAt).not.toBeNull();
      await expect(runtime.handlers.availability({ isbn: NONE_AT_UPTOWN }, {})).resolves.toEqual({
        status: 'known',
        isbn: NONE_AT_UPTOWN,
        elsewhere: [{ storeId: 'riverside', name: 'Riverside', onHand: 5 }],
      });
      const config = JSON.parse(readFileSync(join(dataDir, 'shell.json'), 'utf8')) as unknown;
      expect(config).toEqual({
        embeddedMaster: { port: Number(new URL(runtime.master?.url ?? '').port) },
      });
    } finally {
      await runtime.close();
    }

    // Next start: the same ledger, the same master on the same port, nothing seeded again.
    const again = await openTestRuntime(dataDir, { embeddedMaster: true });
    try {
      expect(again.firstRun).toBe(false);
      expect(again.master?.url).toBe(again.register.status().masterUrl);
      expect(again.register.status().outboxSize).toBe(0);
      await expect(again.handlers.syncNow({}, {})).resolves.toMatchObject({ pushed: 0, pulled: 0 });
    } finally {
      await again.close();
    }
  });

  it('keeps the register selling when the embedded master cannot get its port back', async () => {
    const dataDir = tempDir();
    const first = await openTestRuntime(dataDir, { embeddedMaster: true });
    const port = Number(new URL(first.master?.url ?? '').port);
    await first.close();
    // Another program took the port: it hangs up on whoever connects.
    const squatter = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const runtime = await openTestRuntime(dataDir, { embeddedMaster: true });
      try {
        expect(runtime.master).toBeUndefined();
        const sold = await runtime.handlers.sell(
          {
            lines: [{ isbn: demoIsbn(1), qty: 1 }],
            payment: { method: 'card' },
          },
          { staff: { staffId: 'staff-ana', name: 'ana', role: 'cashier' } },
        );
        expect(sold.status).toBe('recorded');
        expect(runtime.register.status().outboxSize).toBe(1);
      } finally {
        await runtime.close();
      }
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('standalone (no master asked for): the demo store, catalog and shelf, ready to sell', async () => {
    const dataDir = tempDir();
    const runtime = await openTestRuntime(dataDir);
    try {
      expect(runtime.master).toBeUndefined();
      expect(runtime.register.status()).toMatchObject({ enrolled: false, storeId: 'uptown' });
      expect(runtime.register.ledger.catalog.titles()).toHaveLength(300);
      expect(runtime.register.status().outboxSize).toBeGreaterThan(0); // the opening stock
      expect(existsSync(join(dataDir, 'shell.json'))).toBe(false);
    } finally {
      await runtime.close();
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
    ).toEqual({ found: true, path: '/opt/electron/electron' });
  });

  it('explains why not when the download was skipped or the file is gone', () => {
    const skipped = findElectronBinary(() => {
      throw new Error('Electron failed to install correctly, please delete node_modules/electron');
    });
    expect(skipped.found).toBe(false);
    expect(!skipped.found && skipped.reason).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(
      findElectronBinary(
        () => '/gone/electron',
        () => false,
      ),
    ).toEqual({ found: false, reason: "Electron's binary is missing at /gone/electron" });
  });
});

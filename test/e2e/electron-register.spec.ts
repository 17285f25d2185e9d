// The same counter flow in the Electron register itself, where Electron can run. Here (and in CI)
// the binary cannot be downloaded, so these tests skip and say so; the browser-shell tests drive
// the same renderer and the same register API handlers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../app/shell/electron-binary.js';
import { scanToReceipt } from './scan-to-receipt.js';

const binary = findElectronBinary();
const SKIP_REASON = binary.found
  ? ''
  : `No Electron binary on this machine, so the Electron window is not driven here (${binary.reason}). The same flow runs in the browser shell.`;

test.describe('Electron register', () => {
  test.skip(!binary.found, SKIP_REASON);

  test('a scanner-speed scan to a sale and receipt, in a locked-down window', async () => {
    if (!binary.found) return;
    const dataDir = mkdtempSync(join(tmpdir(), 'bookcase-electron-'));
    const app = await electron.launch({
      executablePath: binary.path,
      args: ['dist/main/index.cjs'],
      env: { ...process.env, BOOKCASE_DATA_DIR: dataDir },
    });
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveURL('app://bookcase/index.html');
      // The page is a sandboxed browser page: no Node, one bridge object with three members.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(() =>
          Object.keys((globalThis as { bookcase?: object }).bookcase ?? {}),
        ),
      ).toEqual(['shell', 'invoke', 'onEvent']);
      await scanToReceipt(page, 'electron');
      await page.keyboard.press('p');
      await expect(page.getByText(/Sent to the printer|saved as .*\.pdf/)).toBeVisible();
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

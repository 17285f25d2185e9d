// The counter's everyday flow in the Electron register itself, where Electron can run. Here (and
// in CI) the binary cannot be downloaded, so these tests skip and say so; the browser-shell tests
// drive the same renderer and the same register API handlers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ELECTRON_SKIP_REASON, electronBinary, expect, test } from './electron-shell.js';
import { scanToReceipt } from './scan-to-receipt.js';

test.describe('Electron register', () => {
  test.skip(!electronBinary.found, ELECTRON_SKIP_REASON);

  test('a scanner-speed scan to a sale and receipt, in a locked-down window', async ({
    electronRegister: { page },
  }) => {
    await expect(page).toHaveURL('app://bookcase/index.html');
    // The page is a sandboxed browser page: no Node, one bridge object with three members.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    );
    expect(
      await page.evaluate(() => Object.keys((globalThis as { bookcase?: object }).bookcase ?? {})),
    ).toEqual(['shell', 'invoke', 'onEvent']);
    await scanToReceipt(page, 'electron');
    await page.keyboard.press('p');
    await expect(page.getByText(/Sent to the printer|saved as .*\.pdf/)).toBeVisible();
  });

  test('the main process logs where its data folder and log file are', async ({
    electronRegister: { dataDir },
  }) => {
    const log = join(dataDir, 'logs', 'register.log');
    await expect
      .poll(() => readFileSync(log, 'utf8'))
      .toContain(`Data folder ${dataDir}, log ${log}`);
  });
});

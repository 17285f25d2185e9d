// The Electron register started over a ledger an earlier version wrote: the window opens at once
// and shows the ledger upgrade's progress, then the sign-in screen. Skips, saying why, where no
// Electron binary exists (here and in CI); startup-upgrade.spec.ts runs the same page in Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { writeOldLedger } from '../helpers/old-ledger.js';
import { ELECTRON_SKIP_REASON, electronBinary, launchElectronRegister } from './electron-shell.js';

test('the Electron window shows the ledger upgrade’s progress, then the sign-in screen', async () => {
  test.skip(!electronBinary.found, ELECTRON_SKIP_REASON);
  if (!electronBinary.found) return;
  const dataDir = mkdtempSync(join(tmpdir(), 'bookcase-electron-upgrade-'));
  writeOldLedger(join(dataDir, 'ledger.db'), 600_000);
  const app = await launchElectronRegister(electronBinary.path, dataDir);
  try {
    const page = await app.firstWindow();
    await expect(
      page.getByRole('progressbar', { name: /^Upgrading the ledger: (reorganising|indexing) / }),
    ).toBeVisible();
    await expect(page.getByLabel('Your PIN')).toBeVisible({ timeout: 30_000 });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

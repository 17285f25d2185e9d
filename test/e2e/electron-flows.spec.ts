// The browser specs' flows in the Electron register itself, where Electron can run: the dispute
// settled by read repair, the manager's stocktake, the nightly batch with its progress bar, and
// the master going away mid-shift. Each test gets a fresh data folder and a real master on
// loopback (see electron-shell.ts). Here and in CI there is no Electron binary: they skip, saying so.
import { ELECTRON_SKIP_REASON, electronBinary, expect, test } from './electron-shell.js';
import {
  disputeResolvedByReadRepair,
  managerStocktake,
  masterAwayMidShift,
  nightlyBatchWithProgress,
} from './register-flows.js';

test.describe('Electron register flows', () => {
  test.skip(!electronBinary.found, ELECTRON_SKIP_REASON);

  test('a dispute resolved by read repair: none on our shelf, one at the counter, confirmed, sold', async ({
    electronRegister,
  }) => {
    await expect(electronRegister.page).toHaveURL('app://bookcase/index.html');
    await disputeResolvedByReadRepair(electronRegister.page, 'electron');
  });

  test('a manager stocktake: scan and type counts, the discrepancy report, commit', async ({
    electronRegister,
  }) => {
    await managerStocktake(electronRegister.page, 'electron-stocktake', {
      checkCsvDownload: false,
    });
  });

  test('the master going away mid-shift: the counter sells on, the sales go when it is back', async ({
    electronRegister,
  }) => {
    test.setTimeout(120_000); // two waits for the status bar's 30-second watch
    await masterAwayMidShift(electronRegister.page, 'electron', electronRegister.master);
  });

  test.describe('with a day of deliveries waiting', () => {
    const backlog = 5_000; // three pages of 2,000: the bar moves
    test.use({ backlog });

    test('the nightly batch with its progress bar', async ({ electronRegister }) => {
      await nightlyBatchWithProgress(electronRegister.page, 'electron', backlog);
    });
  });
});

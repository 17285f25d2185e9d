// The manager's stocktake in Debian's Chromium, against the browser shell and its embedded master:
// reached from the keyboard, counted by scan and by number, the discrepancy report, the CSV
// download, and the commit that says how many uncounted titles become zero.
import { test } from './browser-shell.js';
import { managerStocktake } from './register-flows.js';

test('a manager stocktake: scan and type counts, the discrepancy report, CSV, commit', async ({
  page,
  shell,
}) => {
  await page.goto(shell.url);
  await managerStocktake(page, 'stocktake', { checkCsvDownload: true });
});

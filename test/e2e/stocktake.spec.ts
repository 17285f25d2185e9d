// The manager's stocktake in Debian's Chromium, against the browser shell and its embedded master:
// reached from the keyboard, counted by scan and by number, the discrepancy report, the CSV
// download, and the commit that says how many uncounted titles become zero.
import { readFileSync } from 'node:fs';
import { expect, test } from './browser-shell.js';
import { ORCHARD, scan, screenshot, TIDE } from './scan-to-receipt.js';

test('a manager stocktake: scan and type counts, the discrepancy report, CSV, commit', async ({
  page,
  shell,
}) => {
  await page.goto(shell.url);
  await expect(page.getByTestId('status-master')).toHaveText('Reachable');
  await page.keyboard.press('F3');
  const start = page.getByRole('button', { name: 'Start a stocktake (all titles)' });
  await expect(start).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stocktake-notice')).toContainText('Stocktake started');
  const progress = page.getByTestId('stocktake-progress');
  await expect(progress).toHaveText(/^0 of \d+ titles counted$/);
  const expected = Number(/of (\d+)/.exec((await progress.textContent()) ?? '')?.[1]);
  expect(expected).toBeGreaterThan(2);

  await expect(page.getByLabel('Scan or type an ISBN')).toBeFocused();
  await scan(page, TIDE.isbn);
  await scan(page, TIDE.isbn);
  await scan(page, ORCHARD.isbn);
  await expect(page.getByTestId('stocktake-last')).toHaveText(
    `${ORCHARD.title}: 1 counted, 2 expected`,
  );
  await expect(progress).toHaveText(`2 of ${expected} titles counted`);
  // Orchard's copies are easier counted by hand: type 1 (one is missing).
  await page.getByLabel('Or type the count of this title').fill('1');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Scan or type an ISBN')).toBeFocused();
  await screenshot(page, 'stocktake-1-counting');

  await page.getByRole('button', { name: 'Discrepancy report' }).click();
  const table = page.getByRole('table', { name: 'Discrepancy report' });
  await expect(table.locator(`tr[data-isbn="${ORCHARD.isbn}"] td`).nth(4)).toHaveText('-1');
  await expect(table.locator(`tr[data-isbn="${TIDE.isbn}"] td`).nth(4)).toHaveText('0');
  await expect(table.getByTestId('discrepancy-totals')).toContainText(
    `Totals: 2 of ${expected} titles counted`,
  );
  await screenshot(page, 'stocktake-2-report');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^stocktake-uptown-.+\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain(ORCHARD.isbn);

  await page.getByRole('button', { name: 'Commit the stocktake' }).click();
  const uncounted = expected - 2;
  await expect(page.getByTestId('uncounted-warning')).toContainText(
    `${uncounted} titles expected on the shelves were never counted`,
  );
  await screenshot(page, 'stocktake-3-confirm-uncounted');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stocktake-notice')).toContainText(
    `Stocktake committed: 2 titles counted, ${uncounted} titles set to zero.`,
  );
  await screenshot(page, 'stocktake-4-committed');

  // Back at the till, the count is the shelf's: Orchard has the one copy counted.
  await page.keyboard.press('F2');
  await expect(page.getByLabel('Scan or type an ISBN')).toBeFocused();
  await scan(page, ORCHARD.isbn);
  await expect(page.getByTestId('on-hand')).toHaveText('1 on our shelf');
  await expect(page.getByTestId('sale-total')).toHaveText('$10.99');
});

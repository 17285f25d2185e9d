// The counter and back-office flows, as steps over a Page, shared by the browser-shell and the
// Electron specs: the same renderer and the same API handlers run in both, so one flow proves
// both shells. Each takes a screenshot prefix so the two shells' pictures sit side by side.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { confirmDispute, ORCHARD, scan, screenshot, TIDE, VOYAGE } from './scan-to-receipt.js';

/** A master the test can take away mid-shift and bring back, on the same loopback port. */
export interface MasterControl {
  stop(): Promise<void>;
  start(): Promise<void>;
}

const scanField = (page: Page) => page.getByLabel('Scan or type an ISBN');

/** Cash for the sale in the cart, the receipt, then the next customer. */
async function payCash(page: Page, amount: string, shot: string): Promise<void> {
  await page.keyboard.press('F8');
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Cash received')).toBeFocused();
  await page.keyboard.type(amount);
  await page.keyboard.press('Enter');
  const done = page.getByRole('dialog', { name: 'Sale complete' });
  await expect(done).toBeVisible();
  await screenshot(page, shot);
}

/** None on our shelf, one at the counter: read repair with the master, confirmed, sold. */
export async function disputeResolvedByReadRepair(page: Page, prefix: string): Promise<void> {
  await expect(page.getByTestId('status-master')).toHaveText('Reachable');
  await expect(scanField(page)).toBeFocused();
  await scan(page, VOYAGE.isbn);
  await confirmDispute(page, `${prefix}-dispute-1-discrepancy`);
  await expect(page.getByTestId('sale-total')).toHaveText('$13.99');
  await expect(scanField(page)).toBeFocused();
  await screenshot(page, `${prefix}-dispute-2-corrected`);

  await payCash(page, '20', `${prefix}-dispute-3-receipt`);
  const done = page.getByRole('dialog', { name: 'Sale complete' });
  await expect(done.getByTestId('receipt-text')).toContainText(VOYAGE.title);
  await expect(done.getByTestId('receipt-change')).toHaveText('$6.01');
  // The correction and the sale, both waiting for the master.
  await expect(page.getByTestId('status-outbox')).toHaveText('2 events');
}

export interface StocktakeFlowOptions {
  /**
   * Whether to check the CSV download. The browser hands it to Playwright; Electron asks where to
   * save it with a native dialog no test can answer, so the Electron flow leaves it out.
   */
  checkCsvDownload: boolean;
}

/** A manager's stocktake: scan and type counts, the discrepancy report, CSV, commit. */
export async function managerStocktake(
  page: Page,
  prefix: string,
  options: StocktakeFlowOptions,
): Promise<void> {
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

  await expect(scanField(page)).toBeFocused();
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
  await expect(scanField(page)).toBeFocused();
  await screenshot(page, `${prefix}-1-counting`);

  await page.getByRole('button', { name: 'Discrepancy report' }).click();
  const table = page.getByRole('table', { name: 'Discrepancy report' });
  await expect(table.locator(`tr[data-isbn="${ORCHARD.isbn}"] td`).nth(4)).toHaveText('-1');
  await expect(table.locator(`tr[data-isbn="${TIDE.isbn}"] td`).nth(4)).toHaveText('0');
  await expect(table.getByTestId('discrepancy-totals')).toContainText(
    `Totals: 2 of ${expected} titles counted`,
  );
  await screenshot(page, `${prefix}-2-report`);

  if (options.checkCsvDownload) {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^stocktake-uptown-.+\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(ORCHARD.isbn);
  }

  await page.getByRole('button', { name: 'Commit the stocktake' }).click();
  const uncounted = expected - 2;
  await expect(page.getByTestId('uncounted-warning')).toContainText(
    `${uncounted} titles expected on the shelves were never counted`,
  );
  await screenshot(page, `${prefix}-3-confirm-uncounted`);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('stocktake-notice')).toContainText(
    `Stocktake committed: 2 titles counted, ${uncounted} titles set to zero.`,
  );
  await screenshot(page, `${prefix}-4-committed`);

  // Back at the till, the count is the shelf's: Orchard has the one copy counted.
  await page.keyboard.press('F2');
  await expect(scanField(page)).toBeFocused();
  await scan(page, ORCHARD.isbn);
  await expect(page.getByTestId('on-hand')).toHaveText('1 on our shelf');
  await expect(page.getByTestId('sale-total')).toHaveText('$10.99');
}

/**
 * The nightly batch run from the Sync screen (F5) over a backlog of `backlog` events waiting to
 * be sent: several pages, so the bar is seen moving before the batch says what it did.
 */
export async function nightlyBatchWithProgress(
  page: Page,
  prefix: string,
  backlog: number,
): Promise<void> {
  await expect(page.getByTestId('status-outbox')).toHaveText(`${backlog} events`);
  await page.keyboard.press('F5');
  await expect(page.getByRole('heading', { name: 'Nightly batch' })).toBeVisible();
  await screenshot(page, `${prefix}-batch-1-waiting`);

  await page.getByRole('button', { name: 'Run the nightly batch now' }).click();
  const bar = page.getByRole('progressbar', { name: 'Batch progress' });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('batch-progress-words')).toHaveText(
    /^(Starting…|Sending [\d,]+ of [\d,]+ events|Receiving [\d,]+ of [\d,]+ events|Finishing…)$/,
  );
  await screenshot(page, `${prefix}-batch-2-progress`);

  await expect(page.getByTestId('batch-outcome')).toContainText(
    `The batch finished: ${backlog.toLocaleString('en-US')} events sent to the master`,
    { timeout: 30_000 },
  );
  await expect(bar).toBeHidden();
  await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
  await screenshot(page, `${prefix}-batch-3-done`);
}

/**
 * The master goes away mid-shift: the counter keeps selling (a disputed count is left unverified
 * for later), the status bar says the master is unreachable, a sync says why it stopped; when the
 * master is back, the waiting sales go with the next sync.
 */
export async function masterAwayMidShift(
  page: Page,
  prefix: string,
  master: MasterControl,
): Promise<void> {
  await expect(page.getByTestId('status-master')).toHaveText('Reachable');
  await expect(scanField(page)).toBeFocused();
  await master.stop();

  await scan(page, VOYAGE.isbn);
  await expect(page.getByTestId('notice')).toHaveText(
    'The master cannot be reached: the count is unverified and will be checked later.',
  );
  await scan(page, TIDE.isbn);
  await expect(page.getByTestId('sale-total')).toHaveText('$34.98');
  await payCash(page, '40', `${prefix}-away-1-receipt`);
  const done = page.getByRole('dialog', { name: 'Sale complete' });
  await expect(done.getByTestId('receipt-text')).toContainText(VOYAGE.title);
  await page.keyboard.press('Enter'); // Next customer
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(page.getByTestId('status-outbox')).not.toHaveText('0 events');
  const waiting = (await page.getByTestId('status-outbox').textContent()) ?? '';
  // The status bar's watch asks the master every 30 s.
  await expect(page.getByTestId('status-master')).toHaveText('Unreachable', { timeout: 35_000 });

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/^Sync stopped: /)).toBeVisible();
  await expect(page.getByTestId('status-outbox')).toHaveText(waiting);
  await screenshot(page, `${prefix}-away-2-unreachable`);

  await master.start();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByText(/^Sync finished: [1-9]\d* sent/)).toBeVisible();
  await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
  await expect(page.getByTestId('status-master')).toHaveText('Reachable', { timeout: 35_000 });
  await screenshot(page, `${prefix}-away-3-back`);
}

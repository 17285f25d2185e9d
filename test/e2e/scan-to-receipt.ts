// The counter's everyday flow, shared by the browser-shell and Electron tests: scanner-speed
// scans into a cart, cash with change, the receipt, then the next customer.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { demoCatalog } from '../../app/catalog/demo-catalog.js';

const catalog = demoCatalog();
const title = (index: number) => {
  const found = catalog[index];
  if (!found) throw new Error(`no demo title ${index}`);
  return found;
};
/** 2 at Uptown (the demo register's store), 4 at Riverside, $20.99 */
export const TIDE = title(1);
/** 2 at Uptown, 2 at Riverside, $10.99 */
export const ORCHARD = title(2);
/** None at Uptown, 5 at Riverside, $13.99 */
export const VOYAGE = title(0);

export const SCREENSHOTS = join('test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** As a USB scanner does it: the digits as fast as the keyboard channel takes them, then Enter. */
export async function scan(page: Page, isbn: string): Promise<void> {
  await page.keyboard.type(isbn);
  await page.keyboard.press('Enter');
}

/** The dispute dialog proposing 0 → 1 for a copy the shelf count said was not here: Enter confirms. */
export async function confirmDispute(page: Page, shot: string): Promise<void> {
  const dispute = page.getByRole('alertdialog', { name: 'Shelf count disputed' });
  await expect(dispute.getByTestId('dispute-proposal')).toHaveText(
    'Shelf count corrected from 0 to 1: confirm',
  );
  await expect(dispute.getByRole('button', { name: 'Confirm' })).toBeFocused();
  await screenshot(page, shot);
  await page.keyboard.press('Enter');
  await expect(dispute).toBeHidden();
  await expect(page.getByTestId('notice')).toHaveText('Shelf count corrected to 1.');
}

export async function scanToReceipt(page: Page, prefix: string): Promise<void> {
  const scanField = page.getByLabel('Scan or type an ISBN');
  await expect(scanField).toBeFocused();
  await expect(page.getByTestId('status-store')).toHaveText('Uptown');
  await screenshot(page, `${prefix}-1-ready`);

  await scan(page, TIDE.isbn);
  await expect(page.getByText(`Scanned ${TIDE.isbn}`)).toBeVisible();
  await scan(page, ORCHARD.isbn);
  await scan(page, TIDE.isbn);
  await scan(page, VOYAGE.isbn);
  await expect(page.getByTestId('availability')).toHaveText(
    'Not on our shelf? Available at Riverside (5).',
  );
  // None on our shelf, yet a copy is at the counter: read repair asks the master, which agrees
  // there are none here, so the cashier confirms the correction (Enter) and the sale goes on.
  await confirmDispute(page, `${prefix}-2a-dispute`);
  await expect(page.getByTestId('sale-total')).toHaveText('$66.96');
  await expect(page.locator(`tr[data-isbn="${TIDE.isbn}"] .qty-value`)).toHaveText('2');
  await expect(page.locator(`tr[data-isbn="${TIDE.isbn}"] .line-total`)).toHaveText('$41.98');
  // After the correction: the copy at the counter is on the shelf's count until it is sold.
  await expect(page.getByTestId('on-hand')).toHaveText('1 on our shelf');
  await expect(page.getByTestId('availability')).toHaveText('Also at Riverside (5).');
  await expect(scanField).toBeFocused();
  await screenshot(page, `${prefix}-2-cart`);

  await page.keyboard.press('F8');
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash).toBeVisible();
  await expect(cash.getByLabel('Cash received')).toBeFocused();
  await page.keyboard.type('100');
  await expect(cash.getByTestId('change-due')).toHaveText('$33.04');
  await screenshot(page, `${prefix}-3-cash`);
  await page.keyboard.press('Enter');

  const done = page.getByRole('dialog', { name: 'Sale complete' });
  await expect(done).toBeVisible();
  const receipt = done.getByTestId('receipt-text');
  await expect(receipt).toContainText('Uptown');
  await expect(receipt).toContainText(TIDE.title);
  await expect(receipt).toContainText('2 x $20.99');
  await expect(receipt).toContainText(/TOTAL\s+\$66\.96/);
  await expect(receipt).toContainText(/Change\s+\$33\.04/);
  await expect(done.getByTestId('receipt-change')).toHaveText('$33.04');
  await screenshot(page, `${prefix}-4-receipt`);
}

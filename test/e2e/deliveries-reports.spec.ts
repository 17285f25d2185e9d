// Deliveries and sales by day in Debian's Chromium, against the browser shell and its embedded
// master: a delivery received by scanner-speed typing, the new count at the till, a sale, and
// today's bar in the manager's report; then a stocktake of one section and its discrepancy chart.
import { expect, test } from './browser-shell.js';
import { scan, screenshot, TIDE, VOYAGE } from './scan-to-receipt.js';

/** Today as the register counts days: the shell runs in this machine's time zone. */
const today = () => new Intl.DateTimeFormat('en-CA').format(new Date());

test('receive a delivery by scanning, sell a copy, see today in sales by day', async ({
  page,
  shell,
}) => {
  await page.goto(shell.url);
  await expect(page.getByTestId('status-master')).toHaveText('Reachable');

  // Deliveries (F6): three copies of Voyage (none on the shelf yet) and one of Tide.
  await page.keyboard.press('F6');
  const scanField = page.getByLabel('Scan or type an ISBN');
  await expect(scanField).toBeFocused();
  await scan(page, VOYAGE.isbn);
  await scan(page, TIDE.isbn);
  await scan(page, VOYAGE.isbn);
  await scan(page, VOYAGE.isbn);
  await expect(page.getByText(`Scanned ${VOYAGE.isbn}`)).toBeVisible();
  await expect(page.getByTestId('delivery-summary')).toHaveText('4 copies of 2 titles');
  const lines = page.getByRole('table', { name: 'Delivery lines' });
  await expect(lines.getByLabel(`Copies of ${VOYAGE.title}`)).toHaveValue('3');
  // An ISBN the catalog does not have changes nothing.
  await scan(page, '9780306406157');
  await expect(page.getByTestId('delivery-notice')).toContainText('Nothing was added');
  await expect(page.getByTestId('delivery-summary')).toHaveText('4 copies of 2 titles');
  await page.getByLabel('Supplier reference').fill('PO-2026-114');
  await screenshot(page, 'deliveries-1-scanned');

  await page.getByRole('button', { name: 'Receive delivery' }).click();
  await expect(page.getByTestId('delivery-received')).toHaveText(
    'Received 4 copies of 2 titles (PO-2026-114).',
  );
  const after = page.getByRole('table', { name: 'On hand after the delivery' });
  await expect(after.locator(`tr[data-isbn="${VOYAGE.isbn}"] .on-hand-now`)).toHaveText('3');
  await expect(after.locator(`tr[data-isbn="${TIDE.isbn}"] .on-hand-now`)).toHaveText('3');
  await screenshot(page, 'deliveries-2-received');

  // The till's lookup knows the new count; sell one copy for cash.
  await page.keyboard.press('F2');
  await expect(scanField).toBeFocused();
  await scan(page, VOYAGE.isbn);
  await expect(page.getByTestId('on-hand')).toHaveText('3 on our shelf');
  await expect(page.getByTestId('sale-total')).toHaveText('$13.99');
  await page.keyboard.press('F8');
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Cash received')).toBeFocused();
  await page.keyboard.type('20');
  await page.keyboard.press('Enter');
  const done = page.getByRole('dialog', { name: 'Sale complete' });
  await expect(done).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(done).toBeHidden();

  // Reports (F7): today's bar and row carry the sale.
  await page.keyboard.press('F7');
  const table = page.getByRole('table', { name: 'Sales by day' });
  const row = table.locator(`tr[data-date="${today()}"]`);
  await expect(row.locator('td').nth(0)).toHaveText('1');
  await expect(row.locator('td').nth(4)).toHaveText('$13.99');
  await expect(page.getByTestId('sales-summary')).toHaveText(
    'Last 14 days: 1 copy sold, 0 returned, net $13.99',
  );
  const chart = page.getByTestId('sales-chart');
  await expect(chart.locator('.recharts-bar-rectangle')).toHaveCount(1);
  // The chart is a keyboard stop (recharts' accessibility layer): arrows walk the days.
  await chart.locator('.recharts-surface').focus();
  await page.keyboard.press('ArrowRight');
  await screenshot(page, 'reports-1-sales-by-day');

  // A stocktake of Voyage's section only: its chart shows the section's missing copies.
  await page.keyboard.press('F3');
  await page.getByLabel('What to count').selectOption(VOYAGE.section);
  await page.getByRole('button', { name: `Start a stocktake (${VOYAGE.section})` }).click();
  await expect(page.getByTestId('stocktake-scope')).toHaveText(
    `Counting the ${VOYAGE.section} section only.`,
  );
  await expect(scanField).toBeFocused();
  await scan(page, VOYAGE.isbn);
  await expect(page.getByTestId('stocktake-last')).toHaveText(
    `${VOYAGE.title}: 1 counted, 2 expected`,
  );
  await page.getByRole('button', { name: 'Discrepancy report' }).click();
  const discrepancies = page.getByTestId('discrepancy-chart');
  await expect(discrepancies.locator('figcaption')).toContainText('Difference by section:');
  await expect(discrepancies.locator('.bar-missing .recharts-bar-rectangle')).toHaveCount(1);
  await screenshot(page, 'stocktake-section-chart');
});

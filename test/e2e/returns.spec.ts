// Returns and reprints in Debian's Chromium, against the browser shell: two copies sold at scanner
// speed, the Returns screen (F4), the receipt found by the number printed on it, one copy taken
// back with a cash refund and its refund receipt, then the original reprinted.
import { expect, test } from './browser-shell.js';
import { scan, screenshot, TIDE } from './scan-to-receipt.js';
import { signInDemoManager } from './sign-in-step.js';

test('return one of two copies against the receipt found by its number, then reprint it', async ({
  page,
  shell,
}) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  // The print dialog cannot be answered in a headless browser: count the calls instead.
  await page.addInitScript(() => {
    const page = globalThis as unknown as { printed: number; print: () => void };
    page.printed = 0;
    page.print = () => {
      page.printed += 1;
    };
  });
  const printed = () => page.evaluate(() => (globalThis as unknown as { printed: number }).printed);

  await page.goto(shell.url);
  await signInDemoManager(page);
  await expect(page.getByTestId('status-master')).toHaveText('Reachable');
  const scanField = page.getByLabel('Scan or type an ISBN');
  await expect(scanField).toBeFocused();
  await scan(page, TIDE.isbn);
  await scan(page, TIDE.isbn);
  await expect(page.getByTestId('sale-total')).toHaveText('$41.98');
  await page.keyboard.press('F8');
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Cash received')).toBeFocused();
  await page.keyboard.type('50');
  await page.keyboard.press('Enter');
  const sold = page.getByRole('dialog', { name: 'Sale complete' });
  const saleText = (await sold.getByTestId('receipt-text').textContent()) ?? '';
  // What the customer brings back: the number printed after "Receipt".
  const receiptNo = /^Receipt (\S+)$/m.exec(saleText)?.[1] ?? '';
  expect(receiptNo).toMatch(/^[0-9a-f]{8}-\d+$/);
  await page.keyboard.press('Enter'); // Next customer
  await expect(sold).toBeHidden();

  await page.keyboard.press('F4');
  const number = page.getByLabel('Receipt number');
  await expect(number).toBeFocused();
  const today = page.getByRole('list', { name: "Today's receipts" });
  await expect(today.getByRole('button')).toHaveCount(1);
  await expect(today.getByRole('button')).toContainText(receiptNo);
  await screenshot(page, 'returns-1-today');

  await page.keyboard.type(receiptNo);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('open-receipt')).toHaveText(`Receipt ${receiptNo}`);
  const line = page.locator(`tr[data-isbn="${TIDE.isbn}"]`);
  const qty = line.getByRole('textbox');
  await expect(qty).toBeFocused();
  await expect(line.getByTestId('returned')).toHaveText('0');
  // Three is more than was sold: refused on the spot, nothing sent.
  await page.keyboard.type('3');
  await expect(
    page.getByText(`Only 2 copies of “${TIDE.title}” can still come back.`),
  ).toBeVisible();
  await screenshot(page, 'returns-2-too-many');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('1');
  await expect(page.getByRole('button', { name: /Refund \$20\.99 \(1 copy\)/ })).toBeEnabled();
  await screenshot(page, 'returns-3-one-copy');
  await page.keyboard.press('Enter');

  const refund = page.getByRole('dialog', { name: 'Refund recorded' });
  await expect(refund.getByTestId('receipt-refund')).toHaveText('$20.99');
  await expect(refund.getByTestId('receipt-text')).toContainText('RETURN / REFUND');
  await expect(refund.getByTestId('receipt-text')).toContainText('Refunded in cash');
  await page.keyboard.press('p');
  await expect(refund.getByText('Sent to the printer.')).toBeVisible();
  expect(await printed()).toBe(1);
  await screenshot(page, 'returns-4-refund-receipt');
  await page.keyboard.press('Enter'); // Done
  await expect(refund).toBeHidden();
  await expect(line.getByTestId('returned')).toHaveText('1');
  await expect(qty).toBeFocused();

  // The original, reprinted: on paper exactly as it printed at the sale.
  await page.getByRole('button', { name: 'Reprint this receipt' }).click();
  await expect(page.getByText('Sent to the printer.')).toBeVisible();
  expect(await printed()).toBe(2);
  await expect(page.locator('.print-receipt')).toHaveText(saleText);
  await screenshot(page, 'returns-5-reprinted');

  // One copy back on the shelf: the till sees it.
  await page.keyboard.press('F2');
  await expect(scanField).toBeFocused();
  await scan(page, TIDE.isbn);
  await expect(page.getByTestId('on-hand')).toHaveText('1 on our shelf');
  expect(problems).toEqual([]);
});

// The browser shell in Debian's Chromium, over its real host and register on a fresh data folder
// (first run: the demo store, enrolled with the embedded master).
import { readFileSync } from 'node:fs';
import { expect, test } from './browser-shell.js';
import { disputeResolvedByReadRepair } from './register-flows.js';
import { ORCHARD, scan, scanToReceipt, screenshot, TIDE } from './scan-to-receipt.js';

test.describe('browser shell', () => {
  test('a scanner-speed scan to a sale, the receipt, its print, and the sale synced', async ({
    page,
    shell,
  }) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(String(error)));
    // The print dialog cannot be answered in a headless browser: count the calls instead.
    await page.addInitScript(() => {
      const page = globalThis as unknown as { printed: number; print: () => void };
      page.printed = 0;
      page.print = () => {
        page.printed += 1;
      };
    });

    await page.goto(shell.url);
    // The key moved into a cookie: the address bar no longer shows it.
    await expect(page).toHaveURL(`${shell.origin}/`);
    await expect(page.getByTestId('status-master')).toHaveText('Reachable');
    await scanToReceipt(page, 'browser');

    await page.keyboard.press('p');
    await expect(page.getByText('Sent to the printer.')).toBeVisible();
    expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(
      1,
    );

    // On paper: only the receipt, on an 80 mm page.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.print-receipt')).toBeVisible();
    await expect(page.getByRole('dialog')).toBeHidden();
    await screenshot(page, 'browser-5-print-preview');
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    expect(Number(mediaBox?.[1])).toBeCloseTo((80 / 25.4) * 72, 0);
    await page.emulateMedia({ media: 'screen' });

    await page.keyboard.press('Enter'); // Next customer
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(page.getByTestId('sale-total')).toHaveText('$0.00');
    await expect(page.getByLabel('Scan or type an ISBN')).toBeFocused();
    // Three titles sold and one shelf correction.
    await expect(page.getByTestId('status-outbox')).toHaveText('4 events');

    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByText(/Sync finished: 4 sent/)).toBeVisible();
    await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
    await screenshot(page, 'browser-6-synced');

    expect(problems, 'console errors or CSP violations').toEqual([]);
    expect(shell.output()).toContain('Enrolled with an embedded master');
  });

  test('a person typing a wrong ISBN is told why, fixes it, and the book goes in', async ({
    page,
    shell,
  }) => {
    await page.goto(shell.url);
    const field = page.getByLabel('Scan or type an ISBN');
    await expect(field).toBeFocused();
    const wrong = `${TIDE.isbn.slice(0, 12)}${(Number(TIDE.isbn[12]) + 1) % 10}`;
    await page.keyboard.type(wrong, { delay: 150 });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText(
      `its check digit should be ${TIDE.isbn[12]}`,
    );
    await expect(field).toHaveValue(wrong);
    await screenshot(page, 'browser-typo');
    await page.keyboard.type(TIDE.isbn, { delay: 120 }); // the typo is selected: typing replaces it
    await page.keyboard.press('Enter');
    await expect(page.getByText(`Typed ${TIDE.isbn}`)).toBeVisible();
    await expect(page.getByTestId('sale-total')).toHaveText('$20.99');
    await page.keyboard.press('+');
    await expect(page.getByTestId('sale-total')).toHaveText('$41.98');
    await scan(page, ORCHARD.isbn);
    await page.keyboard.press('-'); // the last line is Orchard's, at 1 already
    await expect(page.getByTestId('sale-total')).toHaveText('$52.97');
  });

  test('a dispute resolved by read repair: none on our shelf, one at the counter, confirmed, sold', async ({
    page,
    shell,
  }) => {
    await page.goto(shell.url);
    await disputeResolvedByReadRepair(page, 'browser');
  });

  test('another page open in the same browser cannot sell through the register', async ({
    page,
    shell,
    context,
  }) => {
    await page.goto(shell.url); // the register's own page: the cookie is set in this browser
    await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
    const evil = await context.newPage();
    await evil.route('http://evil.example/', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<html><body>evil</body></html>' }),
    );
    await evil.goto('http://evil.example/');
    const attempts = await evil.evaluate(async (origin) => {
      const sale = JSON.stringify({
        cashier: 'evil',
        lines: [{ isbn: '9780558373306', qty: 1 }],
        payment: { method: 'card' },
      });
      const tries = [
        fetch(`${origin}/api/sell`, { method: 'POST', mode: 'no-cors', body: sale }),
        fetch(`${origin}/api/sell`, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body: sale,
        }),
        fetch(`${origin}/api/sell`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-bookcase-key': 'guess' },
          body: sale,
        }),
      ];
      const settled = await Promise.allSettled(tries);
      return settled.map((result) => result.status);
    }, shell.origin);
    expect(attempts).toHaveLength(3);
    await page.reload();
    await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
    const ledger = readFileSync(`${shell.dataDir}/ledger.db`);
    expect(ledger.includes(Buffer.from('"actor":"evil"'))).toBe(false);
  });
});

// The manager's Sync and Settings screens in Debian's Chromium, against the browser shell and a
// real master on loopback: a nightly batch large enough to watch its progress bar, and the master
// going away mid-shift (eventual sales go on, a strong sale waits, the batch catches up).
import { expect, test } from './browser-shell.js';
import { demoCatalog } from '../../app/catalog/demo-catalog.js';
import { ORCHARD, scan, screenshot, TIDE } from './scan-to-receipt.js';
import { signInDemoManager } from './sign-in-step.js';
import type { Page } from '@playwright/test';

const DELIVERY_EVENTS = 12_000;

/** A register API call made from the page, with the key its host put in the page. */
async function callFromPage(page: Page, method: string, body: unknown) {
  return page.evaluate(
    async ({ method, body }) => {
      const page = globalThis as unknown as {
        document: { querySelector(selector: string): { content: string } | null };
      };
      const key = page.document.querySelector('meta[name="bookcase-key"]')?.content;
      const response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bookcase-key': key ?? '' },
        body: JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    },
    { method, body },
  );
}

const lastSyncAt = (page: Page) =>
  page.locator('.status-item', { hasText: 'Last sync' }).locator('dd').getAttribute('title');

async function payCash(page: Page, amount: string): Promise<void> {
  await page.keyboard.press('F8');
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Cash received')).toBeFocused();
  await page.keyboard.type(amount);
  await page.keyboard.press('Enter');
}

test('the nightly batch run from the Sync screen, with its progress bar, lands in the history', async ({
  page,
  shell,
}) => {
  await page.goto(shell.url);
  await signInDemoManager(page);
  await expect(page.getByTestId('status-master')).toHaveText('Reachable');

  const titles = demoCatalog();
  const lines = Array.from({ length: DELIVERY_EVENTS }, (_, index) => ({
    isbn: titles[index % titles.length]!.isbn,
    qty: 1,
  }));
  const delivered = await callFromPage(page, 'receiveDelivery', {
    reference: 'e2e pallet',
    lines,
  });
  expect(delivered.status, delivered.text).toBe(200);
  const events = (JSON.parse(delivered.text) as { value: { events: number } }).value.events;
  expect(events).toBe(DELIVERY_EVENTS);
  await expect(page.getByTestId('status-outbox')).toHaveText('12000 events');

  await page.keyboard.press('F5');
  await expect(page.getByRole('heading', { name: 'Sync', level: 1 })).toBeVisible();
  await expect(page.getByText('Sends the 12,000 events waiting at this register')).toBeVisible();
  const registers = page.getByRole('grid', { name: 'Registers of this store' });
  await expect(registers).toContainText('Counter 1 this register');
  await screenshot(page, 'sync-1-before-batch');

  await page.getByRole('button', { name: 'Run the nightly batch now' }).click();
  const bar = page.getByRole('progressbar', { name: 'Batch progress' });
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('batch-progress-words')).toHaveText(
    /^(Sending [\d,]+ of 12,000 events|Receiving [\d,]+ of [\d,]+ events|Starting…)$/,
  );
  await screenshot(page, 'sync-2-batch-progress');

  await expect(page.getByTestId('batch-outcome')).toContainText(
    'The batch finished: 12,000 events sent to the master',
    { timeout: 60_000 },
  );
  await expect(bar).toBeHidden();
  const history = page.getByRole('grid', { name: 'Sync history' });
  const newest = history.getByRole('row').nth(1);
  await expect(newest.getByRole('rowheader')).toHaveText('Nightly batch');
  await expect(newest.getByRole('gridcell').nth(1)).toHaveText('12000');
  await expect(newest.getByRole('gridcell').nth(3)).toHaveText('Done');
  await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
  await expect(registers.getByRole('row', { name: /Counter 1/ })).toContainText('Up to date');
  await screenshot(page, 'sync-3-batch-done');

  await page.keyboard.press('F10');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('settings-current')).toContainText('Master URL');
  await expect(page.getByTestId('settings-current')).toContainText('Sync modeEventual');
  await screenshot(page, 'settings-1');
});

test.describe('the master going away mid-shift', () => {
  test.use({ masterProcess: true });

  test('eventual sales go on, a strong sale waits, and the batch catches up when it is back', async ({
    page,
    shell,
  }) => {
    const master = shell.master;
    if (!master) throw new Error('the fixture started no master process');
    await page.goto(shell.url);
    await signInDemoManager(page);
    await expect(page.getByTestId('status-master')).toHaveText('Reachable');
    await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
    const syncedAt = await lastSyncAt(page);
    expect(syncedAt).toBeTruthy();

    await master.stop();

    // Eventual mode: the sale is final at once, its receipt prints, its event waits.
    const scanField = page.getByLabel('Scan or type an ISBN');
    await expect(scanField).toBeFocused();
    await scan(page, TIDE.isbn);
    await expect(page.getByTestId('sale-total')).toHaveText('$20.99');
    await payCash(page, '25');
    const done = page.getByRole('dialog', { name: 'Sale complete' });
    await expect(done.getByTestId('receipt-text')).toContainText(TIDE.title);
    await screenshot(page, 'away-1-eventual-receipt');
    await page.keyboard.press('Enter');
    await expect(done).toBeHidden();
    await expect(page.getByTestId('status-outbox')).toHaveText('1 event');

    // The batch cannot reach the master: it says so, and the history and status bar show it.
    await page.keyboard.press('F5');
    await page.getByRole('button', { name: 'Run the nightly batch now' }).click();
    await expect(page.getByTestId('batch-outcome')).toContainText('The batch stopped:', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('batch-outcome')).toContainText('cannot be reached');
    await expect(page.getByTestId('status-master')).toHaveText('Unreachable');
    await expect(page.getByTestId('status-outbox')).toHaveText('1 event');
    await expect(page.getByTestId('registers-unknown')).toContainText('cannot be reached');
    const history = page.getByRole('grid', { name: 'Sync history' });
    await expect(history.getByRole('row').nth(1).getByRole('gridcell').nth(3)).toHaveText('Failed');
    await screenshot(page, 'away-2-sync-screen-master-away');

    // Strong mode: the next sale waits for the master and the cashier is given the choices.
    await page.keyboard.press('F10');
    // The radio's label is what a manager taps.
    await page.locator('label.mode-choice', { hasText: /^Strong/ }).click();
    await expect(page.getByRole('radio', { name: /Strong/ })).toBeChecked();
    await page.getByRole('button', { name: 'Use strong mode' }).click();
    await expect(page.getByTestId('mode-notice')).toHaveText(
      'This register now syncs in strong mode.',
    );
    await expect(page.getByTestId('status-mode')).toHaveText('Strong');
    await screenshot(page, 'away-3-settings-strong');

    await page.keyboard.press('F2');
    await expect(scanField).toBeFocused();
    await scan(page, ORCHARD.isbn);
    await expect(page.getByTestId('sale-total')).toHaveText('$10.99');
    await payCash(page, '20');
    const waiting = page.getByRole('alertdialog', {
      name: 'The master register cannot be reached',
    });
    await expect(waiting).toBeVisible({ timeout: 20_000 });
    await expect(waiting.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expect(waiting.getByRole('button', { name: 'Cancel the sale' })).toBeVisible();
    await screenshot(page, 'away-4-strong-sale-waiting');

    // The master is back: the waiting sale goes through and prints.
    await master.start();
    await waiting.getByRole('button', { name: 'Try again' }).click();
    await expect(done.getByTestId('receipt-text')).toContainText(ORCHARD.title, {
      timeout: 20_000,
    });
    await page.keyboard.press('Enter');
    await expect(done).toBeHidden();

    // The batch sends what waited; nothing is left and the last sync moves.
    await page.keyboard.press('F5');
    await page.getByRole('button', { name: 'Run the nightly batch now' }).click();
    await expect(page.getByTestId('batch-outcome')).toContainText('The batch finished:', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('status-outbox')).toHaveText('0 events');
    await expect(page.getByTestId('status-master')).toHaveText('Reachable');
    await expect.poll(() => lastSyncAt(page)).not.toBe(syncedAt);
    await expect(history.getByRole('row').nth(1).getByRole('gridcell').nth(3)).toHaveText('Done');
    const registers = page.getByRole('grid', { name: 'Registers of this store' });
    await expect(registers.getByRole('row', { name: /Counter 1/ })).toContainText('Up to date');
    await screenshot(page, 'away-5-caught-up');
  });
});

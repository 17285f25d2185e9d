// Staff at the register in Debian's Chromium against the browser shell: the cashier signs in with
// her PIN and sells (the receipt names her), switching the sync mode needs a manager's PIN (a
// wrong one is refused, the right one lets it through once), a register left alone locks, and the
// manager's journal shows who made the sale.
import type { Page } from '@playwright/test';
import { expect, test } from './browser-shell.js';
import { scan, screenshot, TIDE } from './scan-to-receipt.js';

test.use({ signInAs: null });

async function typePin(page: Page, pin: string): Promise<void> {
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
}

test('a cashier signs in and sells; a manager’s PIN switches the mode; idle locks; the journal names her', async ({
  page,
  shell,
}) => {
  // The page's clock is the test's, so five idle minutes pass in a moment.
  await page.clock.install();
  await page.goto(shell.url);

  // Nobody signed in: only the sign-in screen, the PIN field ready for the keyboard.
  const pin = page.getByLabel('Your PIN');
  await expect(pin).toBeFocused();
  await expect(page.getByLabel('Scan or type an ISBN')).toHaveCount(0);
  await expect(pin).toHaveAttribute('type', 'password');
  await screenshot(page, 'staff-1-sign-in');
  await typePin(page, '0000');
  await expect(page.getByTestId('signed-in')).toHaveText('Casey');
  await expect(page.getByLabel('Scan or type an ISBN')).toBeFocused();

  await scan(page, TIDE.isbn);
  await expect(page.getByTestId('sale-total')).toHaveText('$20.99');
  await page.keyboard.press('F8');
  const cash = page.getByRole('dialog', { name: 'Cash payment' });
  await expect(cash.getByLabel('Cash received')).toBeFocused();
  await page.keyboard.type('25');
  await page.keyboard.press('Enter');
  const done = page.getByRole('dialog', { name: 'Sale complete' });
  await expect(done.getByTestId('receipt-text')).toContainText('Served by Casey');
  await screenshot(page, 'staff-2-sold-by-casey');
  await page.keyboard.press('Enter');
  await expect(done).toBeHidden();

  // Settings (F10): switching the mode is a manager's decision.
  await page.keyboard.press('F10');
  await page.locator('label.mode-choice', { hasText: /^Strong/ }).click();
  await expect(page.getByRole('radio', { name: /Strong/ })).toBeChecked();
  await page.getByRole('button', { name: 'Use strong mode' }).click();
  const approval = page.getByRole('dialog', { name: 'Manager’s PIN needed' });
  await expect(approval).toContainText('needs a manager');
  await expect(approval.getByLabel('Manager’s PIN')).toBeFocused();
  await typePin(page, '0000'); // Casey's own PIN: not a manager's
  await expect(approval.getByRole('alert')).toContainText('needs a manager');
  await typePin(page, '9999');
  await expect(approval.getByRole('alert')).toHaveText('That PIN is not right. Try again.');
  await screenshot(page, 'staff-3-manager-pin-refused');
  await typePin(page, '1234');
  await expect(approval).toBeHidden();
  await expect(page.getByText('This register now syncs in strong mode.')).toBeVisible();
  await screenshot(page, 'staff-4-mode-switched-with-approval');

  // Five minutes without a key or a click: the register locks, the screen stays underneath.
  await page.clock.fastForward('05:01');
  const locked = page.getByRole('alertdialog', { name: 'Register locked' });
  await expect(locked).toBeVisible();
  await expect(locked).toContainText('Casey, or anyone else on staff');
  await screenshot(page, 'staff-5-locked');
  await typePin(page, '0000');
  await expect(locked).toBeHidden();
  await expect(page.getByTestId('signed-in')).toHaveText('Casey');

  // The journal (F11) is a manager's: Morgan's PIN opens it at Casey's register.
  await page.keyboard.press('F11');
  await expect(approval).toBeVisible();
  await typePin(page, '1234');
  await expect(approval).toBeHidden();
  const sale = page.getByTestId('journal-row').filter({ hasText: 'Sale' }).first();
  await expect(sale).toContainText('Casey');
  await expect(sale).toContainText(/Receipt [0-9a-f]{8}-1/);
  await screenshot(page, 'staff-6-journal');

  // Sign out (F12): back to the sign-in screen; the manager signs in and sees the staff (F1).
  await page.keyboard.press('F2');
  await page.keyboard.press('F12');
  await expect(page.getByLabel('Your PIN')).toBeFocused();
  await typePin(page, '1234');
  await expect(page.getByTestId('signed-in')).toHaveText('Morgan');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('staff-row')).toHaveText([/Casey\s*Cashier/, /Morgan\s*Manager/]);
  await screenshot(page, 'staff-7-staff-list');
});

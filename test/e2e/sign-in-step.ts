// THE HOOK for staff sign-in in end-to-end tests. Every flow starts after the page is open and
// before the first scan; when the register asks staff to sign in with a PIN, this signs in the
// demo manager (Morgan, PIN 1234: app/staff/demo-staff.ts), so the manager's screens, the
// stocktake and the batch, are allowed too. The browser shell's fixture signs in on the
// register's side before the page opens; the Electron register's fixture calls this after its
// first window opens.
import { expect, type Page } from '@playwright/test';

export const DEMO_MANAGER_PIN = '1234';

export async function signInDemoManager(page: Page): Promise<void> {
  const pin = page.getByLabel('Your PIN');
  const till = page.getByLabel('Scan or type an ISBN');
  await expect(pin.or(till)).toBeVisible({ timeout: 30_000 });
  if (await till.isVisible()) return;
  await pin.fill(DEMO_MANAGER_PIN);
  await pin.press('Enter');
  await expect(till).toBeVisible();
}

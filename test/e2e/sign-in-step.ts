// THE HOOK for staff sign-in in end-to-end tests. Every flow starts after the page is open and
// before the first scan; when the register asks staff to sign in with a PIN, this signs in the
// demo manager (so the manager's screens, the stocktake and the batch, are allowed too). Both
// shells' fixtures call it: the browser shell's after `page.goto`, the Electron register's after
// its first window opens. Until sign-in exists, the register opens straight on the till and there
// is nothing to do.
import type { Page } from '@playwright/test';

export function signInDemoManager(page: Page): Promise<void> {
  void page;
  return Promise.resolve();
}

// A register updated to this version over a ledger an earlier one wrote, in Debian's Chromium
// against the browser shell: the page opens while the ledger is upgraded, shows the upgrade's
// progress bar moving, and then the sign-in screen of the same store's staff.
import { expect, test } from './browser-shell.js';
import { screenshot } from './scan-to-receipt.js';

// About five seconds of upgrade here: long enough to open the page and watch it.
test.use({ signInAs: null, oldLedgerEvents: 600_000 });

test('the page shows the ledger upgrade’s progress, then the sign-in screen', async ({
  page,
  shell,
}) => {
  await page.goto(shell.url);
  const bar = page.getByRole('progressbar', {
    name: 'Upgrading the ledger: reorganising the event log',
  });
  await expect(bar).toBeVisible();
  const first = Number(await bar.getAttribute('aria-valuenow'));
  await screenshot(page, 'startup-1-upgrading');
  // It moves: a later answer shows more done.
  await expect
    .poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? 100), { timeout: 20_000 })
    .toBeGreaterThan(first);
  await expect(page.getByLabel('Your PIN')).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveCount(0);
  expect(shell.output()).toMatch(/reorganising the event log: 100% \(600,002 of 600,002\)/);
  expect(shell.output()).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?key=/);
});

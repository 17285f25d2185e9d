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
  // Copying the events, then building the indexes: the bar is named for what it is doing.
  const bar = page.getByRole('progressbar', { name: /^Upgrading the ledger: / });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAccessibleName(
    /^Upgrading the ledger: (reorganising|indexing) the event log$/,
  );
  const words = page.getByTestId('startup-progress-words');
  const first = await words.textContent();
  await screenshot(page, 'startup-1-upgrading');
  // It moves: a later answer shows more done (or a later stage).
  await expect
    .poll(async () => ((await words.count()) > 0 ? await words.textContent() : 'finished'), {
      timeout: 20_000,
    })
    .not.toBe(first);
  await expect(page.getByLabel('Your PIN')).toBeVisible({ timeout: 30_000 });
  await expect(bar).toHaveCount(0);
  expect(shell.output()).toMatch(/reorganising the event log: 100% \(600,002 of 600,002\)/);
  expect(shell.output()).toMatch(/Open: http:\/\/127\.0\.0\.1:\d+\/\?key=/);
});

// How long a register's first start after an update spends upgrading its ledger, and how long the
// page goes without an answer meanwhile. Not a goal of `npm run bench`: run it on its own,
//   npx tsx bench/ledger-upgrade.ts [events]   (default 1,000,000)
// It writes a ledger as the version before migration 10 left it, with that many events (bodies
// of about 340 bytes, as real events), then upgrades it as a shell does at start-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upgradeLedgerFile } from '../app/ledger/ledger-upgrade.js';
import { writeOldLedger } from '../test/helpers/old-ledger.js';

const events = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'bookcase-upgrade-bench-'));
try {
  const file = join(dir, 'ledger.db');
  writeOldLedger(file, events);
  const started = performance.now();
  let last = started;
  let first = 0;
  let longest = 0;
  let reports = 0;
  await upgradeLedgerFile({
    path: file,
    onProgress: () => {
      const now = performance.now();
      if (reports === 0) first = now - started;
      else longest = Math.max(longest, now - last);
      last = now;
      reports += 1;
    },
  });
  const ended = performance.now();
  const ms = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;
  console.log(
    `upgrade of ${events.toLocaleString('en')} events: ${ms(ended - started)} in all; before the first progress report (the open and its integrity check): ${ms(first)}; ${reports} reports, at most ${ms(longest)} apart; after the last (the commit): ${ms(ended - last)}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Child process for test/ledger/ledger-upgrade.test.ts: upgrades a ledger file and prints each
// progress report, so the test can kill it half-way.
// Usage: node --import tsx test/helpers/upgrade-child.ts <ledger file>
import { upgradeLedgerFile } from '../../app/ledger/ledger-upgrade.js';

const [file] = process.argv.slice(2);
if (!file) throw new Error('usage: upgrade-child.ts <ledger file>');
const upgraded = await upgradeLedgerFile({
  path: file,
  onProgress: ({ done, total }) => process.stdout.write(`progress ${done} ${total}\n`),
});
process.stdout.write(`done ${JSON.stringify(upgraded)}\n`);

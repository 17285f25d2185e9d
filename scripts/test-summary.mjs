// Prints one plain closing line for the whole test run ("N passed, N failed, N skipped"), summed
// over the JSON reports the runners wrote, so CI reads one verdict whatever ran.
import { existsSync, readFileSync } from 'node:fs';

const reports = [
  { file: 'test-results/vitest.json', runner: 'vitest' },
  { file: 'test-results/bench.json', runner: 'vitest' },
  { file: 'test-results/playwright.json', runner: 'playwright' },
];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const { file, runner } of reports) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (runner === 'vitest') {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests || report.numFailedTestSuites || 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    passed += report.stats?.expected ?? 0;
    // A crash in config or global setup runs no test but leaves errors: each counts as a failure.
    failed +=
      (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0) + (report.errors?.length ?? 0);
    skipped += report.stats?.skipped ?? 0;
  }
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);

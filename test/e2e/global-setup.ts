// Before any end-to-end test: the built page must exist (the shells serve dist/renderer), and the
// run says up front whether the Electron tests will run or skip, and why.
import { existsSync } from 'node:fs';
import { findElectronBinary } from '../../app/shell/electron-binary.js';

export default function globalSetup(): void {
  if (!existsSync('dist/renderer/index.html') || !existsSync('dist/main/index.cjs')) {
    throw new Error('The register is not built: run "npm run build" (npm run test:e2e does).');
  }
  const electron = findElectronBinary();
  console.log(
    electron.found
      ? `Electron tests run with ${electron.path}.`
      : `Electron tests will be skipped: ${electron.reason}. The browser-shell tests drive the same page and API.`,
  );
}

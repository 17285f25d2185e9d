// Before any end-to-end test: say up front whether the Electron tests will run or skip, and why.
// A missing build is not checked here: an error thrown in global setup is not counted as a failed
// test in the JSON report, while each test that cannot start its shell fails on its own.
import { findElectronBinary } from '../../app/shell/electron-binary.js';

export default function globalSetup(): void {
  const electron = findElectronBinary();
  console.log(
    electron.found
      ? `Electron tests run with ${electron.path}.`
      : `Electron tests will be skipped: ${electron.reason}. The browser-shell tests drive the same page and API.`,
  );
}

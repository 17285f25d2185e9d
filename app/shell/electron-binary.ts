// Whether this machine can run the Electron register. The electron npm package resolves to the
// path of its binary, but throws when the binary was never downloaded (as with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1), and the path may point at a file that is gone.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(
  load: () => unknown = () => createRequire(import.meta.url)('electron'),
  exists: (path: string) => boolean = existsSync,
): ElectronBinary {
  let resolved: unknown;
  try {
    resolved = load();
  } catch {
    // The package's own message ("failed to install correctly, please delete node_modules…")
    // sends people down the wrong path when the download was skipped on purpose.
    return {
      found: false,
      reason:
        "Electron's binary is not installed on this machine (npm install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or could not download it)",
    };
  }
  if (typeof resolved !== 'string') {
    return { found: false, reason: 'the electron package did not name a binary' };
  }
  if (!exists(resolved)) {
    return { found: false, reason: `Electron's binary is missing at ${resolved}` };
  }
  return { found: true, path: resolved };
}

// better-sqlite3 is a native module built for one ABI. Tests and the browser shell run on Node,
// whose build npm installs; Electron needs a build for Electron's ABI. That build lives in its
// own folder and is handed to better-sqlite3 through its `nativeBinding` option, so neither
// overwrites the other (docs/architecture.md, "Electron shell", says how to make it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const NATIVE_BINDING_ENV = 'BOOKCASE_SQLITE_BINDING';
export const BINDING_FILE = 'better_sqlite3.node';

export interface BindingLocation {
  env: NodeJS.ProcessEnv;
  isPackaged: boolean;
  /** process.resourcesPath in a packaged app (electron-builder copies the build there). */
  resourcesPath: string;
  /** The repository root when running from source. */
  appRoot: string;
  exists?: (path: string) => boolean;
}

/** The Electron build of better-sqlite3 to load, or undefined to let it find its own. */
export function resolveNativeBinding(location: BindingLocation): string | undefined {
  const exists = location.exists ?? existsSync;
  const fromEnv = location.env[NATIVE_BINDING_ENV];
  if (fromEnv) {
    if (!exists(fromEnv)) {
      throw new Error(`${NATIVE_BINDING_ENV} names ${fromEnv}, which does not exist.`);
    }
    return fromEnv;
  }
  const candidate = location.isPackaged
    ? join(location.resourcesPath, 'native', BINDING_FILE)
    : join(location.appRoot, 'native', 'electron', BINDING_FILE);
  return exists(candidate) ? candidate : undefined;
}

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Set to a folder to keep the register's data there (tests, IT scripts, several registers on one machine). */
export const DATA_DIR_ENV = 'BOOKCASE_DATA_DIR';
export const DATA_DIR_NAME = 'Bookcase';

/** Where the register looks; injectable so each OS's branch is tested on any host. */
export interface DataDirHost {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  exists: (path: string) => boolean;
}

/**
 * Where a register keeps its ledger, its logs and its receipts: BOOKCASE_DATA_DIR when set,
 * otherwise the OS's per-user application data folder:
 * Windows `%APPDATA%\Bookcase`, macOS `~/Library/Application Support/Bookcase`, Linux and the
 * other Unixes `$XDG_DATA_HOME/Bookcase` (default `~/.local/share/Bookcase`).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  host: Partial<Pick<DataDirHost, 'home' | 'exists'>> = {},
): string {
  const override = env[DATA_DIR_ENV];
  if (override) return override;
  const home = host.home ?? homedir();
  switch (platform) {
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), DATA_DIR_NAME);
    case 'darwin':
      return join(home, 'Library', 'Application Support', DATA_DIR_NAME);
    default:
      return unixDataDir(env, home, host.exists ?? existsSync);
  }
}

function unixDataDir(env: NodeJS.ProcessEnv, home: string, exists: (path: string) => boolean) {
  const dataDir = join(env.XDG_DATA_HOME || join(home, '.local', 'share'), DATA_DIR_NAME);
  // Earlier versions kept the ledger under ~/.config. A register that already has one there keeps
  // using it: starting afresh elsewhere would look, at the counter, like every sale was lost.
  const earlier = join(env.XDG_CONFIG_HOME || join(home, '.config'), DATA_DIR_NAME);
  if (!exists(dataDir) && exists(join(earlier, 'ledger.db'))) return earlier;
  return dataDir;
}

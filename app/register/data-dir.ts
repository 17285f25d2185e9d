import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a register keeps its ledger: the OS's per-user application data folder, or
 * BOOKCASE_DATA_DIR when set (tests, IT scripts, several registers on one machine).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.BOOKCASE_DATA_DIR) return env.BOOKCASE_DATA_DIR;
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Bookcase');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', 'Bookcase');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Bookcase');
  }
}

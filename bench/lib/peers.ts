// The peers (PouchDB, express-pouchdb) live in bench/peers with their own package.json, apart from
// the product's dependencies; the first run installs them there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PEERS_DIR = fileURLToPath(new URL('../peers/', import.meta.url));

export function ensurePeers(log: (message: string) => void): void {
  const installed = ['pouchdb-node', 'express-pouchdb', 'express'].every((name) =>
    existsSync(join(PEERS_DIR, 'node_modules', name, 'package.json')),
  );
  if (installed) return;
  log('installing the peers into bench/peers (first run only)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel', 'error'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0) {
    throw new Error(`npm install --prefix bench/peers failed (exit ${String(result.status)})`);
  }
}

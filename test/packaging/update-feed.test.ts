// The master's update feed (serve --updates DIR) over real HTTP: what electron-updater fetches is
// served as-is, and nothing outside a channel folder ever is.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../app/master/cli-program.js';
import { startMaster, type TestMaster } from '../master/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');

const LATEST =
  'version: 0.2.0\nfiles:\n  - url: Bookcase-uptown-0.2.0-x64.exe\npath: Bookcase-uptown-0.2.0-x64.exe\n';
const INSTALLER = Buffer.from([0x4d, 0x5a, 0, 1, 2, 3, 0xff, 0xfe]);

function feedDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'bookcase-feed-'));
  mkdirSync(join(root, 'updates', 'uptown'), { recursive: true });
  writeFileSync(join(root, 'updates', 'uptown', 'latest.yml'), LATEST);
  writeFileSync(join(root, 'updates', 'uptown', 'Bookcase-uptown-0.2.0-x64.exe'), INSTALLER);
  writeFileSync(join(root, 'updates', 'uptown', '.env'), 'hidden');
  writeFileSync(join(root, 'updates', 'uptown', 'notes.txt'), 'not an update file');
  mkdirSync(join(root, 'updates', 'uptown', 'nested.yml'));
  // Outside the feed: must never be reachable through it.
  writeFileSync(join(root, 'master.db'), 'the chain');
  writeFileSync(join(root, 'updates', 'secret.yml'), 'outside any channel');
  symlinkSync(join(root, 'master.db'), join(root, 'updates', 'uptown', 'escape.yml'));
  return root;
}

async function get(url: string, method: 'GET' | 'HEAD' = 'GET') {
  const response = await request(url, { method });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

describe('the update feed', () => {
  let root: string;
  let master: TestMaster;

  beforeAll(async () => {
    root = feedDir();
    master = await startMaster({ updatesDir: join(root, 'updates') });
  });
  afterAll(async () => {
    await master.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves a channel’s latest.yml without a token, never cached stale', async () => {
    const reply = await get(`${master.url}/updates/uptown/latest.yml`);
    expect(reply.status).toBe(200);
    expect(reply.body.toString()).toBe(LATEST);
    expect(reply.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-cache');
  });

  it('serves the installer it names, byte for byte, and answers HEAD with its length', async () => {
    const reply = await get(`${master.url}/updates/uptown/Bookcase-uptown-0.2.0-x64.exe`);
    expect(reply.status).toBe(200);
    expect(reply.body.equals(INSTALLER)).toBe(true);
    const head = await get(`${master.url}/updates/uptown/Bookcase-uptown-0.2.0-x64.exe`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(INSTALLER.length));
    expect(head.body.length).toBe(0);
  });

  it.each([
    ['an unknown channel', '/updates/riverside/latest.yml'],
    ['an unknown file', '/updates/uptown/latest-mac.yml'],
    ['a dot file', '/updates/uptown/.env'],
    ['a file of another kind', '/updates/uptown/notes.txt'],
    ['a folder', '/updates/uptown/nested.yml'],
    ['a link out of the channel', '/updates/uptown/escape.yml'],
    ['an encoded parent', '/updates/uptown/..%2F..%2Fmaster.db'],
    ['an encoded parent channel', '/updates/..%2Fupdates/secret.yml'],
    ['a file beside the channels', '/updates/secret.yml'],
    ['a channel that is not a name', '/updates/Up%20Town/latest.yml'],
  ])('answers 404 for %s, in the wire’s error shape', async (_what, path) => {
    const reply = await get(`${master.url}${path}`);
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body.toString())).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(reply.body.toString()).not.toContain('the chain');
  });

  it('is not there at all without --updates', async () => {
    const plain = await startMaster();
    try {
      expect((await get(`${plain.url}/updates/uptown/latest.yml`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('master serve --updates', () => {
  it('refuses a folder that does not exist, as a usage error', async () => {
    const errors: string[] = [];
    const status = await runCli(
      ['serve', '--updates', join(tmpdir(), 'no-such-bookcase-feed')],
      () => undefined,
      (line) => errors.push(line),
    );
    expect(status).toBe(2);
    expect(errors.join('\n')).toContain('--updates must name an existing folder');
  });

  it('serves the feed from the real CLI process', async () => {
    const root = feedDir();
    const child = spawn(
      join(ROOT, 'node_modules/.bin/tsx'),
      ['app/master/cli.ts', 'serve', '--data', join(root, 'data'), '--port', '0'].concat([
        '--updates',
        join(root, 'updates'),
      ]),
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          try {
            const entry = JSON.parse(line) as { msg?: string; url?: string; updatesDir?: string };
            if (entry.msg === 'master ready' && entry.url) resolve(entry.url);
          } catch {
            // not a log line
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited early (${code})`)));
      });
      const reply = await get(`${url}/updates/uptown/latest.yml`);
      expect(reply.status).toBe(200);
      expect(reply.body.toString()).toBe(LATEST);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('close', resolve));
      rmSync(root, { recursive: true, force: true });
    }
  });
});

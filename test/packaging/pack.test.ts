// The real thing, as far as it goes here: `npm run dist` lays out a Linux register with the real
// electron-builder, around a stand-in Electron binary (Electron cannot be downloaded here), with
// every network route closed so any download attempt fails. It checks what electron-builder
// actually packed, and that the pack step refuses the better-sqlite3 build npm made for Node.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveNativeBinding } from '../../main/native-binding.js';
import { ROOT } from '../../scripts/dist.js';
import { UNPACKED_BINDING, electronAbi } from '../../scripts/package-native-module.js';
import { listAsar, readAsarFile, topLevelPackages, type AsarEntry } from './asar-listing.js';
import { writeStandInLinuxDist } from './stand-in-electron.js';

const STORE = {
  storeId: 'packtest',
  storeName: 'Pack Test Books',
  masterUrl: 'http://127.0.0.1:8787',
  defaultMode: 'eventual',
};
/** Nothing listens there: a download attempt fails at once instead of reaching the internet. */
const NO_NETWORK = 'http://127.0.0.1:9';

interface Run {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const electronVersion = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

describe('npm run dist (Linux, unpacked, stand-in Electron, offline)', () => {
  let pack: Run;
  let appDir: string;
  let resources: string;
  let entries: AsarEntry[];
  let paths: Set<string>;
  // One pack for the whole suite (it takes seconds), removed after the last test.
  const work = mkdtempSync(join(tmpdir(), 'bookcase-pack-'));
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(join(ROOT, 'out', 'stores', STORE.storeId), { recursive: true, force: true });
  });

  beforeAll(async () => {
    // The packed app is the built one: build it as npm run dist does.
    const built = await run('npm', ['run', 'build']);
    expect(built.status, built.output).toBe(0);

    const storeFile = join(work, 'packtest.json');
    writeFileSync(storeFile, JSON.stringify(STORE));
    const electronDist = join(work, 'electron');
    writeStandInLinuxDist(electronDist);
    const output = join(work, 'out');
    pack = await run(
      join(ROOT, 'node_modules/.bin/tsx'),
      [
        'scripts/dist.ts',
        ...['--store', storeFile, '--linux', '--arch', 'x64', '--dir'],
        ...['--electron-dist', electronDist, '--no-rebuild', '--output', output],
      ],
      {
        ...process.env,
        HTTP_PROXY: NO_NETWORK,
        HTTPS_PROXY: NO_NETWORK,
        http_proxy: NO_NETWORK,
        https_proxy: NO_NETWORK,
        ELECTRON_GET_USE_PROXY: '1',
        ELECTRON_BUILDER_CACHE: join(work, 'empty-cache'),
        NO_PROXY: '',
      },
    );
    appDir = join(output, 'linux-unpacked');
    resources = join(appDir, 'resources');
    entries = existsSync(join(resources, 'app.asar')) ? listAsar(join(resources, 'app.asar')) : [];
    paths = new Set(entries.map((entry) => entry.path));
  }, 180_000);

  it('stops at the native-module check: npm built better-sqlite3 for Node, not Electron', () => {
    // Everything before it (Electron, the archive, the fuses) ran without a download.
    expect(pack.status, pack.output).toBe(1);
    expect(pack.output).toContain(
      `built for module ABI ${process.versions.modules}, but Electron ${electronVersion} needs ABI ${electronAbi(electronVersion)}`,
    );
  });

  it('packs the built main process, preload and page, and package.json naming the bundle', () => {
    for (const file of [
      'package.json',
      'dist/main/index.cjs',
      'dist/main/preload.cjs',
      'dist/renderer/index.html',
    ]) {
      expect(paths, file).toContain(file);
    }
    expect(packageJson.main).toBe('dist/main/index.cjs');
    const packedPackage = JSON.parse(
      readAsarFile(join(resources, 'app.asar'), 'package.json').toString('utf8'),
    ) as { main: string };
    expect(packedPackage.main).toBe('dist/main/index.cjs');
    expect([...paths].some((path) => path.startsWith('dist/renderer/assets/'))).toBe(true);
  });

  it('packs no sources, tests, docs, tooling or source maps', () => {
    const ours = [...paths].filter((path) => !path.startsWith('node_modules/'));
    const outsideDist = ours.filter((path) => path !== 'package.json' && !path.startsWith('dist/'));
    expect(outsideDist).toEqual([]);
    expect(ours.filter((path) => /^dist\/(?!main\/|renderer\/)/.test(path))).toEqual([]);
    expect(ours.filter((path) => path.endsWith('.ts') || path.endsWith('.tsx'))).toEqual([]);
    expect([...paths].filter((path) => path.endsWith('.map'))).toEqual([]);
    for (const folder of ['app/', 'main/', 'renderer/', 'test/', 'bench/', 'docs/', '.ci/']) {
      expect(
        ours.filter((path) => path.startsWith(folder)),
        folder,
      ).toEqual([]);
    }
    // better-sqlite3 keeps what it runs: no SQLite sources, no build leftovers.
    const sqlite = [...paths].filter((path) => path.startsWith('node_modules/better-sqlite3/'));
    expect(
      sqlite.filter(
        (path) =>
          !/^node_modules\/better-sqlite3\/(package\.json|LICENSE|README\.md|lib\/.+\.js|build\/Release\/better_sqlite3\.node)$/.test(
            path,
          ),
      ),
    ).toEqual([]);
    expect(sqlite).toContain('node_modules/better-sqlite3/lib/index.js');
  });

  it('packs every package the main process requires, and no development tool', () => {
    const packages = topLevelPackages(entries);
    const bundle = readFileSync(join(ROOT, 'dist/main/index.cjs'), 'utf8');
    const required = new Set(
      [...bundle.matchAll(/require\("([^"./][^"]*)"\)|import\("([^"./][^"]*)"\)/g)]
        .map((match) => packageName(match[1] ?? match[2] ?? ''))
        .filter((name) => name !== 'electron' && !name.startsWith('node:'))
        .filter((name) => !builtinModules.includes(name)),
    );
    expect(required.size).toBeGreaterThan(0);
    for (const name of required) {
      expect(Object.keys(packageJson.dependencies), `${name} is a production dependency`).toContain(
        name,
      );
      expect(packages, `${name} is packed`).toContain(name);
    }
    for (const name of Object.keys(packageJson.dependencies)) expect(packages).toContain(name);
    for (const tool of [
      'electron',
      'electron-builder',
      '@electron/fuses',
      'typescript',
      'vitest',
      'vite',
      'eslint',
      'prettier',
      'tsx',
      '@playwright/test',
    ]) {
      expect(packageJson.devDependencies).toHaveProperty([tool]);
      expect(packages, tool).not.toContain(tool);
    }
  });

  it('unpacks better-sqlite3’s native module from the archive, where native-binding.ts leaves it to better-sqlite3', () => {
    const binding = entries.find(
      (entry) => entry.path === UNPACKED_BINDING.replace(/^app\.asar\.unpacked\//, ''),
    );
    expect(binding?.unpacked).toBe(true);
    expect(existsSync(join(resources, UNPACKED_BINDING))).toBe(true);
    // Nothing at <resources>/native: the packaged register loads better-sqlite3's own build,
    // which electron-builder rebuilt for Electron in app.asar.unpacked.
    expect(
      resolveNativeBinding({ env: {}, isPackaged: true, resourcesPath: resources, appRoot: ROOT }),
    ).toBeUndefined();
  });

  it('carries the store’s identity as resources/store.json, and its feed, never a secret', () => {
    expect(JSON.parse(readFileSync(join(resources, 'store.json'), 'utf8'))).toEqual(STORE);
    expect(parse(readFileSync(join(resources, 'app-update.yml'), 'utf8'))).toMatchObject({
      provider: 'generic',
      url: 'http://127.0.0.1:8787/updates/packtest',
    });
  });

  it('flips the fuses in the packed executable', async () => {
    const wire = await getCurrentFuseWire(join(appDir, 'bookcase'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(48);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(48);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(48);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(49);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(49);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(49);
  });
});

/** "undici/lib/x" → "undici", "@scope/name/x" → "@scope/name". */
function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

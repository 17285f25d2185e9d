// A store's installer identity: what a store file may say, what it may never carry (a secret),
// and what `npm run dist` writes from it before electron-builder runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  STORE_RESOURCE,
  prepareStoreBuild,
  readBaseConfig,
  storeConfig,
  updateFeedUrl,
} from '../../scripts/dist-config.js';
import {
  StoreFileError,
  parseStoreFile,
  readStoreFile,
  secretLookingFields,
} from '../../app/shell/store-file.js';
import { ROOT, parseDistArgs, runDist } from '../../scripts/dist.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();

const UPTOWN = {
  storeId: 'uptown',
  storeName: 'Uptown Books',
  masterUrl: 'https://master.example:8787',
  defaultMode: 'strong',
  nightlyAt: '02:30',
};

function problemOf(value: unknown): string {
  try {
    parseStoreFile(value, 'stores/test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(StoreFileError);
    return (error as Error).message;
  }
  throw new Error('the store file was accepted');
}

describe('store file', () => {
  it('accepts the committed example and keeps exactly its fields', () => {
    const store = readStoreFile(join(ROOT, 'stores', 'uptown.example.json'));
    expect(store).toEqual({
      storeId: 'uptown',
      storeName: 'Uptown Books',
      masterUrl: 'https://master.bookcase.example:8787',
      defaultMode: 'strong',
      nightlyAt: '02:30',
    });
  });

  it('needs only the identity: nightlyAt is optional, a trailing slash is dropped', () => {
    const { storeId, storeName } = UPTOWN;
    const rest = { storeId, storeName };
    expect(
      parseStoreFile({ ...rest, masterUrl: 'http://10.0.0.5:8787/', defaultMode: 'eventual' }, 'x'),
    ).toEqual({ ...rest, masterUrl: 'http://10.0.0.5:8787', defaultMode: 'eventual' });
  });

  it.each([
    [{ ...UPTOWN, enrolmentCode: 'ABCD-EFGH-JK' }, '"enrolmentCode"'],
    [{ ...UPTOWN, token: 'secret' }, '"token"'],
    [{ ...UPTOWN, master_password: 'hunter2' }, '"master_password"'],
    [{ ...UPTOWN, apiKey: 'k' }, '"apiKey"'],
    [{ ...UPTOWN, extra: { registers: [{ authToken: 't' }] } }, '"extra.registers.0.authToken"'],
  ])('refuses a secret-looking field, naming it: %j', (value, field) => {
    const message = problemOf(value);
    expect(message).toContain(field);
    expect(message).toContain('looks like a secret');
    expect(message).toContain('one-time code');
  });

  it('tells field names apart from secrets word by word', () => {
    expect(secretLookingFields({ storeName: 'x', shipping: 1, keyboardLayout: 'fr' })).toEqual([]);
    expect(secretLookingFields({ pinCode: 1, sessionId: 2 })).toEqual(['pinCode', 'sessionId']);
  });

  it.each([
    [{ ...UPTOWN, masterUrl: 'https://it:hunter2@master.example' }, 'user name or password'],
    [{ ...UPTOWN, masterUrl: 'https://master.example/?t=abc' }, 'query or fragment'],
    [{ ...UPTOWN, masterUrl: 'ftp://master.example' }, 'masterUrl'],
    [{ ...UPTOWN, storeId: 'Uptown Store' }, 'storeId'],
    [{ ...UPTOWN, defaultMode: 'sometimes' }, 'defaultMode'],
    [{ ...UPTOWN, nightlyAt: '25:00' }, 'nightlyAt must be HH:MM'],
    [{ ...UPTOWN, storeName: '  ' }, 'storeName is empty'],
    [{ ...UPTOWN, colour: 'green' }, 'colour'],
    [{ storeId: 'uptown' }, 'masterUrl'],
    [[], 'expected object'],
  ])('refuses %j, saying why', (value, why) => {
    expect(problemOf(value)).toContain(why);
  });

  it('names the file when it is not JSON or not there', () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "storeId": ');
    expect(() => readStoreFile(broken)).toThrow(`${broken}: not valid JSON`);
    expect(() => readStoreFile(join(dir, 'absent.json'))).toThrow('cannot read the store file');
  });
});

describe('a store build configuration', () => {
  const store = parseStoreFile(UPTOWN, 'test');

  it('adds the store resource, the store in artifact names, and its feed to the base', () => {
    const base = readBaseConfig(ROOT);
    const config = storeConfig(base, store, 'uptown', {
      root: ROOT,
      stageDir: join(ROOT, 'out', 'stores', 'uptown'),
      outputDir: join(ROOT, 'out', 'installers', 'uptown'),
    });
    expect(config.extraResources).toEqual([
      { from: 'out/stores/uptown/store.json', to: 'store.json' },
    ]);
    expect(config.artifactName).toBe('${productName}-uptown-${version}-${arch}.${ext}');
    expect(config.publish).toEqual([
      { provider: 'generic', url: 'https://master.example:8787/updates/uptown' },
    ]);
    expect(config.directories).toEqual({ ...base.directories, output: 'out/installers/uptown' });
    // Everything else is the base, untouched.
    expect({ ...config, extraResources: 0, artifactName: 0, publish: 0, directories: 0 }).toEqual({
      ...base,
      extraResources: 0,
      artifactName: 0,
      publish: 0,
      directories: 0,
    });
  });

  it('builds the feed address under the master, wherever the master lives', () => {
    expect(updateFeedUrl('http://10.0.0.5:8787', 'uptown')).toBe(
      'http://10.0.0.5:8787/updates/uptown',
    );
    expect(updateFeedUrl('https://chain.example/master/', 'pilot')).toBe(
      'https://chain.example/master/updates/pilot',
    );
  });

  it('refuses a channel that is not a plain folder name', () => {
    const paths = { root: ROOT, stageDir: tempDir(), outputDir: tempDir() };
    expect(() => storeConfig({}, store, '../uptown', paths)).toThrow('--channel');
  });

  it('writes the validated store (and nothing else) as store.json beside the merged config', () => {
    const stageDir = tempDir();
    const prepared = prepareStoreBuild(
      store,
      'uptown',
      { root: ROOT, stageDir, outputDir: join(stageDir, 'installers') },
      { npmRebuild: false },
    );
    expect(prepared.storeResourcePath).toBe(join(stageDir, STORE_RESOURCE));
    expect(JSON.parse(readFileSync(prepared.storeResourcePath, 'utf8'))).toEqual(UPTOWN);
    const written = JSON.parse(readFileSync(prepared.configPath, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(written).toEqual(JSON.parse(JSON.stringify(prepared.config)));
    expect(written.npmRebuild).toBe(false);
    expect(written.extraResources).toEqual([
      { from: join(stageDir, 'store.json'), to: 'store.json' },
    ]);
  });
});

describe('npm run dist', () => {
  const linux = { platform: 'linux', arch: 'x64' };

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('needs --store and builds on the machine it runs on by default', () => {
    expect(() => parseDistArgs([], linux)).toThrow('--store is required');
    expect(parseDistArgs(['--store', 's.json'], linux)).toMatchObject({
      storeFile: 's.json',
      platform: 'linux',
      arch: 'x64',
      rebuild: true,
      dir: false,
      configOnly: false,
    });
  });

  it('refuses to build another OS’s installers (better-sqlite3 is compiled for the host)', () => {
    expect(() => parseDistArgs(['--store', 's.json', '--win'], linux)).toThrow(
      '--win installers are built on Windows',
    );
    expect(() => parseDistArgs(['--store', 's.json', '--mac', '--win'], linux)).toThrow(
      'one platform per run',
    );
    expect(() => parseDistArgs(['--store', 's.json', '--arch', 'ia32'], linux)).toThrow('--arch');
    // Writing another OS's configuration builds nothing, so it is allowed.
    expect(parseDistArgs(['--store', 's.json', '--win', '--config-only'], linux)).toMatchObject({
      platform: 'win',
      configOnly: true,
    });
  });

  it('refuses a store file with a secret before writing anything', async () => {
    const root = tempDir();
    const storeFile = join(root, 'leaky.json');
    writeFileSync(storeFile, JSON.stringify({ ...UPTOWN, enrolmentCode: 'ABCD-EFGH-JK' }));
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    expect(await runDist(['--store', storeFile, '--config-only'], root)).toBe(2);
    expect(errors.join('\n')).toContain('"enrolmentCode" looks like a secret');
    expect(existsSync(join(root, 'out'))).toBe(false);
  });

  it('--config-only writes the store resource and merged configuration, and packs nothing', async () => {
    const root = tempDir();
    writeFileSync(
      join(root, 'electron-builder.yml'),
      readFileSync(join(ROOT, 'electron-builder.yml')),
    );
    const storeFile = join(root, 'uptown.json');
    writeFileSync(storeFile, JSON.stringify(UPTOWN));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await runDist(['--store', storeFile, '--config-only', '--channel', 'pilot'], root)).toBe(
      0,
    );
    const stage = join(root, 'out', 'stores', 'uptown');
    expect(JSON.parse(readFileSync(join(stage, 'store.json'), 'utf8'))).toEqual(UPTOWN);
    const config = JSON.parse(readFileSync(join(stage, 'electron-builder.json'), 'utf8')) as {
      publish: unknown;
    };
    expect(config.publish).toEqual([
      { provider: 'generic', url: 'https://master.example:8787/updates/pilot' },
    ]);
    expect(existsSync(join(root, 'out', 'installers'))).toBe(false);
  });
});

// `npm run dist -- --store stores/<store>.json`: the installers for one store (docs/packaging.md).
// Validates the store file (no secrets), writes the store's resource and merged electron-builder
// configuration to out/stores/<storeId>/, then packs with electron-builder.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CliOptions } from 'electron-builder';
import { prepareStoreBuild, type PreparedStoreBuild } from './dist-config.js';
import { StoreFileError, readStoreFile } from '../app/shell/store-file.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const DIST_USAGE = `Bookcase installers for one store

Usage: npm run dist -- --store stores/<store>.json [options]

Options:
  --store FILE          The store's identity: storeId, storeName, masterUrl, defaultMode
                        (strong|eventual), optional nightlyAt. Never a secret.
  --channel NAME        The update channel: a folder of the master's --updates directory
                        (default: the storeId)
  --linux | --win | --mac
                        The platform (default: this machine's). Installers are built on
                        their own OS: better-sqlite3 is compiled for the target.
  --arch x64|arm64      (default: this machine's)
  --dir                 Lay out the unpacked app only, no installer (to inspect it)
  --output DIR          Where installers go (default: out/installers/<storeId>)
  --electron-dist DIR   An unpacked Electron of the installed version, for a machine that
                        cannot download it
  --no-rebuild          Keep node_modules' native modules as they are (already rebuilt for
                        Electron, e.g. by npx electron-builder install-app-deps); the pack
                        step still refuses a module built for another ABI
  --config-only         Write out/stores/<storeId>/ (store.json, electron-builder.json) and stop
  -h, --help            Show this help`;

export class UsageError extends Error {}

type PlatformKey = 'linux' | 'win' | 'mac';
const HOST_PLATFORM: Record<string, PlatformKey> = {
  linux: 'linux',
  win32: 'win',
  darwin: 'mac',
};

export interface DistOptions {
  storeFile: string;
  channel: string | undefined;
  platform: PlatformKey;
  arch: 'x64' | 'arm64';
  dir: boolean;
  outputDir: string | undefined;
  electronDist: string | undefined;
  rebuild: boolean;
  configOnly: boolean;
}

export function parseDistArgs(
  argv: string[],
  host: { platform: string; arch: string } = process,
): DistOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: 'string' },
      channel: { type: 'string' },
      linux: { type: 'boolean', default: false },
      win: { type: 'boolean', default: false },
      mac: { type: 'boolean', default: false },
      arch: { type: 'string' },
      dir: { type: 'boolean', default: false },
      output: { type: 'string' },
      'electron-dist': { type: 'string' },
      'no-rebuild': { type: 'boolean', default: false },
      'config-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (!values.store)
    throw new UsageError('--store is required: npm run dist -- --store stores/<store>.json');
  const chosen = (['linux', 'win', 'mac'] as const).filter((key) => values[key]);
  if (chosen.length > 1)
    throw new UsageError('choose one platform per run: --linux, --win or --mac');
  const hostPlatform = HOST_PLATFORM[host.platform];
  const platform = chosen[0] ?? hostPlatform;
  if (!platform)
    throw new UsageError(`no installers for this machine's platform (${host.platform})`);
  // --config-only builds nothing, so any platform's configuration can be written anywhere.
  if (platform !== hostPlatform && !values['config-only']) {
    throw new UsageError(
      `--${platform} installers are built on ${platform === 'win' ? 'Windows' : platform === 'mac' ? 'macOS' : 'Linux'}: ` +
        'better-sqlite3 is compiled for the OS it is built on (docs/packaging.md)',
    );
  }
  const arch = values.arch ?? host.arch;
  if (arch !== 'x64' && arch !== 'arm64')
    throw new UsageError(`--arch must be x64 or arm64, not "${arch}"`);
  return {
    storeFile: values.store,
    channel: values.channel,
    platform,
    arch,
    dir: values.dir,
    outputDir: values.output,
    electronDist: values['electron-dist'],
    rebuild: !values['no-rebuild'],
    configOnly: values['config-only'],
  };
}

export function prepare(options: DistOptions, root = ROOT): PreparedStoreBuild {
  const store = readStoreFile(resolve(options.storeFile));
  const channel = options.channel ?? store.storeId;
  return prepareStoreBuild(
    store,
    channel,
    {
      root,
      stageDir: join(root, 'out', 'stores', store.storeId),
      outputDir: resolve(root, options.outputDir ?? join('out', 'installers', store.storeId)),
    },
    {
      ...(options.electronDist ? { electronDist: resolve(options.electronDist) } : {}),
      ...(options.rebuild ? {} : { npmRebuild: false }),
    },
  );
}

async function pack(
  options: DistOptions,
  prepared: PreparedStoreBuild,
  root: string,
): Promise<string[]> {
  // Loaded only when packing: --config-only and --help stay quick.
  const { build } = await import('electron-builder');
  const cli: CliOptions = {
    projectDir: root,
    config: prepared.configPath,
    publish: 'never',
    [options.platform]: options.dir ? ['dir'] : [],
    [options.arch]: true,
  };
  return build(cli);
}

export async function runDist(argv: string[], root = ROOT): Promise<number> {
  let options: DistOptions | 'help';
  try {
    options = parseDistArgs(argv);
  } catch (error) {
    console.error(`dist: ${(error as Error).message}`);
    console.error('Run with --help for the options.');
    return 2;
  }
  if (options === 'help') {
    console.log(DIST_USAGE);
    return 0;
  }
  let prepared: PreparedStoreBuild;
  try {
    prepared = prepare(options, root);
  } catch (error) {
    if (!(error instanceof StoreFileError)) throw error;
    console.error(`dist: ${error.message}`);
    return 2;
  }
  const { store, channel } = prepared;
  console.log(
    `Store ${store.storeId} (${store.storeName}), master ${store.masterUrl}, ${store.defaultMode} mode; ` +
      `updates from channel "${channel}". Wrote ${prepared.storeResourcePath} and ${prepared.configPath}.`,
  );
  if (options.configOnly) return 0;
  // The afterPack hook is TypeScript; electron-builder requires it in this (tsx) process.
  process.chdir(root);
  try {
    const artifacts = await pack(options, prepared, root);
    console.log(
      artifacts.length > 0
        ? `Built:\n${artifacts.map((file) => `  ${file}`).join('\n')}`
        : `Laid out the unpacked app in ${prepared.outputDir}`,
    );
    return 0;
  } catch (error) {
    console.error(`dist: ${(error as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await runDist(process.argv.slice(2));
}

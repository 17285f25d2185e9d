// One store's electron-builder configuration: the base (electron-builder.yml) plus the store's
// identity as a resource, its name in every artifact, and its update feed on its master.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Configuration } from 'electron-builder';
import { parse } from 'yaml';
import type { StoreFile } from '../app/shell/store-file.js';

export const BASE_CONFIG_FILE = 'electron-builder.yml';
/** Inside the installed app: <resources>/store.json (process.resourcesPath in Electron). */
export const STORE_RESOURCE = 'store.json';
export const channelSchemaPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function readBaseConfig(root: string): Configuration {
  return parse(readFileSync(join(root, BASE_CONFIG_FILE), 'utf8')) as Configuration;
}

/** The master serves each channel's feed at <masterUrl>/updates/<channel>/ (see --updates). */
export function updateFeedUrl(masterUrl: string, channel: string): string {
  return `${masterUrl.replace(/\/+$/, '')}/updates/${channel}`;
}

/** Relative to the project when inside it (a readable merged config), else absolute. */
function projectPath(root: string, path: string): string {
  const inside = relative(root, path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

export interface StoreBuildPaths {
  /** The repository root: electron-builder's project directory. */
  root: string;
  /** Where the store's resource and merged configuration are written. */
  stageDir: string;
  /** Where the installers go. */
  outputDir: string;
}

export function storeConfig(
  base: Configuration,
  store: StoreFile,
  channel: string,
  paths: StoreBuildPaths,
  overrides: Configuration = {},
): Configuration {
  if (!channelSchemaPattern.test(channel)) {
    throw new Error(`--channel must be 1-40 lowercase letters, digits or dashes, not "${channel}"`);
  }
  const extraResources = base.extraResources ?? [];
  return {
    ...base,
    directories: { ...base.directories, output: projectPath(paths.root, paths.outputDir) },
    artifactName: `\${productName}-${store.storeId}-\${version}-\${arch}.\${ext}`,
    extraResources: [
      ...(Array.isArray(extraResources) ? extraResources : [extraResources]),
      { from: projectPath(paths.root, join(paths.stageDir, STORE_RESOURCE)), to: STORE_RESOURCE },
    ],
    // electron-updater's generic provider: <url>/latest.yml (Windows), latest-mac.yml,
    // latest-linux.yml, then the installer they name. The channel is a folder on the master; each
    // store has its own by default, so an update never swaps one store's identity for another's.
    publish: [{ provider: 'generic', url: updateFeedUrl(store.masterUrl, channel) }],
    ...overrides,
  };
}

/** The store's resource, as the register reads it at first start: validated fields only. */
export function storeResource(store: StoreFile): string {
  return `${JSON.stringify(store, null, 2)}\n`;
}

export interface PreparedStoreBuild {
  store: StoreFile;
  channel: string;
  config: Configuration;
  configPath: string;
  storeResourcePath: string;
  outputDir: string;
}

/**
 * Writes the store's resource and merged configuration under stageDir. Overrides are the packing
 * machine's (electronDist, npmRebuild), written into the merged file so it says what was built.
 */
export function prepareStoreBuild(
  store: StoreFile,
  channel: string,
  paths: StoreBuildPaths,
  overrides: Configuration = {},
): PreparedStoreBuild {
  const config = storeConfig(readBaseConfig(paths.root), store, channel, paths, overrides);
  mkdirSync(paths.stageDir, { recursive: true });
  const storeResourcePath = join(paths.stageDir, STORE_RESOURCE);
  writeFileSync(storeResourcePath, storeResource(store));
  const configPath = join(paths.stageDir, 'electron-builder.json');
  writeFileSync(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return {
    store,
    channel,
    config,
    configPath,
    storeResourcePath,
    outputDir: paths.outputDir,
  };
}

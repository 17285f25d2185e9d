// The Electron fuses of a shipped register: switches baked into the Electron binary at pack time,
// before signing, so that the operating system's signature check keeps them from being switched
// back. A register runs one app from its own archive; nothing else may run inside it.
import { join } from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses, type FuseV1Config } from '@electron/fuses';

export const SHIPPED_FUSES = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node for anyone.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require …) and --inspect would let a local user inject code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds (macOS, and Windows since Electron 30).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Without it, a folder named resources/app beside the archive would be loaded instead.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The page is served from app://, never file://.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies FuseV1Config;

/** What a pack step tells us about the app it just laid out. */
export interface PackedApp {
  appOutDir: string;
  /** Electron's platform name: linux, win32, darwin or mas. */
  platform: string;
  arch: 'x64' | 'ia32' | 'armv7l' | 'arm64' | 'universal';
  /** The product's file name (Bookcase): Bookcase.exe, Bookcase.app. */
  productFilename: string;
  /** The Linux executable's name (bookcase). */
  linuxExecutableName: string;
}

/** The file that holds the fuse wire: the executable, or the framework inside a macOS bundle. */
export function electronBinaryOf(app: PackedApp): string {
  switch (app.platform) {
    case 'linux':
      return join(app.appOutDir, app.linuxExecutableName);
    case 'win32':
      return join(app.appOutDir, `${app.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return join(app.appOutDir, `${app.productFilename}.app`);
    default:
      throw new Error(`Cannot set Electron fuses for platform "${app.platform}"`);
  }
}

export async function flipShippedFuses(app: PackedApp): Promise<void> {
  const macAppleSilicon =
    (app.platform === 'darwin' || app.platform === 'mas') &&
    (app.arch === 'arm64' || app.arch === 'universal');
  // Flipping a fuse breaks the ad-hoc signature an arm64 Mac needs to run the app at all; a
  // signing identity, when configured, signs it properly afterwards.
  await flipFuses(electronBinaryOf(app), {
    ...SHIPPED_FUSES,
    ...(macAppleSilicon ? { resetAdHocDarwinSignature: true } : {}),
  });
}

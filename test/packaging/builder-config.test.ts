// electron-builder.yml as written: targets, identity, icons, what the archive may hold, the
// native module, the fuse hook, and the settings that protect a store's data on uninstall.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../../scripts/dist.js';

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Configuration;
const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const targetsOf = (target: unknown): string[] =>
  (Array.isArray(target) ? target : [target]).map((entry: unknown) =>
    typeof entry === 'string' ? entry : (entry as { target: string }).target,
  );

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it('names the product', () => {
    expect(config.appId).toBe('com.bookcase.register');
    expect(config.productName).toBe('Bookcase');
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg (and zip for updates) for macOS', () => {
    expect(targetsOf(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.win?.target)).toEqual(['nsis']);
    expect(targetsOf(config.mac?.target)).toEqual(['dmg', 'zip']);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
  });

  it('has icons for every platform, at the sizes each needs', () => {
    expect(config.linux?.icon).toBe('build/icons');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(ROOT, 'build/icons', `${size}x${size}.png`))).toEqual({
        width: size,
        height: size,
      });
    }
    expect(pngSize(join(ROOT, 'build/icon.png'))).toEqual({ width: 1024, height: 1024 });

    const ico = readFileSync(join(ROOT, config.win?.icon ?? ''));
    expect(ico.readUInt16LE(2)).toBe(1); // an icon resource
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, index) =>
      ico.readUInt8(6 + index * 16),
    );
    expect(widths).toContain(0); // 0 is 256 px, what Windows shows on large tiles
    expect(widths).toContain(16);

    const icns = readFileSync(join(ROOT, config.mac?.icon ?? ''));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) {
      types.push(icns.toString('latin1', offset, offset + 4));
    }
    expect(types).toEqual(expect.arrayContaining(['ic10', 'ic09', 'ic08', 'ic07', 'icp4']));
  });

  it('packs only the built app and package.json (electron-builder adds production dependencies)', () => {
    const files = (config.files ?? []) as string[];
    const included = files.filter((pattern) => !pattern.startsWith('!'));
    expect(included).toEqual(['package.json', 'dist/main/**', 'dist/renderer/**']);
    expect(files).toContain('!**/*.map');
    expect(config.extraResources).toBeUndefined();
    expect(packageJson.main).toBe('dist/main/index.cjs');
    // electron-builder refuses electron in dependencies, and would pack the tools otherwise.
    for (const tool of ['electron', 'electron-builder', '@electron/fuses']) {
      expect(packageJson.devDependencies).toHaveProperty([tool]);
      expect(packageJson.dependencies).not.toHaveProperty([tool]);
    }
    expect(packageJson.dependencies).toHaveProperty(['electron-updater']);
  });

  it('keeps the app in an asar, unpacks better-sqlite3’s module and rebuilds it for Electron', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/build/Release/*.node']);
    expect(config.npmRebuild).toBe(true);
  });

  it('runs the fuse and native-module hook after packing', async () => {
    expect(config.afterPack).toBe('./scripts/package-after-pack.ts');
    const hook = (await import('../../scripts/package-after-pack.js')) as {
      afterPack: unknown;
      default: unknown;
    };
    expect(typeof hook.afterPack).toBe('function');
    expect(hook.default).toBe(hook.afterPack);
  });

  it('never deletes the ledger on uninstall (it lives in the per-user Bookcase folder)', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.nsis?.perMachine).toBe(true);
  });

  it('signs macOS builds with the hardened runtime and only the entitlements V8 needs', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    const entitlements = readFileSync(join(ROOT, config.mac?.entitlements ?? ''), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toMatch(/<key>com\.apple\.security\.cs\.disable-library-validation/);
  });

  it('leaves the update feed and store identity to the per-store build', () => {
    expect(config.publish).toBeUndefined();
    expect(packageJson.scripts.dist).toContain('tsx scripts/dist.ts');
    expect(existsSync(join(ROOT, 'stores/uptown.example.json'))).toBe(true);
  });
});

// The shipped register's fuses, flipped by the real @electron/fuses in stand-in Electron
// binaries laid out as electron-builder lays out each platform, and read back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import type * as FusesModule from '@electron/fuses';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  SHIPPED_FUSES,
  electronBinaryOf,
  flipShippedFuses,
  type PackedApp,
} from '../../scripts/package-fuses.js';
import { useTempDirs } from '../helpers/temp-dir.js';
import { writeStandIn } from './stand-in-electron.js';

const fuses = vi.hoisted(() => ({ skipRealFlip: false }));
vi.mock('@electron/fuses', async (importOriginal) => {
  const real = await importOriginal<typeof FusesModule>();
  return {
    ...real,
    flipFuses: vi.fn((...args: Parameters<typeof real.flipFuses>) =>
      fuses.skipRealFlip ? Promise.resolve(1) : real.flipFuses(...args),
    ),
  };
});

const tempDir = useTempDirs();
const ON = 49; // '1'
const OFF = 48; // '0'

function app(platform: string, arch: PackedApp['arch'] = 'x64'): PackedApp {
  return {
    appOutDir: tempDir(),
    platform,
    arch,
    productFilename: 'Bookcase',
    linuxExecutableName: 'bookcase',
  };
}

afterEach(() => {
  fuses.skipRealFlip = false;
  vi.clearAllMocks();
});

describe('the shipped fuses', () => {
  it('turn off every way to run other code in the signed binary, and on every integrity check', () => {
    expect(SHIPPED_FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
  });

  it.each([
    ['linux', 'bookcase'],
    ['win32', 'Bookcase.exe'],
  ])('are flipped in the %s executable and read back as set', async (platform, file) => {
    const packed = app(platform);
    writeStandIn(join(packed.appOutDir, file));
    expect(electronBinaryOf(packed)).toBe(join(packed.appOutDir, file));
    await flipShippedFuses(packed);
    const wire = await getCurrentFuseWire(join(packed.appOutDir, file));
    expect(wire).toEqual({
      version: '1',
      [FuseV1Options.RunAsNode]: OFF,
      [FuseV1Options.EnableCookieEncryption]: ON,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: OFF,
      [FuseV1Options.EnableNodeCliInspectArguments]: OFF,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: ON,
      [FuseV1Options.OnlyLoadAppFromAsar]: ON,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: OFF,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: OFF,
      // A fuse newer than @electron/fuses keeps Electron's default.
      8: ON,
    });
  });

  it('are flipped in the framework inside a macOS bundle', async () => {
    const packed = app('darwin', 'x64');
    const framework = join(
      packed.appOutDir,
      'Bookcase.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    );
    writeStandIn(framework);
    await flipShippedFuses(packed);
    const wire = await getCurrentFuseWire(join(packed.appOutDir, 'Bookcase.app'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(OFF);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ON);
  });

  it('re-sign an Apple silicon app ad hoc after flipping, and only that', async () => {
    const { flipFuses } = await import('@electron/fuses');
    fuses.skipRealFlip = true; // codesign exists only on a Mac
    await flipShippedFuses(app('darwin', 'arm64'));
    await flipShippedFuses(app('darwin', 'x64'));
    const calls = vi.mocked(flipFuses).mock.calls;
    expect(calls[0]?.[1]).toMatchObject({ ...SHIPPED_FUSES, resetAdHocDarwinSignature: true });
    expect(calls[1]?.[1]).not.toHaveProperty('resetAdHocDarwinSignature');
  });

  it('refuse a binary without a fuse wire rather than ship it unfused', async () => {
    const packed = app('linux');
    writeFileSync(join(packed.appOutDir, 'bookcase'), '#!/bin/sh\n');
    await expect(flipShippedFuses(packed)).rejects.toThrow('Could not find sentinel');
  });
});

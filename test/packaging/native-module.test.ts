// The pack-time check on better-sqlite3's native module: unpacked, and built for the target's
// platform, arch and Electron ABI. Real binaries where this machine has them (the Node build npm
// installed), hand-made headers for the others.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  UNPACKED_BINDING,
  checkNativeModule,
  describeBinary,
  electronAbi,
} from '../../scripts/package-native-module.js';
import { useTempDirs } from '../helpers/temp-dir.js';

const tempDir = useTempDirs();
const require = createRequire(import.meta.url);
const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;
const nodeBuild = readFileSync(
  join(
    dirname(require.resolve('better-sqlite3/package.json')),
    'build/Release/better_sqlite3.node',
  ),
);

function elf(machine: number, symbol: string): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header.writeUInt8(2, 4); // 64-bit
  header.writeUInt8(1, 5); // little-endian
  header.writeUInt16LE(machine, 18);
  return Buffer.concat([header, Buffer.from(`\0${symbol}\0`)]);
}

function pe(machine: number, symbol: string): Buffer {
  const header = Buffer.alloc(0x100);
  header.write('MZ', 0, 'latin1');
  header.writeUInt32LE(0x80, 0x3c);
  header.write('PE\0\0', 0x80, 'latin1');
  header.writeUInt16LE(machine, 0x84);
  return Buffer.concat([header, Buffer.from(`\0${symbol}\0`)]);
}

function machO(cpu: number, symbol: string): Buffer {
  const header = Buffer.alloc(32);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(cpu, 4);
  return Buffer.concat([header, Buffer.from(`\0_${symbol}\0`)]);
}

function packedWith(binary: Buffer): string {
  const resources = tempDir();
  const path = join(resources, UNPACKED_BINDING);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, binary);
  return resources;
}

const abi = electronAbi(ELECTRON_VERSION);
const electronSymbol = `node_register_module_v${abi}`;

describe('describeBinary', () => {
  it('reads the build npm installed: Linux x64, Node’s ABI', () => {
    expect(describeBinary(nodeBuild)).toEqual({
      format: 'elf',
      arches: [process.arch],
      abi: process.versions.modules,
    });
  });

  it('reads Windows and macOS headers, and a universal macOS binary', () => {
    expect(describeBinary(pe(0x8664, electronSymbol))).toEqual({
      format: 'pe',
      arches: ['x64'],
      abi,
    });
    expect(describeBinary(machO(0x0100000c, electronSymbol))).toEqual({
      format: 'macho',
      arches: ['arm64'],
      abi,
    });
    const fat = Buffer.alloc(48);
    fat.writeUInt32BE(0xcafebabe, 0);
    fat.writeUInt32BE(2, 4);
    fat.writeUInt32BE(0x01000007, 8);
    fat.writeUInt32BE(0x0100000c, 28);
    expect(describeBinary(fat).arches).toEqual(['x64', 'arm64']);
  });

  it('refuses what is not an executable', () => {
    expect(() => describeBinary(Buffer.from('#!/bin/sh\n'))).toThrow('not an ELF, PE or Mach-O');
  });

  it('knows the installed Electron’s ABI, which is not Node’s', () => {
    expect(abi).toMatch(/^\d+$/);
    expect(abi).not.toBe(process.versions.modules);
  });
});

describe('checkNativeModule', () => {
  const linuxX64 = { platform: 'linux', arch: 'x64', electronVersion: ELECTRON_VERSION };

  it('accepts a Linux module built for the packaged Electron', () => {
    expect(checkNativeModule(packedWith(elf(0x3e, electronSymbol)), linuxX64)).toMatchObject({
      format: 'elf',
      abi,
    });
  });

  it('accepts Node-API modules, which load under any ABI', () => {
    const resources = packedWith(elf(0x3e, 'napi_register_module_v1'));
    expect(checkNativeModule(resources, linuxX64).abi).toBe('napi');
  });

  it('refuses the build npm installed for Node: the rebuild for Electron did not happen', () => {
    expect(() => checkNativeModule(packedWith(nodeBuild), linuxX64)).toThrow(
      `built for module ABI ${process.versions.modules}, but Electron ${ELECTRON_VERSION} needs ABI ${abi}`,
    );
  });

  it('refuses a module left inside the archive', () => {
    expect(() => checkNativeModule(tempDir(), linuxX64)).toThrow('not unpacked from the archive');
  });

  it('refuses a Linux module in a Windows app, and the wrong arch', () => {
    const linuxModule = packedWith(elf(0x3e, electronSymbol));
    expect(() => checkNativeModule(linuxModule, { ...linuxX64, platform: 'win32' })).toThrow(
      'is a Linux (ELF) binary, which win32 cannot load',
    );
    expect(() => checkNativeModule(linuxModule, { ...linuxX64, arch: 'arm64' })).toThrow(
      'built for x64, not arm64',
    );
    const windowsModule = packedWith(pe(0x8664, electronSymbol));
    expect(checkNativeModule(windowsModule, { ...linuxX64, platform: 'win32' }).format).toBe('pe');
    const macModule = packedWith(machO(0x0100000c, electronSymbol));
    expect(
      checkNativeModule(macModule, { ...linuxX64, platform: 'darwin', arch: 'arm64' }).format,
    ).toBe('macho');
  });
});

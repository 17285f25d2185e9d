// Checks, at pack time, that better-sqlite3's native module in the packed app is unpacked from
// the archive and built for the target: its platform (ELF, PE or Mach-O), its arch, and the
// packaged Electron's ABI. `npm ci` builds it for Node's ABI; electron-builder's rebuild replaces
// that build in the staged app. A module that was not rebuilt (no internet, no toolchain, a
// Windows installer built on Linux) would ship and fail at the counter; this makes it fail here.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const UNPACKED_BINDING = join(
  'app.asar.unpacked',
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);

export interface NativeTarget {
  platform: string;
  arch: string;
  electronVersion: string;
}

type Format = 'elf' | 'pe' | 'macho' | 'macho-universal';

export interface BinaryInfo {
  format: Format;
  /** Node's arch names; a universal Mach-O lists each slice. */
  arches: string[];
  /** The module ABI the binary registers for; 'napi' when it is ABI-independent. */
  abi: string | undefined;
}

const ELF_MACHINES: Record<number, string> = {
  0x03: 'ia32',
  0x28: 'armv7l',
  0x3e: 'x64',
  0xb7: 'arm64',
};
const PE_MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };
const MACHO_CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

const FORMAT_NAMES: Record<Format, string> = {
  elf: 'a Linux (ELF)',
  pe: 'a Windows (PE)',
  macho: 'a macOS (Mach-O)',
  'macho-universal': 'a universal macOS (Mach-O)',
};

const FORMAT_OF_PLATFORM: Record<string, Format[]> = {
  linux: ['elf'],
  win32: ['pe'],
  darwin: ['macho', 'macho-universal'],
  mas: ['macho', 'macho-universal'],
};

function abiOf(binary: Buffer): string | undefined {
  if (binary.includes('napi_register_module_v')) return 'napi';
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match?.[1];
}

/** Reads just enough of an executable's header to tell its format and arch. */
export function describeBinary(binary: Buffer): BinaryInfo {
  const abi = abiOf(binary);
  if (binary.length >= 20 && binary.readUInt32BE(0) === 0x7f454c46) {
    const machine = binary.readUInt16LE(18);
    return { format: 'elf', arches: [ELF_MACHINES[machine] ?? `elf-${machine}`], abi };
  }
  if (binary.length >= 64 && binary.toString('latin1', 0, 2) === 'MZ') {
    const pe = binary.readUInt32LE(0x3c);
    if (binary.length >= pe + 6 && binary.toString('latin1', pe, pe + 4) === 'PE\0\0') {
      const machine = binary.readUInt16LE(pe + 4);
      return { format: 'pe', arches: [PE_MACHINES[machine] ?? `pe-${machine}`], abi };
    }
  }
  if (binary.length >= 8 && binary.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = binary.readUInt32LE(4);
    return { format: 'macho', arches: [MACHO_CPUS[cpu] ?? `macho-${cpu}`], abi };
  }
  if (binary.length >= 8 && binary.readUInt32BE(0) === 0xcafebabe) {
    const count = binary.readUInt32BE(4);
    const arches: string[] = [];
    for (let index = 0; index < count && 8 + index * 20 + 4 <= binary.length; index++) {
      const cpu = binary.readUInt32BE(8 + index * 20);
      arches.push(MACHO_CPUS[cpu] ?? `macho-${cpu}`);
    }
    return { format: 'macho-universal', arches, abi };
  }
  throw new Error('not an ELF, PE or Mach-O binary');
}

/** Electron's module ABI (NODE_MODULE_VERSION) for a version, from node-abi's registry. */
export function electronAbi(electronVersion: string): string {
  const nodeAbi = createRequire(import.meta.url)('node-abi') as {
    getAbi(target: string, runtime: string): string;
  };
  return nodeAbi.getAbi(electronVersion, 'electron');
}

/** Throws, saying what is wrong and what to do, unless the packed module fits the target. */
export function checkNativeModule(resourcesDir: string, target: NativeTarget): BinaryInfo {
  const path = join(resourcesDir, UNPACKED_BINDING);
  if (!existsSync(path)) {
    throw new Error(
      `better-sqlite3's native module is not unpacked from the archive (${path} is missing): ` +
        'check asarUnpack in electron-builder.yml.',
    );
  }
  const info = describeBinary(readFileSync(path));
  const formats = FORMAT_OF_PLATFORM[target.platform];
  if (!formats?.includes(info.format)) {
    throw new Error(
      `better-sqlite3's native module in ${path} is ${FORMAT_NAMES[info.format]} binary, which ${target.platform} ` +
        'cannot load: native modules are rebuilt for the OS the installer is built on, so build ' +
        `${target.platform} installers on ${target.platform} (docs/packaging.md).`,
    );
  }
  const archFits =
    target.arch === 'universal' ? info.arches.length > 1 : info.arches.includes(target.arch);
  if (!archFits) {
    throw new Error(
      `better-sqlite3's native module in ${path} is built for ${info.arches.join('+')}, ` +
        `not ${target.arch}.`,
    );
  }
  const expected = electronAbi(target.electronVersion);
  if (info.abi !== 'napi' && info.abi !== expected) {
    throw new Error(
      `better-sqlite3's native module in ${path} is built for module ABI ${info.abi ?? 'unknown'}, ` +
        `but Electron ${target.electronVersion} needs ABI ${expected}: the rebuild for Electron did ` +
        'not run or failed (npmRebuild in electron-builder.yml; it needs internet or a toolchain).',
    );
  }
  return info;
}

// Electron's binary cannot be downloaded here. Its fuse wire is a sentinel followed by a version,
// a length and one byte per fuse; a stand-in carrying a wire like Electron 41's lets the real
// @electron/fuses flip it and read it back, and lets electron-builder lay out a real app around it.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults, fuse by fuse: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
 * --inspect on, ASAR integrity off, only-ASAR off, browser V8 snapshot off, file:// privileges
 * on, and a ninth fuse newer than @electron/fuses knows (it must be left alone). */
export const DEFAULT_WIRE = '101100011';

export function standInBinary(wire = DEFAULT_WIRE): Buffer {
  return Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron"\n# '),
    Buffer.from(SENTINEL),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'latin1'),
    Buffer.from('\n'),
  ]);
}

export function writeStandIn(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, standInBinary());
  chmodSync(path, 0o755);
}

/** An unpacked Linux Electron as electron-builder's electronDist expects it. */
export function writeStandInLinuxDist(dir: string): void {
  writeStandIn(join(dir, 'electron'));
  mkdirSync(join(dir, 'resources'), { recursive: true });
  writeFileSync(join(dir, 'resources', 'default_app.asar'), 'stand-in');
  mkdirSync(join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, 'locales', 'en-US.pak'), 'stand-in');
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
}

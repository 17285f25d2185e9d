// Regenerates the installers' icons from build/icon.svg: `npx tsx scripts/package-icons.ts`.
// The outputs are committed, so a packaging machine needs none of this; regenerating needs only
// rsvg-convert (Debian: librsvg2-bin). The .ico and .icns containers hold PNG images, which every
// supported Windows and macOS reads, so they are written here rather than by another tool.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const buildDir = fileURLToPath(new URL('../build/', import.meta.url));

/** Linux desktop icon sizes (build/icons/NxN.png, as electron-builder expects). */
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
/** ICNS types holding PNG data, by pixel size (the @2x types share sizes with larger 1x ones). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
] as const;

function render(svg: string, size: number): Buffer {
  return execFileSync('rsvg-convert', ['--width', `${size}`, '--height', `${size}`, svg], {
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** An ICO file whose entries are PNG images (Windows Vista and later). */
export function icoOf(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1: icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** An ICNS file: a big-endian "icns" header, then (type, length, PNG) blocks. */
export function icnsOf(blocks: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const parts = blocks.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([header, ...parts]);
}

function main(): void {
  const svg = join(buildDir, 'icon.svg');
  readFileSync(svg); // a clear ENOENT before any tool runs
  const pngs = new Map<number, Buffer>();
  const png = (size: number): Buffer => {
    let image = pngs.get(size);
    if (!image) {
      image = render(svg, size);
      pngs.set(size, image);
    }
    return image;
  };
  writeFileSync(join(buildDir, 'icon.png'), png(1024));
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) {
    writeFileSync(join(buildDir, 'icons', `${size}x${size}.png`), png(size));
  }
  writeFileSync(
    join(buildDir, 'icon.ico'),
    icoOf(ICO_SIZES.map((size) => ({ size, png: png(size) }))),
  );
  writeFileSync(
    join(buildDir, 'icon.icns'),
    icnsOf(ICNS_TYPES.map(([type, size]) => ({ type, png: png(size) }))),
  );
  console.log(`Wrote icon.png, icon.ico, icon.icns and icons/ in ${buildDir}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

// Lists an app.asar from its header (a JSON index after two little-endian length words), so a
// test can see exactly what the packed app holds without unpacking it.
import { readFileSync } from 'node:fs';

export interface AsarEntry {
  path: string;
  unpacked: boolean;
}

interface AsarNode {
  files?: Record<string, AsarNode>;
  unpacked?: boolean;
  offset?: string;
  size?: number;
}

function headerOf(archive: Buffer): { root: AsarNode; dataStart: number } {
  const jsonLength = archive.readUInt32LE(12);
  return {
    root: JSON.parse(archive.toString('utf8', 16, 16 + jsonLength)) as AsarNode,
    dataStart: 8 + archive.readUInt32LE(4),
  };
}

/** One packed (not unpacked) file's bytes. */
export function readAsarFile(file: string, path: string): Buffer {
  const archive = readFileSync(file);
  const { root, dataStart } = headerOf(archive);
  let node: AsarNode | undefined = root;
  for (const part of path.split('/')) node = node?.files?.[part];
  if (node?.offset === undefined || node.size === undefined) {
    throw new Error(`${path} is not a packed file in ${file}`);
  }
  const start = dataStart + Number(node.offset);
  return archive.subarray(start, start + node.size);
}

export function listAsar(file: string): AsarEntry[] {
  const { root } = headerOf(readFileSync(file));
  const entries: AsarEntry[] = [];
  const walk = (node: AsarNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (child.files) walk(child, path);
      else entries.push({ path, unpacked: child.unpacked === true });
    }
  };
  walk(root, '');
  return entries;
}

/** The npm package names the archive carries at the top of node_modules. */
export function topLevelPackages(entries: readonly AsarEntry[]): Set<string> {
  const names = new Set<string>();
  for (const { path } of entries) {
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(path);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

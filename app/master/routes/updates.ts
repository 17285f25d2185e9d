// Public: the registers' update feed (`serve --updates DIR`). Each channel is a folder of DIR
// holding what `npm run dist` wrote for it: latest.yml (Windows), latest-mac.yml,
// latest-linux.yml and the installers they name. Installers carry no secret, so no token is
// asked; only plain file names inside a channel folder are served, nothing else under DIR.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../http-errors.js';

/** Channels are named like store ids. */
const CHANNEL = /^[a-z0-9][a-z0-9-]{0,39}$/;
/** A plain file name (no separators, no leading dot) of a kind electron-updater fetches. */
const FEED_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const CONTENT_TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.dmg': 'application/x-apple-diskimage',
  '.zip': 'application/zip',
  '.AppImage': 'application/vnd.appimage',
  '.deb': 'application/vnd.debian.binary-package',
};

export interface UpdateRoutesOptions {
  /** The folder whose sub-folders are the channels. */
  dir: string;
}

/** The file's real path when it is a regular file inside root's channel folder, else undefined. */
async function feedFile(root: string, channel: string, file: string): Promise<string | undefined> {
  if (!CHANNEL.test(channel) || !FEED_FILE.test(file)) return undefined;
  if (!Object.hasOwn(CONTENT_TYPES, extname(file))) return undefined;
  try {
    const realRoot = await realpath(root);
    // A symbolic link pointing out of the channel folder is not served either.
    const real = await realpath(join(realRoot, channel, file));
    if (!real.startsWith(join(realRoot, channel) + sep)) return undefined;
    return (await stat(real)).isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}

export function updateRoutes(app: FastifyInstance, { dir }: UpdateRoutesOptions): void {
  app.get<{ Params: { channel: string; file: string } }>(
    '/updates/:channel/:file',
    async (request, reply) => {
      const { channel, file } = request.params;
      const path = await feedFile(dir, channel, file);
      if (!path) throw notFound(`no update file "${file}" in channel "${channel}"`);
      const { size } = await stat(path);
      return (
        reply
          .header('content-type', CONTENT_TYPES[extname(file)])
          .header('content-length', String(size))
          // A new release replaces latest*.yml under the same name: always ask again.
          .header('cache-control', 'no-cache')
          .send(createReadStream(path))
      );
    },
  );
}

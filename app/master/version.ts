import { readFileSync } from 'node:fs';

/** The package version, reported by /v1/health so IT can see which master answers. */
export const MASTER_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

// A store's installer identity (stores/<store>.json): which store the register belongs to, where
// its master is, how it syncs. An installer is copied around freely (file shares, USB sticks, the
// update feed), so a store file never carries a secret: the register enrols at first start with
// a one-time code from the master (`npm run master -- code <storeId>`).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { storeIdSchema } from '../protocol/events.js';
import { syncModeSchema } from '../protocol/register-api.js';

/** Words that name a credential; a field whose name contains one is refused outright. */
const SECRET_WORDS = new Set([
  'auth',
  'code',
  'cookie',
  'credential',
  'credentials',
  'key',
  'otp',
  'pass',
  'passphrase',
  'passwd',
  'password',
  'pin',
  'private',
  'secret',
  'session',
  'token',
]);

/** "enrolmentCode" → ["enrolment", "code"]; "master_token" → ["master", "token"]. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** The paths of every field, at any depth, whose name looks like a secret. */
export function secretLookingFields(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => secretLookingFields(item, [...path, `${index}`]));
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => {
    const here = [...path, name];
    const secret = wordsOf(name).some((word) => SECRET_WORDS.has(word));
    return [...(secret ? [here.join('.')] : []), ...secretLookingFields(child, here)];
  });
}

const masterUrlSchema = z
  .url({ protocol: /^https?$/, error: 'masterUrl must be an http(s):// address' })
  .refine((text) => {
    const url = new URL(text);
    return url.username === '' && url.password === '';
  }, 'masterUrl must not carry a user name or password: installers never hold credentials')
  .refine((text) => {
    const url = new URL(text);
    return url.search === '' && url.hash === '';
  }, 'masterUrl must not carry a query or fragment (a token in the address is still a secret)')
  // One spelling, so the update feed's address is built the same way each time.
  .transform((text) => text.replace(/\/+$/, ''));

export const storeFileSchema = z.strictObject({
  storeId: storeIdSchema,
  storeName: z.string().trim().min(1, 'storeName is empty').max(100),
  masterUrl: masterUrlSchema,
  defaultMode: syncModeSchema,
  nightlyAt: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'nightlyAt must be HH:MM, 00:00 to 23:59')
    .optional(),
});
export type StoreFile = z.infer<typeof storeFileSchema>;

export class StoreFileError extends Error {}

/** Validates a parsed store file; secrets are refused before anything else is looked at. */
export function parseStoreFile(value: unknown, source: string): StoreFile {
  const secrets = secretLookingFields(value);
  if (secrets.length > 0) {
    throw new StoreFileError(
      `${source}: ${secrets.map((field) => `"${field}"`).join(', ')} looks like a secret. ` +
        'An installer is copied around freely and must never carry one: remove the field; the ' +
        'register enrols at first start with a one-time code (npm run master -- code <storeId>).',
    );
  }
  const parsed = storeFileSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      return `${where}${issue.message}`;
    });
    throw new StoreFileError(`${source}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

export function readStoreFile(path: string): StoreFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new StoreFileError(`${path}: cannot read the store file (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new StoreFileError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseStoreFile(value, path);
}

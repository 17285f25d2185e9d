// PINs are kept only as salted scrypt hashes. A 4-digit PIN has few enough values that the hash
// alone would not stop a patient attacker holding the file; the sign-in lockout is what guards
// the counter, and the hash keeps PINs out of backups and logs in readable form.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const PIN_PATTERN = /^[0-9]{4,8}$/;
export const PIN_RULE = 'A PIN is 4 to 8 digits.';

/** scrypt cost: tens of milliseconds per check on a till, so a sign-in over a dozen people stays quick. */
export const PIN_SCRYPT: ScryptOptions = { N: 2 ** 13, r: 8, p: 1, maxmem: 32 * 1024 * 1024 };
const HASH_BYTES = 32;
const SALT_BYTES = 16;

export interface PinHash {
  salt: Buffer;
  hash: Buffer;
}

export function isValidPin(pin: string): boolean {
  return PIN_PATTERN.test(pin);
}

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, HASH_BYTES, PIN_SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export async function hashPin(pin: string): Promise<PinHash> {
  const salt = randomBytes(SALT_BYTES);
  return { salt, hash: await derive(pin, salt) };
}

export async function pinMatches(pin: string, stored: PinHash): Promise<boolean> {
  const candidate = await derive(pin, stored.salt);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}

// Secrets handed to registers: bearer tokens and one-time enrolment codes. The master stores only
// their SHA-256, so a copy of the database cannot be used to push events as a register.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const ENROLMENT_CODE_LENGTH = 10;
export const ENROLMENT_CODE_DAYS = 7;

export function sha256(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** 256 random bits, base64url: 43 characters. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Constant-time, so response timing says nothing about how much of a hash matched. */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newRegisterId(): string {
  return `reg-${randomBytes(6).toString('hex')}`;
}

/** 50 random bits in the RFC 4648 base32 alphabet, which has no 0/O or 1/I to confuse. */
export function newEnrolmentCode(): string {
  // 256 is a multiple of 32, so taking 5 bits of each byte keeps every letter equally likely.
  return [...randomBytes(ENROLMENT_CODE_LENGTH)].map((byte) => BASE32[byte & 31]).join('');
}

/** How the code is printed for IT to read out: two groups of five. */
export function formatEnrolmentCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * Undoes what people do when typing a code: lower case, spaces, dashes, and the digits 0, 1 and 8
 * read for the letters O, I and B.
 */
export function normalizeEnrolmentCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/0/g, 'O')
    .replace(/1/g, 'I')
    .replace(/8/g, 'B');
}

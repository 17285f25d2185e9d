// PINs are stored only as salted scrypt hashes: the same PIN never hashes the same way twice, and
// only the right PIN matches.
import { describe, expect, it } from 'vitest';
import { hashPin, isValidPin, pinMatches } from '../../app/staff/pin.js';

describe('PIN hashing', () => {
  it('salts: the same PIN gives a different salt and hash each time, and both still match', async () => {
    const first = await hashPin('1234');
    const second = await hashPin('1234');
    expect(first.salt).toHaveLength(16);
    expect(first.hash.length).toBeGreaterThanOrEqual(32);
    expect(first.salt.equals(second.salt)).toBe(false);
    expect(first.hash.equals(second.hash)).toBe(false);
    expect(first.hash.toString('utf8')).not.toContain('1234');
    await expect(pinMatches('1234', first)).resolves.toBe(true);
    await expect(pinMatches('1234', second)).resolves.toBe(true);
  });

  it('a wrong PIN does not match', async () => {
    const stored = await hashPin('0000');
    await expect(pinMatches('0001', stored)).resolves.toBe(false);
    await expect(pinMatches('00000', stored)).resolves.toBe(false);
  });

  it.each([
    ['1234', true],
    ['12345678', true],
    ['123', false],
    ['123456789', false],
    ['12a4', false],
    [' 1234', false],
    ['', false],
  ])('a PIN is 4 to 8 digits: %j → %s', (pin, valid) => {
    expect(isValidPin(pin)).toBe(valid);
  });
});

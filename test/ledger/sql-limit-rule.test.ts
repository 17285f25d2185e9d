// A bare `LIMIT ?` makes SQLite prepare the statement again on every run (it plans with the bound
// value); eslint.config.js refuses one in app/, in plain strings and in template literals alike.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function ruleErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages.map((message) => `${message.ruleId ?? '?'}: ${message.message}`);
}

describe('no bare LIMIT parameter in app/ SQL (eslint.config.js)', () => {
  it.each([
    "export const sql = 'SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?';\n",
    'export const sql = `SELECT body FROM events\n  ORDER BY seq limit  ?`;\n',
  ])('refuses %j', async (code) => {
    const errors = await ruleErrors(code, 'app/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-syntax: .*LIMIT CAST\(\? AS INTEGER\)/);
  });

  it.each([
    "export const sql = 'SELECT body FROM events ORDER BY seq LIMIT CAST(? AS INTEGER)';\n",
    "export const sql = 'SELECT body FROM events ORDER BY seq LIMIT 500';\n",
  ])('accepts %j', async (code) => {
    expect(await ruleErrors(code, 'app/x.ts')).toEqual([]);
  });

  it('leaves migrations as they ran', async () => {
    const code = "export const sql = 'SELECT * FROM events ORDER BY seq LIMIT ?';\n";
    expect(await ruleErrors(code, 'app/ledger/migrations/099-x.ts')).toEqual([]);
  });
});

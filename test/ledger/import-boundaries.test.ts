// The process boundaries of DEVELOPERS.md are enforced by eslint.config.js, not by memory: lint
// snippets as if they lived in renderer/ and app/ and check what the real config says.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Type-aware rules need the file in a tsconfig project, and these snippets exist nowhere on disk;
// only the parser's type information is switched off, the boundary rules are the real ones.
const eslint = new ESLint({ cwd: ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('ESLint returned no result');
  const fatal = result.messages.filter((message) => message.fatal);
  expect(fatal, 'the snippet must parse').toEqual([]);
  return result.messages.map((message) => `${message.ruleId ?? '?'}: ${message.message}`);
}

describe('import boundaries (eslint.config.js)', () => {
  it.each([
    ["import fs from 'node:fs';\nexport const read = fs.readFileSync;\n", /no Node built-ins/],
    [
      "import { readFileSync } from 'fs';\nexport const read = readFileSync;\n",
      /no Node built-ins/,
    ],
    ["import { ipcRenderer } from 'electron';\nexport const ipc = ipcRenderer;\n", /typed API/],
    ["import Database from 'better-sqlite3';\nexport const db = Database;\n", /ledger database/],
    [
      "import { Ledger } from '../app/ledger/ledger.js';\nexport const l = Ledger;\n",
      /app\/protocol/,
    ],
    ["import { start } from '../main/index.js';\nexport const s = start;\n", /never imports main/],
  ])('renderer/ refuses %j', async (code, reason) => {
    const errors = await boundaryErrors(code, 'renderer/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: /);
    expect(errors[0]).toMatch(reason);
  });

  it.each([
    ["import { app } from 'electron';\nexport const a = app;\n", /never imports electron/],
    ["import { useState } from 'react';\nexport const u = useState;\n", /never imports react/],
    [
      "import { App } from '../renderer/app.js';\nexport const a = App;\n",
      /never imports renderer/,
    ],
    ["import { start } from '../main/index.js';\nexport const s = start;\n", /never imports main/],
  ])('app/ refuses %j', async (code, reason) => {
    const errors = await boundaryErrors(code, 'app/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^no-restricted-imports: /);
    expect(errors[0]).toMatch(reason);
  });

  it('app/ may use Node built-ins', async () => {
    const code = "import fs from 'node:fs';\nexport const read = fs.readFileSync;\n";
    expect(await boundaryErrors(code, 'app/x.ts')).toEqual([]);
  });

  // gitignore semantics: the allow-list must re-include the folder app/protocol itself.
  it('renderer/ may import the contract in app/protocol', async () => {
    const code =
      "import { EVENT_KINDS } from '../app/protocol/events.js';\nexport const k = EVENT_KINDS;\n";
    expect(await boundaryErrors(code, 'renderer/x.ts')).toEqual([]);
  });
});

// Process boundaries live here, not in anyone's memory: app/ is the Electron-free domain core,
// renderer/ is a sandboxed browser page, main/ is the thin Electron composition root.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

const appBoundary = {
  paths: [
    { name: 'electron', message: 'app/ is the domain core: it never imports electron.' },
    { name: 'react', message: 'app/ is the domain core: it never imports react.' },
    { name: 'react-dom', message: 'app/ is the domain core: it never imports react-dom.' },
  ],
  patterns: [
    {
      group: ['**/main', '**/main/**'],
      message: 'app/ never imports main/ (main/ depends on app/).',
    },
    {
      group: ['**/renderer', '**/renderer/**'],
      message:
        'app/ never imports renderer/ (the UI depends on the API contract, not the reverse).',
    },
  ],
};

const rendererBoundary = {
  paths: [
    {
      name: 'electron',
      message: 'renderer/ talks to the register only through the typed API object.',
    },
    { name: 'better-sqlite3', message: 'renderer/ never touches the ledger database directly.' },
    ...nodeBuiltins.map((name) => ({
      name,
      message: 'renderer/ runs in a sandboxed page: no Node built-ins.',
    })),
  ],
  patterns: [
    { group: ['node:*'], message: 'renderer/ runs in a sandboxed page: no Node built-ins.' },
    { group: ['**/main', '**/main/**'], message: 'renderer/ never imports main/.' },
    {
      // gitignore semantics: a folder excluded whole cannot have a file re-included, so match
      // app/'s children and re-include the protocol folder itself.
      group: ['**/app/*', '!**/app/protocol'],
      message:
        'renderer/ may import from app/ only the contract in app/protocol (types and schemas).',
    },
  ],
};

// SQLite plans a query with the value bound to a bare `LIMIT ?`, so every run of the statement
// (better-sqlite3 binds every parameter each time) prepares it again: 6.2 µs against 1.4 µs for
// the outbox's one-event read of a strong sale. `LIMIT CAST(? AS INTEGER)` is planned once.
const sqlLimitParameter = {
  message:
    'SQLite prepares a statement again on every run when its LIMIT is a bare parameter: write LIMIT CAST(? AS INTEGER).',
};
const noBareSqlLimit = [
  { selector: 'Literal[value=/\\bLIMIT\\s+\\?/i]', ...sqlLimitParameter },
  { selector: 'TemplateElement[value.raw=/\\bLIMIT\\s+\\?/i]', ...sqlLimitParameter },
];

const mainBoundary = {
  paths: [],
  patterns: [
    { group: ['**/renderer', '**/renderer/**'], message: 'main/ never imports renderer/ code.' },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      'coverage/',
      'test-results/',
      'playwright-report/',
      '.data/',
      'bench/peers/node_modules/',
      'test/fixtures/lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['app/**', 'main/**', 'test/**', 'scripts/**', '*.js', '*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ['app/**'], rules: { 'no-restricted-imports': ['error', appBoundary] } },
  {
    files: ['app/**'],
    // A migration runs each of its statements a few times, once per chunk, and stays as it ran.
    ignores: ['app/**/migrations/**'],
    rules: { 'no-restricted-syntax': ['error', ...noBareSqlLimit] },
  },
  { files: ['main/**'], rules: { 'no-restricted-imports': ['error', mainBoundary] } },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', rendererBoundary] },
  },
);

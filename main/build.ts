// Bundles the Electron main process and the preload into dist/main (CommonJS, which Electron
// loads directly). The main process keeps its npm dependencies external (they ship in
// node_modules; better-sqlite3 is native and cannot be bundled); the sandboxed preload can load
// nothing but electron, so everything else it uses is bundled into it.
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: 'main/index.ts',
    outDir: 'dist/main',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      external: ['electron', ...nodeBuiltins],
      output: { format: 'cjs', entryFileNames: 'index.cjs' },
    },
  },
});

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist/main',
    emptyOutDir: false,
    target: 'chrome120',
    minify: false,
    sourcemap: true,
    lib: { entry: 'main/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rolldownOptions: { external: ['electron'] },
  },
});

console.log('Built dist/main/index.cjs and dist/main/preload.cjs');

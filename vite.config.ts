// Builds the register's page (renderer/) into dist/renderer, served by the Electron shell's app://
// protocol and by the browser shell's host alike.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    // Electron 41 and current Chromium: no need to transpile modern syntax away.
    target: 'chrome120',
  },
});

// main/updater.ts loads the real electron-updater with import() from the CommonJS main bundle;
// this pins how that package presents itself there (the updater test mocks it the same way).
import { describe, expect, it } from 'vitest';

describe('electron-updater under import()', () => {
  it('offers autoUpdater on its default export, as a lazy getter that loads nothing yet', async () => {
    const loaded = await import('electron-updater');
    const descriptor = Object.getOwnPropertyDescriptor(loaded.default, 'autoUpdater');
    expect(typeof descriptor?.get).toBe('function');
  });
});

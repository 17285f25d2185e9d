// Shell fixtures: a register runtime in a fresh data folder (the real first run: demo store,
// catalog and opening stock; with or without the embedded master) and a tiny stand-in for the
// built renderer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { openRegisterRuntime, type RegisterRuntime } from '../../app/shell/register-runtime.js';
import { RendererAssets } from '../../app/shell/renderer-assets.js';

export const silentLog = pino({ level: 'silent' });

/** Standalone unless asked: most tests need a register, not the demo chain around it. */
export function openTestRuntime(
  dataDir: string,
  options: { embeddedMaster?: boolean; storeFile?: string } = {},
): Promise<RegisterRuntime> {
  return openRegisterRuntime({
    dataDir,
    log: silentLog,
    masterCheckMs: 0,
    embeddedMaster: options.embeddedMaster ?? false,
    ...(options.storeFile ? { storeFile: options.storeFile } : {}),
  });
}

export const FAKE_INDEX = `<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>`;

export function fakeRendererAssets(dir: string): RendererAssets {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), FAKE_INDEX);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("register");');
  writeFileSync(join(dir, 'assets', 'index-abc123.js.map'), '{}');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return RendererAssets.load(dir);
}

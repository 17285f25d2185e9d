// Shell fixtures: a register runtime in a fresh data folder (the real first run: demo store,
// catalog and opening stock; with or without the embedded master) and a tiny stand-in for the
// built renderer.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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

/** The call context of someone signed in: handlers record events against them. */
export function asStaff(name: string, role: 'cashier' | 'manager') {
  return { staff: { staffId: `staff-${name.toLowerCase()}`, name, role } };
}

/** A loopback port with nothing listening: the master "cannot be reached", at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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

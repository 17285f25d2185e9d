// What the main process writes down when something dies: a renderer crash, a helper process, a
// promise nobody handled, an exception nobody caught (written synchronously, before the dialog).
import { describe, expect, it, vi } from 'vitest';
import { logCrashes } from '../../main/crash-log.js';
import { FakeEmitter, FakeWebContents } from './electron-fakes.js';

function setUp() {
  const app = new FakeEmitter();
  const process = new FakeEmitter();
  const fileLog = { fatalSync: vi.fn(), log: { error: vi.fn() } };
  logCrashes(app as never, process as never, fileLog);
  return { app, process, fileLog };
}

describe('crash logging in the main process', () => {
  it('logs a renderer that went away, with its reason and exit code', () => {
    const { app, fileLog } = setUp();
    const contents = Object.assign(new FakeWebContents(), { id: 3 });
    app.emit('render-process-gone', {}, contents, { reason: 'oom', exitCode: 9 });
    expect(fileLog.log.error).toHaveBeenCalledWith(
      { reason: 'oom', exitCode: 9, webContentsId: 3 },
      'The register page crashed',
    );
  });

  it('logs a helper process that crashed, and not one that exited cleanly', () => {
    const { app, fileLog } = setUp();
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'clean-exit', exitCode: 0 });
    expect(fileLog.log.error).not.toHaveBeenCalled();
    app.emit('child-process-gone', {}, { type: 'GPU', reason: 'crashed', exitCode: 139 });
    expect(fileLog.log.error).toHaveBeenCalledWith(
      { type: 'GPU', reason: 'crashed', exitCode: 139 },
      'An Electron helper process went away',
    );
  });

  it('writes an uncaught exception synchronously and logs an unhandled rejection', () => {
    const { process, fileLog } = setUp();
    const crash = new Error('ledger closed under us');
    process.emit('uncaughtExceptionMonitor', crash, 'uncaughtException');
    expect(fileLog.fatalSync).toHaveBeenCalledWith(
      crash,
      'An error nobody caught (uncaughtException)',
    );
    const reason = new Error('master went away');
    process.emit('unhandledRejection', reason);
    expect(fileLog.log.error).toHaveBeenCalledWith(
      { err: reason },
      'A promise failed and nobody handled it',
    );
  });
});

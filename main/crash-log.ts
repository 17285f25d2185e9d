// What IT needs after a register misbehaved: where its data and log are, errors nobody caught in
// the main process, and every time the page's renderer (or a helper process) went away.
import type { App } from 'electron';
import type { Logger } from 'pino';
import { logUncaughtErrors, type FileLog } from '../app/shell/file-log.js';

type Crashes = Pick<App, 'on'>;

export function logCrashes(
  app: Crashes,
  target: Pick<NodeJS.Process, 'on'>,
  fileLog: Pick<FileLog, 'fatalSync'> & { log: Pick<Logger, 'error'> },
): void {
  logUncaughtErrors(target, fileLog);
  // Electron only warns about these, and the main process carries on: write them down.
  target.on('unhandledRejection', (reason: unknown) =>
    fileLog.log.error({ err: reason }, 'A promise failed and nobody handled it'),
  );
  app.on('render-process-gone', (_event, contents, details) =>
    fileLog.log.error(
      // The reason and exit code only: the page's URL is always app://bookcase/, its state is a sale.
      { reason: details.reason, exitCode: details.exitCode, webContentsId: contents.id },
      'The register page crashed',
    ),
  );
  app.on('child-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    fileLog.log.error(
      { type: details.type, reason: details.reason, exitCode: details.exitCode },
      'An Electron helper process went away',
    );
  });
}

// The register's log on disk, for IT after something went wrong at a counter: one JSON record per
// line in <data folder>/logs/register.log, rotated by size (register.log.1.gz is the newest old
// file) with a cap on how many old files are kept, so a register left running for years never
// fills its disk. Both shells log through this (the Electron main process and the browser shell);
// in development the same records are also printed as plain lines.
//
// pino writes synchronously into the rotating stream (no worker thread: the Electron main bundle
// cannot ship pino's transports), and a failing disk never stops a sale: a write error is
// reported on stderr and the register carries on.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger, type StreamEntry } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { plainConsole } from './console-log.js';

export const LOG_FILE_NAME = 'register.log';
export const DEFAULT_ROTATE_SIZE = '5M';
export const DEFAULT_KEEP_FILES = 7;

/**
 * Whatever a call passes, these never reach the log: a staff PIN, a payment (its card reference),
 * a whole API payload. Logging code does not put them there; this is the guard if one day it does.
 */
export const REDACTED_PATHS = [
  'pin',
  '*.pin',
  'newPin',
  '*.newPin',
  'payment',
  '*.payment',
  'reference',
  '*.reference',
  'payload',
  '*.payload',
  'body',
  '*.body',
];

export function logDirOf(dataDir: string): string {
  return join(dataDir, 'logs');
}

export function logFileOf(dataDir: string): string {
  return join(logDirOf(dataDir), LOG_FILE_NAME);
}

export interface FileLogOptions {
  dataDir: string;
  level?: string;
  /** Also print plain lines on the console (development, a terminal). */
  console?: boolean;
  /** Rotate when the file exceeds this size (rotating-file-stream syntax: '5M', '300B'). */
  rotateSize?: `${number}${'B' | 'K' | 'M' | 'G'}`;
  /** How many rotated (gzipped) files to keep besides the current one. */
  keep?: number;
  /** Where a failure to write the log is reported (stderr). */
  onWriteError?: (error: Error) => void;
  /** Told each time an old file has been rotated out (and compressed). */
  onRotated?: (file: string) => void;
}

export interface FileLog {
  log: Logger;
  /** The file being written now. */
  file: string;
  /**
   * Writes one fatal record straight to the file, synchronously: for the moment before a crash,
   * when a buffered line would be lost with the process.
   */
  fatalSync(error: unknown, message: string): void;
  /** Flushes and closes the file: the last lines are on disk when this resolves. */
  close(): Promise<void>;
}

export function openFileLog(options: FileLogOptions): FileLog {
  const dir = logDirOf(options.dataDir);
  const path = join(dir, LOG_FILE_NAME);
  const level = options.level ?? process.env.BOOKCASE_LOG_LEVEL ?? 'info';
  const onWriteError =
    options.onWriteError ??
    ((error: Error) =>
      process.stderr.write(`The register's log cannot be written: ${error.message}\n`));
  const file = openRotatingFile(dir, options, onWriteError);

  const streams: StreamEntry[] = [];
  if (file) streams.push({ level: 'trace', stream: file });
  // Without a file, the console is the only record left: use it even when not asked for.
  if (options.console || !file) streams.push({ level: 'trace', stream: plainConsole() });
  const log = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    pino.multistream(streams),
  );
  return {
    log,
    file: path,
    fatalSync(error, message) {
      const record = {
        level: 60,
        time: new Date().toISOString(),
        pid: process.pid,
        err: error instanceof Error ? pino.stdSerializers.err(error) : { message: String(error) },
        msg: message,
      };
      try {
        appendFileSync(path, `${JSON.stringify(record)}\n`);
      } catch (writeError) {
        onWriteError(writeError as Error);
      }
    },
    close: () => (file ? closeStream(file) : Promise.resolve()),
  };
}

function openRotatingFile(
  dir: string,
  options: FileLogOptions,
  onWriteError: (error: Error) => void,
): RotatingFileStream | undefined {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    onWriteError(error as Error);
    return undefined;
  }
  // Classic logrotate naming: register.log now, register.log.1.gz the newest old file.
  // (With `rotate`, the generator gets the rotation's index, or nothing for the current file.)
  const name = (index: number | Date) =>
    typeof index === 'number' && index > 0 ? `${LOG_FILE_NAME}.${index}.gz` : LOG_FILE_NAME;
  const file = createStream(name, {
    path: dir,
    size: options.rotateSize ?? DEFAULT_ROTATE_SIZE,
    rotate: options.keep ?? DEFAULT_KEEP_FILES,
    compress: 'gzip',
  });
  file.on('error', onWriteError);
  file.on('warning', onWriteError);
  if (options.onRotated) file.on('rotated', options.onRotated);
  return file;
}

function closeStream(file: RotatingFileStream): Promise<void> {
  if (file.destroyed || file.writableFinished) return Promise.resolve();
  return new Promise((resolve) => {
    file.once('finish', () => resolve());
    file.once('error', () => resolve());
    file.end();
  });
}

/**
 * An error nobody caught is written to the log, synchronously, before the process does whatever
 * it does with it (Node exits; Electron shows its dialog). The monitor hook only observes: it
 * leaves that behaviour as it was. In Node an unhandled promise rejection arrives here too.
 */
export function logUncaughtErrors(
  target: Pick<NodeJS.Process, 'on'>,
  fileLog: Pick<FileLog, 'fatalSync'>,
): void {
  target.on('uncaughtExceptionMonitor', (error: Error, origin: string) =>
    fileLog.fatalSync(error, `An error nobody caught (${origin})`),
  );
}

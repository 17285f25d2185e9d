// Parses `npm run master -- <command>` and runs it. Separate from cli.ts so tests can call it
// in-process; returns the exit status instead of exiting.
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Level } from 'pino';
import { ENROLMENT_CODE_DAYS } from './credentials.js';
import { MasterDatabaseError } from './master-errors.js';
import { copySqliteMasterToPostgres } from './pg-copy-from-sqlite.js';
import { DATABASE_URL_ENV, POOL_SIZE_ENV, databaseUrlFrom } from './pg-storage-selection.js';
import {
  UsageError,
  addStore,
  issueCode,
  listRegisters,
  revokeRegister,
  seedDemo,
  type Print,
} from './operator-commands.js';
import { serve } from './serve.js';

export const DEFAULT_DATA_DIR = '.data/master';
export const DEFAULT_PORT = 8787;

export const USAGE = `Bookcase master register

Usage: npm run master -- <command> [options]

Commands:
  serve                       Run the master HTTP server until SIGTERM or Ctrl-C
  store add <storeId> <name>  Add a store to the chain (or rename an existing one)
  code <storeId>              Print a one-time enrolment code for a new register of the store
                              (valid ${ENROLMENT_CODE_DAYS} days; only its hash is kept)
  registers                   List enrolled registers and whether they are active
  revoke <registerId>         Refuse a register's token from now on
  seed-demo                   Load the demo stores and catalog titles
  migrate-to-postgres         Copy the chain from the SQLite master in --data to the PostgreSQL
                              database in --database; resumable, and safe to run again

Options:
  --data DIR        Master data directory, created if missing; the database is DIR/master.db
                    (default: ${DEFAULT_DATA_DIR})
  --database URL    Use PostgreSQL instead of SQLite, e.g.
                    postgres://bookcase:secret@db.example:5432/bookcase?sslmode=verify-full
                    (default: $${DATABASE_URL_ENV}). Several masters may share one;
                    each opens up to $${POOL_SIZE_ENV} connections (default 10).
                    See docs/postgres.md
  --page-size N     migrate-to-postgres: events per transaction (default 5000)
  --port N          serve: TCP port, 0 for any free one (default: ${DEFAULT_PORT})
  --host ADDR       serve: address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
  --log-level L     serve: fatal, error, warn, info, debug or trace (default: info)
  --trust-proxy     serve: behind a reverse proxy, take the client address from X-Forwarded-For
                    (rate limits count clients, not the proxy)
  --updates DIR     serve: the registers' update feed, GET /updates/<channel>/<file> from
                    DIR/<channel>/ (latest*.yml and installers; see docs/packaging.md)
  -h, --help        Show this help

Examples:
  npm run master -- store add uptown "Uptown"
  npm run master -- code uptown
  npm run master -- serve --data /var/lib/bookcase --port 8787 --host 0.0.0.0
  npm run master -- serve --database postgres://bookcase@db.internal/bookcase --host 0.0.0.0
  npm run master -- migrate-to-postgres --data /var/lib/bookcase --database postgres://…`;

const LOG_LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`);
  }
  return port;
}

function parseLogLevel(text: string | undefined): Level {
  if (text === undefined) return 'info';
  const level = LOG_LEVELS.find((candidate) => candidate === text);
  if (!level) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  return level;
}

function parsePageSize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const size = Number(text);
  if (!/^\d+$/.test(text) || size < 1 || size > 50_000) {
    throw new UsageError(`--page-size must be a whole number from 1 to 50000, not "${text}"`);
  }
  return size;
}

function parseUpdatesDir(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let isDirectory = false;
  try {
    isDirectory = statSync(text).isDirectory();
  } catch {
    // reported below
  }
  if (!isDirectory) throw new UsageError(`--updates must name an existing folder, not "${text}"`);
  return text;
}

function parseDatabaseUrl(text: string | undefined): string | undefined {
  try {
    return databaseUrlFrom(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function expectArgs(command: string, args: string[], names: string[]): string[] {
  if (args.length !== names.length) {
    const shape = names.map((name) => `<${name}>`).join(' ');
    throw new UsageError(`usage: ${command}${shape ? ` ${shape}` : ''}`);
  }
  return args;
}

async function dispatch(argv: string[], print: Print): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string', default: DEFAULT_DATA_DIR },
      database: { type: 'string' },
      'page-size': { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'log-level': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      updates: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === 'help') {
    print(USAGE);
    return;
  }
  const location = { dataDir: values.data, databaseUrl: parseDatabaseUrl(values.database) };
  switch (command) {
    case 'serve':
      expectArgs('serve', args, []);
      return serve({
        ...location,
        port: parsePort(values.port),
        host: values.host,
        logLevel: parseLogLevel(values['log-level']),
        trustProxy: values['trust-proxy'],
        updatesDir: parseUpdatesDir(values.updates),
      });
    case 'store': {
      const [sub, storeId = '', name = ''] = expectArgs('store add', args, [
        'add',
        'storeId',
        'name',
      ]);
      if (sub !== 'add') throw new UsageError('usage: store add <storeId> <name>');
      return addStore(location, storeId, name, print);
    }
    case 'code': {
      const [storeId = ''] = expectArgs('code', args, ['storeId']);
      return issueCode(location, storeId, print);
    }
    case 'registers':
      expectArgs('registers', args, []);
      return listRegisters(location, print);
    case 'revoke': {
      const [registerId = ''] = expectArgs('revoke', args, ['registerId']);
      return revokeRegister(location, registerId, print);
    }
    case 'seed-demo':
      expectArgs('seed-demo', args, []);
      return seedDemo(location, print);
    case 'migrate-to-postgres': {
      expectArgs('migrate-to-postgres', args, []);
      if (!location.databaseUrl) {
        throw new UsageError(
          `migrate-to-postgres needs the target: --database postgres://… (or ${DATABASE_URL_ENV})`,
        );
      }
      const pageSize = parsePageSize(values['page-size']);
      await copySqliteMasterToPostgres({
        dataDir: location.dataDir,
        databaseUrl: location.databaseUrl,
        print,
        ...(pageSize ? { pageSize } : {}),
      });
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** 0: done; 1: the command failed; 2: the command line was wrong. */
export async function runCli(argv: string[], print: Print, printError: Print): Promise<number> {
  try {
    await dispatch(argv, print);
    return 0;
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error instanceof TypeError &&
        'code' in error &&
        String(error.code).startsWith('ERR_PARSE_ARGS'));
    if (usage) {
      printError(`master: ${error.message}`);
      printError('Run with --help for the commands and options.');
      return 2;
    }
    if (error instanceof MasterDatabaseError) {
      printError(`master: ${error.message}`);
      return 1;
    }
    printError(
      `master: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}

// Parses `npm run master -- <command>` and runs it. Separate from cli.ts so tests can call it
// in-process; returns the exit status instead of exiting.
import { parseArgs } from 'node:util';
import type { Level } from 'pino';
import { ENROLMENT_CODE_DAYS } from './credentials.js';
import { MasterDatabaseError } from './master-errors.js';
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

Options:
  --data DIR        Master data directory, created if missing; the database is DIR/master.db
                    (default: ${DEFAULT_DATA_DIR})
  --port N          serve: TCP port, 0 for any free one (default: ${DEFAULT_PORT})
  --host ADDR       serve: address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)
  --log-level L     serve: fatal, error, warn, info, debug or trace (default: info)
  --trust-proxy     serve: behind a reverse proxy, take the client address from X-Forwarded-For
                    (rate limits count clients, not the proxy)
  -h, --help        Show this help

Examples:
  npm run master -- store add uptown "Uptown"
  npm run master -- code uptown
  npm run master -- serve --data /var/lib/bookcase --port 8787 --host 0.0.0.0`;

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
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'log-level': { type: 'string' },
      'trust-proxy': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === 'help') {
    print(USAGE);
    return;
  }
  const data = values.data;
  switch (command) {
    case 'serve':
      expectArgs('serve', args, []);
      return serve({
        dataDir: data,
        port: parsePort(values.port),
        host: values.host,
        logLevel: parseLogLevel(values['log-level']),
        trustProxy: values['trust-proxy'],
      });
    case 'store': {
      const [sub, storeId = '', name = ''] = expectArgs('store add', args, [
        'add',
        'storeId',
        'name',
      ]);
      if (sub !== 'add') throw new UsageError('usage: store add <storeId> <name>');
      return addStore(data, storeId, name, print);
    }
    case 'code': {
      const [storeId = ''] = expectArgs('code', args, ['storeId']);
      return issueCode(data, storeId, print);
    }
    case 'registers':
      expectArgs('registers', args, []);
      return listRegisters(data, print);
    case 'revoke': {
      const [registerId = ''] = expectArgs('revoke', args, ['registerId']);
      return revokeRegister(data, registerId, print);
    }
    case 'seed-demo':
      expectArgs('seed-demo', args, []);
      return seedDemo(data, print);
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

// The shell's log as a person at a terminal wants it: one plain line per message. pino still
// structures each record, so a file or a collector can take the JSON instead.
import { pino, type DestinationStream, type Logger } from 'pino';

/** One plain line per record (warnings and errors on stderr). */
export function plainConsole(): DestinationStream {
  return {
    write(line: string) {
      const record = JSON.parse(line) as {
        level: number;
        msg?: string;
        err?: { message?: string };
      };
      const text = `${record.msg ?? ''}${record.err?.message ? `: ${record.err.message}` : ''}`;
      (record.level >= 40 ? process.stderr : process.stdout).write(`${text}\n`);
    },
  };
}

export function consoleLogger(level = process.env.BOOKCASE_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, plainConsole());
}

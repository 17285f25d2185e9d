// What machine the figures come from: they mean little without it.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  disk: string;
  node: string;
  os: string;
  load: string;
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

export function describeMachine(dataDir: string): Machine {
  let disk = 'unknown';
  try {
    const lines = execFileSync('df', ['-h', dataDir], { encoding: 'utf8' }).trim().split('\n');
    const fields = (lines[1] ?? '').split(/\s+/);
    disk = `${fields[0] ?? '?'} mounted on ${fields[5] ?? '?'}: ${fields[1] ?? '?'} total, ${fields[3] ?? '?'} free (${dataDir})`;
  } catch {
    // df is missing: say unknown rather than guess.
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    disk,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: loadAverage(),
  };
}

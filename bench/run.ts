// `npm run bench [-- --quick] [-- --only 1,4] [-- --dir PATH]`: measures the machine's limits,
// then each figure of issue 7 against them, in one run, and writes docs/benchmarks.md.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Context, FULL, QUICK } from './lib/context.js';
import { describeMachine, loadAverage } from './lib/machine.js';
import { markdownTable, terminalTable, type Row, type Section } from './lib/report.js';
import { nowMs } from './lib/stats.js';
import { measureLimits } from './sections/limits.js';
import { localSale } from './sections/local-sale.js';
import { masterLoad } from './sections/master-load.js';
import { strongSale } from './sections/strong-sale.js';
import { nightlyBatch } from './sections/batch.js';
import { readRepair } from './sections/read-repair.js';
import { scale } from './sections/scale.js';
import { stocktake } from './sections/stocktake.js';
import { profiling } from './lib/master.js';
import { BenchPostgres } from './lib/postgres.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    dir: { type: 'string' },
    out: { type: 'string' },
    profile: { type: 'string' },
  },
});

const quick = values.quick ?? false;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const outFile = resolve(values.out ?? join(repoRoot, 'docs', 'benchmarks.md'));
const scratchParent = resolve(values.dir ?? tmpdir());
mkdirSync(scratchParent, { recursive: true });
const scratchRoot = mkdtempSync(join(scratchParent, 'bookcase-bench-'));
if (values.profile) {
  profiling.dir = resolve(values.profile);
  mkdirSync(profiling.dir, { recursive: true });
}
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;

const SECTIONS: {
  id: string;
  title: string;
  run: (ctx: Context) => Promise<Section>;
  /** Also measured against a master on PostgreSQL. */
  postgres?: boolean;
}[] = [
  { id: 'limit', title: "the machine's limits", run: measureLimits },
  { id: '1', title: 'durable local sale', run: localSale },
  { id: '2', title: 'strong-mode sale, one register', run: strongSale, postgres: true },
  { id: '3', title: 'master under load', run: masterLoad, postgres: true },
  { id: '4', title: 'nightly batch against PouchDB', run: nightlyBatch },
  { id: '5', title: 'read repair against a million events', run: readRepair },
  { id: '6', title: 'scale', run: scale },
  { id: '7', title: 'stocktake', run: stocktake },
];

const selected = (id: string) => id === 'limit' || !only || only.has(id);
const postgres = new BenchPostgres(scratchParent);
// A cluster the bench started must not outlive an interrupted run.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    postgres.stop();
    rmSync(scratchRoot, { recursive: true, force: true });
    process.exit(130);
  });
}
const ctx = new Context(
  quick ? QUICK : FULL,
  quick,
  scratchRoot,
  postgres,
  SECTIONS.some((section) => section.postgres && selected(section.id)),
);
const machine = describeMachine(scratchParent);
const started = new Date();
const rows: Row[] = [];
const notes: string[] = [];
const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

process.stderr.write(
  `Bookcase bench (${quick ? 'quick' : 'full'}): ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node}\n`,
);
const runStart = nowMs();
try {
  for (const section of SECTIONS) {
    // The limits are always measured: every other figure is a ratio to them.
    if (!selected(section.id)) continue;
    const start = nowMs();
    process.stderr.write(`[${section.id}] ${section.title}…\n`);
    try {
      const result = await section.run(ctx);
      rows.push(...result.rows);
      notes.push(...result.notes);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`  failed: ${message}\n`);
      rows.push({
        section: section.id,
        what: section.title,
        figure: 'failed',
        against: '—',
        ratio: '—',
        goal: '—',
        verdict: 'ERROR',
      });
      notes.push(`${section.id}: failed: ${message.split('\n')[0] ?? ''}`);
    }
    process.stderr.write(`  done in ${((nowMs() - start) / 1000).toFixed(1)} s\n`);
  }
} finally {
  postgres.stop();
  rmSync(scratchRoot, { recursive: true, force: true });
}

const seconds = (nowMs() - runStart) / 1000;
const table = terminalTable(rows);
process.stdout.write(`\n${table}\n\n`);
for (const note of notes) process.stdout.write(`- ${note}\n`);

const markdown = `# Benchmarks

Measured by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${seconds.toFixed(0)} s${quick ? ' (**quick mode: smaller sizes than the goals name; run `npm run bench` for the real figures**)' : ''}.
Every figure is compared with a limit of this machine or with a peer **measured in the same run**:
absolute numbers drift on a shared machine, ratios taken together hold. Each is the median of
several repetitions (see the notes). Nothing here is a test: the bench never fails the build.

## Machine

| | |
| --- | --- |
| CPU | ${machine.cpu} |
| cores | ${machine.cores} |
| memory | ${machine.memory} |
| disk | ${machine.disk} |
| Node | ${machine.node} |
| OS | ${machine.os} |
| load average (1, 5, 15 min) | at start ${machine.load}; at end ${loadAverage()} |

## Results

${markdownTable(rows)}

## Notes

${notes.map((note) => `- ${note}`).join('\n')}
`;
// Written by people, not by the run: the analysis below this marker survives every rerun.
const MARKER = '<!-- analysis: kept across runs -->';
const previous = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
const analysis = previous.includes(MARKER) ? previous.slice(previous.indexOf(MARKER)) : '';
writeFileSync(outFile, analysis ? `${markdown}\n${analysis}` : markdown);
process.stdout.write(`\nWrote ${outFile}\n`);

// `npm run bench -- --quick` runs to completion and judges every goal. The bench asserts no
// figure (its numbers belong in docs/benchmarks.md, never in a timed test), and a section that
// throws only becomes an ERROR row in its table: without this run, a bench broken by a change to
// the code it drives would go unnoticed until someone next measured.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MARKER = '<!-- analysis: kept across runs -->';

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['bench/run.ts', ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

interface ResultRow {
  section: string;
  what: string;
  figure: string;
  verdict: string;
}

/** The rows of the Results table in the markdown the run wrote. */
function resultRows(markdown: string): ResultRow[] {
  const start = markdown.indexOf('## Results');
  const end = markdown.indexOf('## Notes');
  return markdown
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| #') && !line.startsWith('| -'))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim());
      return {
        section: cells[0] ?? '',
        what: cells[1] ?? '',
        figure: cells[2] ?? '',
        verdict: cells.at(-1) ?? '',
      };
    });
}

describe('npm run bench -- --quick', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bookcase-bench-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures every section, judges every goal and keeps the hand-written analysis', async () => {
    const out = join(dir, 'benchmarks.md');
    writeFileSync(
      out,
      `# Benchmarks\n\nthe previous run's table\n\n${MARKER}\n\nWritten by hand.\n`,
    );

    const { code, output } = await runBench(['--quick', '--out', out, '--dir', dir]);

    expect(code, output).toBe(0);
    const written = readFileSync(out, 'utf8');
    expect(written).not.toContain("the previous run's table");
    expect(written.endsWith(`${MARKER}\n\nWritten by hand.\n`)).toBe(true);
    const rows = resultRows(written);
    const failed = rows.filter((row) => row.verdict === 'ERROR');
    expect(failed, output).toEqual([]);
    for (const section of ['limit', '1', '2', '3', '4', '5', '6', '7']) {
      expect(
        rows.some((row) => row.section === section),
        `section ${section}`,
      ).toBe(true);
    }
    for (const section of ['1', '2', '3', '4', '5', '6', '7']) {
      const judged = rows.filter(
        (row) => row.section === section && (row.verdict === 'met' || row.verdict === 'MISSED'),
      );
      expect(judged.length, `goal ${section} judged`).toBeGreaterThan(0);
    }
    for (const row of rows) {
      expect(row.figure, `${row.section}: ${row.what}`).not.toMatch(/NaN|undefined|Infinity|^$/);
    }
  });
});

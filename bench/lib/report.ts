// The benchmark table: one row per figure, with the limit or peer it is measured against, the
// ratio, the goal and whether it was met. Rendered for the terminal and for docs/benchmarks.md.

export type Verdict = 'met' | 'MISSED' | 'n/a' | 'ERROR';

export interface Row {
  /** Which item of the issue the row belongs to: "limit", "1", "2"… */
  section: string;
  what: string;
  figure: string;
  /** The machine's limit or the peer the figure is compared with. */
  against: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
}

export interface Section {
  rows: Row[];
  /** Breakdowns, what limits a missed goal, setup details. */
  notes: string[];
}

export function verdict(met: boolean): Verdict {
  return met ? 'met' : 'MISSED';
}

const HEADER = ['#', 'what', 'figure', 'limit or peer', 'ratio', 'goal', 'result'] as const;

function cells(row: Row): string[] {
  return [row.section, row.what, row.figure, row.against, row.ratio, row.goal, row.verdict];
}

export function terminalTable(rows: readonly Row[]): string {
  const all = [HEADER.slice(), ...rows.map(cells)];
  const widths = HEADER.map((_, column) =>
    Math.max(...all.map((line) => (line[column] ?? '').length)),
  );
  const render = (line: readonly string[]) =>
    line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [render(all[0] ?? []), rule, ...all.slice(1).map(render)].join('\n');
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    `| ${HEADER.join(' | ')} |`,
    `| ${HEADER.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${cells(row).map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

import type { Ledger } from '../ledger/ledger.js';

export type RunKind = 'batch' | 'strong-sale' | 'repair';
export type RunOutcome = 'ok' | 'failed' | 'interrupted';

export interface SyncRun {
  runId: number;
  kind: RunKind;
  startedAt: string;
  finishedAt: string | null;
  pushed: number;
  pulled: number;
  outcome: RunOutcome | null;
  message: string | null;
}

export function startRun(ledger: Ledger, kind: RunKind): number {
  // A run with no end was cut short by a crash or a kill: say so rather than leave it "running".
  ledger.db
    .prepare(
      "UPDATE sync_runs SET outcome = 'interrupted', finished_at = ?, message = 'the register stopped during the run' WHERE finished_at IS NULL AND kind = ?",
    )
    .run(new Date().toISOString(), kind);
  const info = ledger.db
    .prepare('INSERT INTO sync_runs (kind, started_at) VALUES (?, ?)')
    .run(kind, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function finishRun(
  ledger: Ledger,
  runId: number,
  outcome: RunOutcome,
  counts: { pushed: number; pulled: number },
  message?: string,
): void {
  ledger.db
    .prepare(
      'UPDATE sync_runs SET finished_at = ?, outcome = ?, pushed = ?, pulled = ?, message = ? WHERE run_id = ?',
    )
    .run(new Date().toISOString(), outcome, counts.pushed, counts.pulled, message ?? null, runId);
}

export function recentRuns(ledger: Ledger, limit = 50): SyncRun[] {
  const rows = ledger.db
    .prepare('SELECT * FROM sync_runs ORDER BY run_id DESC LIMIT CAST(? AS INTEGER)')
    .all(limit) as {
    run_id: number;
    kind: RunKind;
    started_at: string;
    finished_at: string | null;
    pushed: number;
    pulled: number;
    outcome: RunOutcome | null;
    message: string | null;
  }[];
  return rows.map((row) => ({
    runId: row.run_id,
    kind: row.kind,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    pushed: row.pushed,
    pulled: row.pulled,
    outcome: row.outcome,
    message: row.message,
  }));
}

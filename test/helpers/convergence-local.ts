// Local writes of a simulated register: one transaction each, and a crash inside one must leave
// the ledger exactly as it was. Restarts check that what cashiers were told survived.
import type { Ledger } from '../../app/ledger/ledger.js';
import { SimCrash } from './convergence-network.js';
import type { SimRegister } from './convergence-register.js';
import { check, type World } from './convergence-world.js';

export function pickFrom<T>(list: readonly T[], pick: number): T | undefined {
  return list.length === 0 ? undefined : list[pick % list.length];
}

/** What a crash before COMMIT must leave exactly as it was. */
function snapshot(ledger: Ledger): string {
  const one = (sql: string) => JSON.stringify(ledger.db.prepare(sql).all());
  return JSON.stringify([
    ledger.vector(),
    one('SELECT receipt_id, status, lines FROM receipts ORDER BY receipt_id'),
    one('SELECT stocktake_id, status FROM stocktakes ORDER BY stocktake_id'),
    one('SELECT stocktake_id, isbn, counted FROM stocktake_counts ORDER BY stocktake_id, isbn'),
    one('SELECT repair_id, outcome FROM repairs ORDER BY repair_id'),
    one('SELECT origin_id, seq FROM master_held ORDER BY origin_id'),
  ]);
}

/**
 * One local write (a single transaction). If the process dies inside it, the restarted register
 * must hold exactly what it held before: nothing half-written. Returns undefined after a crash.
 */
export function localWrite<T>(
  world: World,
  register: SimRegister,
  work: (ledger: Ledger) => T,
): T | undefined {
  const before = snapshot(register.ledger);
  try {
    return work(register.ledger);
  } catch (error) {
    if (!(error instanceof SimCrash)) throw error;
    world.coverage.count('crash before a local commit');
    restart(world, register);
    check(
      snapshot(register.ledger) === before,
      () => `${register.name}: a crash before COMMIT left part of the write behind`,
    );
    return undefined;
  }
}

export function restart(world: World, register: SimRegister): void {
  register.restart();
  world.coverage.count(register.onDisk ? 'restart from disk' : 'restart in memory');
  world.note(`${register.name} restarted`);
  world.checkSurvived(register);
}

// Runs simulated cases under fast-check: build the chain, perform the operations with the faults,
// check the invariants after every step, heal, sync, check convergence. A failure names the seed
// and path to replay (BOOKCASE_CONVERGENCE_SEED / BOOKCASE_CONVERGENCE_PATH) and the last steps.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { Coverage } from './convergence-coverage.js';
import { checkConverged, healAndSync } from './convergence-final.js';
import { resetIds } from './convergence-ids.js';
import type { MasterLie } from './convergence-network.js';
import { perform } from './convergence-ops.js';
import {
  deepen,
  runsFor,
  scenarioArb,
  type Profile,
  type Scenario,
} from './convergence-scenario.js';
import { World } from './convergence-world.js';

/** tmpfs when there is one: on-disk ledgers keep synchronous=FULL without paying for fsync. */
function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

export async function runScenario(
  scenario: Scenario,
  profile: Profile,
  coverage: Coverage,
  lie: MasterLie = 'none',
): Promise<void> {
  resetIds(scenario.idSeed);
  const dir = mkdtempSync(path.join(scratchRoot(), 'bookcase-convergence-'));
  let world: World | undefined;
  try {
    world = await World.create({ scenario, profile, dir, coverage, lie });
    world.checkStep();
    for (const op of scenario.ops) {
      world.clock.tick();
      await perform(world, op);
      world.checkStep();
    }
    world.note('faults heal; full sync');
    await healAndSync(world);
    await checkConverged(world);
    coverage.cases += 1;
    coverage.steps += scenario.ops.length;
    coverage.addNetwork(world.net.stats);
  } catch (error) {
    const trace = world?.trace.slice(-30).join('\n') ?? '(the chain was not built)';
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new Error(`${reason}\n--- last steps ---\n${trace}`, { cause: error });
  } finally {
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface SuiteOptions {
  profile: Profile;
  seed: number;
  /** Cases in CI; the soak run multiplies them. */
  numRuns: number;
  coverage: Coverage;
}

function replayParameters(seed: number): { seed: number; path?: string } {
  const replaySeed = process.env.BOOKCASE_CONVERGENCE_SEED;
  const replayPath = process.env.BOOKCASE_CONVERGENCE_PATH;
  return {
    seed: replaySeed === undefined ? seed : Number(replaySeed),
    ...(replayPath === undefined ? {} : { path: replayPath }),
  };
}

export async function assertConverges(options: SuiteOptions): Promise<void> {
  const profile = deepen(options.profile);
  await fc.assert(
    fc.asyncProperty(scenarioArb(profile), (scenario) =>
      runScenario(scenario, profile, options.coverage),
    ),
    { ...replayParameters(options.seed), numRuns: runsFor(options.numRuns) },
  );
}

/** For the self-test: runs the property against a lying master and returns fast-check's verdict. */
export async function checkAgainstLie(
  options: SuiteOptions & { lie: MasterLie },
): Promise<fc.RunDetails<[Scenario]>> {
  return fc.check(
    fc.asyncProperty(scenarioArb(options.profile), (scenario) =>
      runScenario(scenario, options.profile, options.coverage, options.lie),
    ),
    { seed: options.seed, numRuns: options.numRuns, endOnFailure: true },
  );
}

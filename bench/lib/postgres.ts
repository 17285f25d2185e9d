// The PostgreSQL the bench runs the PostgreSQL master on: BOOKCASE_BENCH_PG_URL when it is set,
// else a private throwaway cluster the bench starts for the run with
// scripts/start-test-postgres.sh (fsync on, on the scratch disk) and stops at the end. Each master
// gets a schema of its own. When neither works, the sections say so in their rows instead of
// failing the run.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';
import { median, nowMs } from './stats.js';

export const BENCH_PG_URL_ENV = 'BOOKCASE_BENCH_PG_URL';

const START_SCRIPT = fileURLToPath(
  new URL('../../scripts/start-test-postgres.sh', import.meta.url),
);

export type PgAvailability =
  { available: true; url: string; source: string } | { available: false; reason: string };

/** A schema of its own for one master, reached through `url` (search_path set in the URL). */
export interface BenchSchema {
  url: string;
  drop(): Promise<void>;
}

/** The URL with search_path set to `schema`, the way an operator selects one. */
function urlForSchema(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

// The one-row table of the raw commit limits, the PostgreSQL counterpart of the SQLite raw insert.
const RAW_TABLE =
  'CREATE TABLE t (id bigserial PRIMARY KEY, isbn text NOT NULL, qty integer NOT NULL)';

function insertRawRow(client: Client): Promise<unknown> {
  return client.query('INSERT INTO t (isbn, qty) VALUES ($1, $2)', ['9780306406157', 1]);
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'bookcase-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function lastLine(text: string): string {
  return (
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? ''
  );
}

export class BenchPostgres {
  private state: Promise<PgAvailability> | undefined;
  /** A folder of the bench's own holding the cluster it started, even one that failed to start. */
  private clusterParent: string | undefined;
  private clusterDir: string | undefined;

  /** `scratchParent`: where a cluster the bench starts keeps its files (the scratch disk). */
  constructor(private readonly scratchParent: string) {}

  /** Connects to (or starts) PostgreSQL once per run; later calls get the same answer. */
  availability(): Promise<PgAvailability> {
    this.state ??= this.connect();
    return this.state;
  }

  private async connect(): Promise<PgAvailability> {
    const given = process.env[BENCH_PG_URL_ENV];
    let url: string;
    let source: string;
    if (given) {
      url = given;
      source = `${BENCH_PG_URL_ENV}`;
    } else {
      const started = this.startCluster();
      if (!started.available) return started;
      ({ url, source } = started);
    }
    try {
      const version = await withClient(url, async (client) => {
        const settings = await client.query<{ name: string; setting: string }>(
          `SELECT name, setting FROM pg_settings
           WHERE name IN ('server_version', 'fsync', 'synchronous_commit')`,
        );
        const value = (name: string) => settings.rows.find((row) => row.name === name)?.setting;
        return `PostgreSQL ${value('server_version') ?? '?'}, fsync ${value('fsync') ?? '?'}, synchronous_commit ${value('synchronous_commit') ?? '?'}`;
      });
      return { available: true, url, source: `${source}; ${version}` };
    } catch (error) {
      return {
        available: false,
        reason: `cannot connect to PostgreSQL from ${source}: ${(error as Error).message}`,
      };
    }
  }

  private startCluster(): PgAvailability {
    this.clusterParent = mkdtempSync(join(this.scratchParent, 'bookcase-bench-pg-'));
    // As root the script runs the server as `postgres`, which must be able to reach its folder.
    chmodSync(this.clusterParent, 0o755);
    const run = spawnSync('bash', [START_SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: this.clusterParent },
    });
    const exported = (name: string) =>
      new RegExp(`^export ${name}=(.*)$`, 'm').exec(run.stdout)?.[1];
    const url = exported('BOOKCASE_TEST_PG_URL');
    this.clusterDir = exported('BOOKCASE_TEST_PG_DIR');
    if (run.status !== 0 || !url) {
      const why = lastLine(run.stderr) || run.error?.message || `exit code ${String(run.status)}`;
      return {
        available: false,
        reason: `${BENCH_PG_URL_ENV} is unset and scripts/start-test-postgres.sh could not start a cluster (${why})`,
      };
    }
    return {
      available: true,
      url,
      source: 'a private cluster started by the bench (scripts/start-test-postgres.sh)',
    };
  }

  async schema(): Promise<BenchSchema> {
    const state = await this.availability();
    if (!state.available) throw new Error(state.reason);
    const name = `bench_${randomBytes(6).toString('hex')}`;
    await withClient(state.url, (client) => client.query(`CREATE SCHEMA ${name}`));
    return {
      url: urlForSchema(state.url, name),
      drop: () =>
        withClient(state.url, (client) =>
          client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`),
        ).then(() => undefined),
    };
  }

  /**
   * PostgreSQL's own durable write on one connection: autocommit inserts of one small row, each
   * a commit and a WAL flush. The PostgreSQL counterpart of the raw SQLite insert limit.
   */
  async rawCommits(count: number): Promise<{ perSecond: number; medianMs: number }> {
    const schema = await this.schema();
    try {
      return await withClient(schema.url, async (client) => {
        await client.query(RAW_TABLE);
        const samples: number[] = [];
        const start = nowMs();
        for (let i = 0; i < count; i += 1) {
          const t0 = nowMs();
          await insertRawRow(client);
          samples.push(nowMs() - t0);
        }
        return { perSecond: count / ((nowMs() - start) / 1000), medianMs: median(samples) };
      });
    } finally {
      await schema.drop();
    }
  }

  /**
   * PostgreSQL's own group commit: `connections` clients, each inserting one small row per
   * autocommit transaction as soon as its last one committed, for `seconds`. Backends that wait
   * for the WAL flush together share it, so this is what a server built for concurrent durable
   * writes does on this machine: the peer the issue names for the master under load.
   */
  async rawGroupCommits(connections: number, seconds: number): Promise<number> {
    const schema = await this.schema();
    const clients: Client[] = [];
    try {
      await withClient(schema.url, (client) => client.query(RAW_TABLE));
      for (let i = 0; i < connections; i += 1) {
        const client = new Client({
          connectionString: schema.url,
          application_name: 'bookcase-bench',
        });
        clients.push(client);
        await client.connect();
      }
      let committed = 0;
      const start = nowMs();
      const deadline = start + seconds * 1000;
      await Promise.all(
        clients.map(async (client) => {
          while (nowMs() < deadline) {
            await insertRawRow(client);
            committed += 1;
          }
        }),
      );
      return committed / ((nowMs() - start) / 1000);
    } finally {
      await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
      await schema.drop();
    }
  }

  /** Stops the cluster the bench started and removes its files; a given URL is left alone. */
  stop(): void {
    if (this.clusterDir) {
      spawnSync('bash', [START_SCRIPT, 'stop', this.clusterDir], { stdio: 'ignore' });
      this.clusterDir = undefined;
    }
    if (this.clusterParent) {
      rmSync(this.clusterParent, { recursive: true, force: true });
      this.clusterParent = undefined;
    }
  }
}

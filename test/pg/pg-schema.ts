// Every PostgreSQL test gets its own schema in the database BOOKCASE_TEST_PG_URL names (CI starts a
// private cluster with scripts/start-test-postgres.sh), so tests run in parallel without seeing
// each other's rows, and a master reaches its schema through the URL alone.
import { randomBytes } from 'node:crypto';
import { Client, type Pool } from 'pg';

export const TEST_PG_URL = process.env.BOOKCASE_TEST_PG_URL ?? '';

export const PG_SKIP_REASON =
  'skipped: BOOKCASE_TEST_PG_URL is unset. Start a private cluster with eval "$(bash scripts/start-test-postgres.sh)" (CI always does)';

export function hasTestPostgres(): boolean {
  return TEST_PG_URL !== '';
}

/** The base URL with search_path set to `schema`, the way an operator would select one. */
export function urlForSchema(schema: string, base: string = TEST_PG_URL): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestSchema {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestSchema(): Promise<TestSchema> {
  if (!hasTestPostgres()) throw new Error(PG_SKIP_REASON);
  const name = `bk_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE SCHEMA ${name}`));
  return {
    name,
    url: urlForSchema(name),
    drop: () =>
      admin((client) => client.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)).then(() => {}),
  };
}

/**
 * Every insert into the log then sleeps a little before its transaction can commit, so concurrent
 * writers' transactions overlap for long enough to commit out of order if anything let them.
 */
export async function slowCommits(pool: Pool, maxSeconds: number): Promise<void> {
  await pool.query(`
    CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(random() * ${maxSeconds}); RETURN NULL; END $$;
    CREATE TRIGGER slow_commit AFTER INSERT ON events
      FOR EACH STATEMENT EXECUTE FUNCTION slow_commit();`);
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, dropDatabase, withDatabase } from '#platform';
import { runMigrations } from '#platform';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a clone of the run's template,
 * which the first caller creates and migrates under an advisory lock.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  const run = process.env.TEST_PG_RUN;
  if (!adminUrl || !template || !run) {
    throw new Error('The test database is not prepared: run the tests through `npm test` (Jest globalSetup).');
  }
  await ensureTemplate(adminUrl, template);
  const name = `ledger_t_${run}_${randomBytes(4).toString('hex')}`;
  await createDatabase(adminUrl, name, template);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      await sessionsClosed(adminUrl, name);
      await dropDatabase(adminUrl, name);
    },
  };
}

/**
 * Waits until the sessions of pools a test already ended have left the database. The
 * drop is `WITH (FORCE)`: a session still closing when it ran was terminated (57P01),
 * and a pool without an error listener threw that as an unhandled error into the next
 * test (seen in the ledger int-spec at load 8-10, 2 runs in 3). A session the test
 * leaked still ends by the FORCE: after 600 polls (a floor, not a deadline: the drop
 * happens either way, nothing is asserted on time).
 */
async function sessionsClosed(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      if (rows[0]!.n === 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await client.end();
  }
}

async function ensureTemplate(adminUrl: string, template: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (!rowCount) {
      await createDatabase(adminUrl, template);
      await runMigrations(withDatabase(adminUrl, template));
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]).catch(() => undefined);
    await client.end();
  }
}

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
  return { url: withDatabase(adminUrl, name), name, drop: () => dropDatabase(adminUrl, name) };
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

import pg from 'pg';

/** Drops the template and every database this run cloned, then stops an embedded server. */
export default async function globalTeardown() {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  const run = process.env.TEST_PG_RUN;
  if (adminUrl && run) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'ledger\\_%' AND position($1 in datname) > 0",
        [run],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  }
  if (globalThis.__LEDGER_EMBEDDED__) await globalThis.__LEDGER_EMBEDDED__.stop();
}

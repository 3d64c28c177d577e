import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { createDatabase, databaseExists, withDatabase } from './admin.js';
import { claimDataDir, inspectDataDir, startEmbeddedPostgres, stopOrphan } from './embedded-postgres.js';

/** The embedded server's application database (the service and the CLI share it). */
export const EMBEDDED_DATABASE = 'ledger';

/**
 * DATABASE_URL when configured; otherwise the embedded server under DATA_DIR:
 * - a server that a live service started there is shared (the CLI next to `npm start`);
 * - a server left running by a process that is gone (the service was killed with
 *   SIGKILL) is stopped cleanly first (fast shutdown), then started again as ours, so
 *   a later graceful stop stops it;
 * - otherwise it is started for the lifetime of this process.
 * `log` receives one line about what was found.
 */
export async function resolveDatabase(config: AppConfig, log: (line: string) => void = (l) => console.error(l)): Promise<{ url: string; release: () => Promise<void> }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, release: async () => undefined };
  const dataDir = path.resolve(config.DATA_DIR, 'pg');
  const found = inspectDataDir(dataDir);
  if (found.state === 'owned') {
    const running = `postgres://postgres:postgres@127.0.0.1:${found.port}/postgres`;
    if (await answers(running)) {
      if (!(await databaseExists(running, EMBEDDED_DATABASE))) await createDatabase(running, EMBEDDED_DATABASE);
      return { url: withDatabase(running, EMBEDDED_DATABASE), release: async () => undefined };
    }
  }
  if (found.state === 'orphan') {
    log(`embedded PostgreSQL (pid ${found.pid}, port ${found.port}) was left running by a process that is gone: stopping it cleanly and starting it again`);
    await stopOrphan(found.pid);
  }
  const unclaim = claimDataDir(dataDir);
  try {
    const embedded = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
    if (!(await databaseExists(embedded.adminUrl, EMBEDDED_DATABASE))) await createDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
    return {
      url: withDatabase(embedded.adminUrl, EMBEDDED_DATABASE),
      release: async () => {
        await embedded.stop();
        unclaim();
      },
    };
  } catch (error) {
    unclaim();
    throw error;
  }
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

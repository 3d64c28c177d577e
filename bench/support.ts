/** What several benches share: timing, medians and a scratch database. */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase, startEmbeddedPostgres, withDatabase, type EmbeddedDatabase } from '#platform';

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/**
 * A fresh database named `<prefix>_<random>` on `DATABASE_URL`'s server, or on an embedded
 * PostgreSQL started for the bench when it is unset; `drop()` removes both.
 */
export async function scratchDatabase(prefix: string, log: (line: string) => void): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    log('DATABASE_URL not set: starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dataDir: path.join(os.tmpdir(), `ledger-bench-pg-${randomBytes(4).toString('hex')}`), persistent: false });
    adminUrl = embedded.adminUrl;
  }
  const admin = adminUrl;
  const dbName = `${prefix}_${randomBytes(4).toString('hex')}`;
  await createDatabase(admin, dbName);
  return {
    url: withDatabase(admin, dbName),
    name: dbName,
    async drop() {
      await dropDatabase(admin, dbName).catch((e: unknown) => log(`could not drop ${dbName}: ${String(e)}`));
      await embedded?.stop();
    },
  };
}

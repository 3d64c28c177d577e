import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, loadConfig } from '#platform';
import { resolveDatabase, withRole } from '#platform';
import { runMigrations } from '#platform';
import { createApp } from './app.factory.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config);
  const databaseUrl = database.url;
  if (!config.DATABASE_URL) {
    console.log(`DATABASE_URL not set: embedded PostgreSQL on port ${config.EMBEDDED_PG_PORT}, data in ${path.resolve(config.DATA_DIR, 'pg')}`);
  }
  const ran = await runMigrations(config.MIGRATION_DATABASE_URL ?? databaseUrl);
  if (ran.length) console.log(`migrations applied: ${ran.join(', ')}`);
  // Migrations run as the owner; the service works as ledger_service (README, audit).
  const role = config.DATABASE_ROLE ?? (config.DATABASE_URL ? undefined : 'ledger_service');
  if (role) console.log(`database role of the service: ${role} (append through the ledger functions only)`);

  const app = await createApp(config, withRole(databaseUrl, role));
  // Graceful shutdown: stop taking requests, let in-flight ones and projection
  // batches finish (Nest shutdown hooks), then stop the embedded server.
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: shutting down`);
    await app.close();
    await database.release();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen(config.PORT, config.HOST);
  console.log(`accountability-ledger listening on http://${config.HOST}:${config.PORT} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
});

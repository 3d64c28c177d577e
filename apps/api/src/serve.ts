// The API service, started by main.ts once the heap settings are in place (memory-settings.ts).
import 'reflect-metadata';
import path from 'node:path';
import { ConfigError, createLogger, EmbeddedDatabaseError, loadConfig, startTracing, startupLines } from '#platform';
import { resolveDatabase, withRole } from '#platform';
import { runMigrations } from '#platform';
import { createApp } from './app.factory.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config);
  const tracing = await startTracing(config);
  if (tracing) log.info(`traces: OpenTelemetry to ${config.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  const database = await resolveDatabase(config, (line) => log.warn(line));
  const databaseUrl = database.url;
  // What a new user needs first: where the data is, the docs, a token, demo data.
  const url = `http://${config.HOST}:${config.PORT}`;
  for (const line of startupLines(config, { url, dataDir: config.DATABASE_URL ? null : path.resolve(config.DATA_DIR, 'pg') })) log.info(line);
  const ran = await runMigrations(config.MIGRATION_DATABASE_URL ?? databaseUrl);
  if (ran.length) log.info(`migrations applied: ${ran.join(', ')}`);
  // Migrations run as the owner; the service works as ledger_service (README, audit).
  const role = config.DATABASE_ROLE ?? (config.DATABASE_URL ? undefined : 'ledger_service');
  if (role) log.info(`database role of the service: ${role} (append through the ledger functions only)`);

  const app = await createApp(config, withRole(databaseUrl, role));
  // Graceful shutdown: stop taking requests, let in-flight ones and projection
  // batches finish (Nest shutdown hooks), then stop the embedded server.
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received: shutting down`);
    await app.close();
    await database.release();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  await app.listen(config.PORT, config.HOST);
  log.info(`accountability-ledger listening on ${url} (OpenAPI at ${url}/docs)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  if (error instanceof EmbeddedDatabaseError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});

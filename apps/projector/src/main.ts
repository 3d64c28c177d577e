import 'reflect-metadata';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '#event-store';
import { ConfigError, loadConfig, startTracing } from '#platform';
import { openLedger, resolveDatabase, withRole } from '#platform';
import { ProjectionRunner } from '#read-models';
import { allProjections, CheckpointWatermark } from '#read-models';
import { ProcessManagerRunner } from './automation/process-manager.js';
import { allProcessManagers } from './automation/process-managers.js';
import { NatsRelay, PgRelayCheckpoints } from './relay/nats-relay.js';

/**
 * The projector as its own process (PROJECTOR_INLINE=false on the API): the
 * projections (one leader per projection by advisory lock), the process managers
 * (`automation/when-<event>-then-<action>.ts`, one leader each) and the NATS relay.
 * `--only=relay`, `--only=projections`, `--only=automation` or `--only=sealer` runs one of
 * them. The ledger sealer runs here too (one active instance across all processes, by advisory
 * lock; set LEDGER_SEALER=off on the API to leave it to this process). The API (or
 * `npm run migrate`) owns the migrations.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const log = (message: string): void => console.log(JSON.stringify({ time: new Date().toISOString(), app: 'projector', msg: message }));
  const tracing = await startTracing(config, { serviceName: `${config.OTEL_SERVICE_NAME}-projector` });
  const database = await resolveDatabase(config);
  const url = withRole(database.url, config.DATABASE_ROLE ?? (config.DATABASE_URL ? undefined : 'ledger_service'));
  const pool = new pg.Pool({ connectionString: url, max: Math.max(4, Math.floor(config.DATABASE_POOL_SIZE / 2)) });
  // A dropped idle connection is discarded by the pool; it must not crash the projector.
  pool.on('error', () => undefined);
  const store = new PostgresEventStore({ pool });
  const stops: Array<() => Promise<void>> = [];

  if (only === undefined || only === 'automation') {
    // The process managers read read models (e.g. recognition_v1) once they reached the
    // triggering event, whichever instance leads those projections: read the checkpoints.
    const automation = new ProcessManagerRunner(store, pool, allProcessManagers({ store, db: pool, watermark: new CheckpointWatermark(pool) }), {
      leaderLock: true,
      onError: (name, error) => log(`process manager ${name} failed: ${String(error)}`),
    });
    await automation.start();
    stops.push(() => automation.stop());
    log(`process managers started: ${automation.managers.map((m) => m.name).join(', ')}`);
  }

  if (only === undefined || only === 'sealer') {
    const ledger = openLedger({ config, pool, store, log });
    ledger.start();
    stops.push(() => ledger.stop());
    log(`ledger sealer started (active when it holds the advisory lock), key id ${ledger.signer?.keyId}`);
  }

  if (only === undefined || only === 'projections') {
    const dataSource = await new DataSource({ type: 'postgres', url, synchronize: false }).initialize();
    const runner = new ProjectionRunner(store, dataSource, allProjections(), {
      leaderLock: true,
      onError: (name, error) => log(`projection ${name} failed: ${String(error)}`),
      onQuarantine: (q) => log(`projection ${q.projection} quarantined event ${q.eventId} (${q.type} at position ${q.position}): ${q.error}`),
    });
    await runner.start();
    stops.push(async () => {
      await runner.stop();
      await dataSource.destroy();
    });
    log(`projections started: ${runner.projections.map((p) => p.name).join(', ')}`);
  }

  if (only === undefined || only === 'relay') {
    if (!config.NATS_URL) {
      log('NATS_URL not set: the NATS relay is off');
    } else {
      const relay = new NatsRelay(store, new PgRelayCheckpoints(pool), {
        servers: config.NATS_URL,
        streamName: config.NATS_STREAM,
        subjectPrefix: config.NATS_SUBJECT_PREFIX,
        log,
      });
      relay.start();
      stops.push(() => relay.stop());
      log(`NATS relay started: stream ${config.NATS_STREAM}, subjects ${config.NATS_SUBJECT_PREFIX}.<category>.<EventType>`);
    }
  }

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: finishing the batches in flight`);
    for (const stop of stops.reverse()) await stop();
    await store.close();
    await pool.end();
    await database.release();
    await tracing?.shutdown();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(78);
  }
  console.error(error);
  process.exit(1);
});

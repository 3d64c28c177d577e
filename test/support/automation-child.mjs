// The process managers as their own process, for the crash test: plain ESM importing
// the swc build under dist/ (Jest cannot spawn TypeScript). It runs the projections
// (the reaction reads recognition_v1) and the process managers on a store whose
// appends to commendation streams announce themselves on stdout and then linger, so a
// parent that SIGKILLs on the line kills the process exactly there:
//   CRASH_AT=before  "revoking <stream>" before the revocation is appended
//   CRASH_AT=after   "revoked <stream>" after it is appended, before the checkpoint moves
import 'reflect-metadata';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const root = process.env.LEDGER_DIST ?? path.resolve('dist');
const load = (p) => import(pathToFileURL(path.join(root, p)).href);

const { PostgresEventStore } = await load('libs/event-store/src/postgres/postgres.event-store.js');
const { ProjectionRunner } = await load('libs/read-models/src/projection-runner.js');
const { allProjections, READ_MODEL_ENTITIES } = await load('libs/read-models/src/projections.js');
const { InProcessWatermark } = await load('libs/read-models/src/read-model-watermark.js');
const { ProcessManagerRunner } = await load('apps/projector/src/automation/process-manager.js');
const { allProcessManagers } = await load('apps/projector/src/automation/process-managers.js');
const { DataSource } = await import('typeorm');

const url = process.env.DATABASE_URL;
const crashAt = process.env.CRASH_AT ?? '';
const store = new PostgresEventStore({ connectionString: url, pollIntervalMs: 50 });
const pool = new pg.Pool({ connectionString: url, max: 4 });
const dataSource = new DataSource({ type: 'postgres', url, entities: READ_MODEL_ENTITIES, synchronize: false, logging: false });
await dataSource.initialize();

const linger = () => new Promise((r) => setTimeout(r, 60_000));
const watched = new Proxy(store, {
  get(target, prop) {
    if (prop !== 'append') return Reflect.get(target, prop);
    return async (streamId, events, expected) => {
      if (!streamId.startsWith('commendation-')) return target.append(streamId, events, expected);
      if (crashAt === 'before') {
        process.stdout.write(`revoking ${streamId}\n`);
        await linger();
      }
      const result = await target.append(streamId, events, expected);
      process.stdout.write(`revoked ${streamId}\n`);
      if (crashAt === 'after') await linger();
      return result;
    };
  },
});

const projections = new ProjectionRunner(store, dataSource, allProjections(), { retryMs: 100 });
await projections.start();
const automation = new ProcessManagerRunner(
  watched,
  pool,
  allProcessManagers({ store: watched, db: pool, watermark: new InProcessWatermark(projections) }),
  { leaderLock: true, retryMs: 100, onError: (name, error) => process.stderr.write(`process manager ${name} failed: ${String(error)}\n`) },
);
await automation.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => {
  void automation
    .stop()
    .then(() => projections.stop())
    .then(() => dataSource.destroy())
    .then(() => pool.end())
    .then(() => store.close())
    .then(() => process.exit(0));
});

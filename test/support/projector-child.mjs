// The projector as its own process, for the crash-safety test: plain ESM importing
// the swc build under dist/ (Jest cannot spawn TypeScript). Each batch announces
// itself on stdout ("batch <projection> <n>") from INSIDE its transaction and then
// lingers, so a parent that SIGKILLs on that line kills the process mid-batch.
import 'reflect-metadata';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.env.LEDGER_DIST ?? path.resolve('dist');
const load = (p) => import(pathToFileURL(path.join(root, p)).href);

const { PostgresEventStore } = await load('libs/event-store/src/postgres/postgres.event-store.js');
const { ProjectionRunner } = await load('libs/read-models/src/projection-runner.js');
const { allProjections } = await load('libs/read-models/src/projections.js');
const { DataSource } = await import('typeorm');

const url = process.env.DATABASE_URL;
const lingerMs = Number(process.env.BATCH_LINGER_MS ?? '20');
const store = new PostgresEventStore({ connectionString: url, pollIntervalMs: 50 });
const dataSource = new DataSource({ type: 'postgres', url, synchronize: false, logging: false });
await dataSource.initialize();

let batches = 0;
const projections = allProjections().map((p) => ({
  name: p.name,
  tables: p.tables,
  handles: p.handles,
  async apply(events, manager) {
    await p.apply(events, manager);
    process.stdout.write(`batch ${p.name} ${++batches}\n`);
    await new Promise((r) => setTimeout(r, lingerMs));
  },
}));
const runner = new ProjectionRunner(store, dataSource, projections, {
  batchSize: Number(process.env.BATCH_SIZE ?? '7'),
  retryMs: 100,
  onError: (name, error) => process.stderr.write(`projection ${name} failed: ${String(error)}\n`),
});
await runner.start();
process.stdout.write('started\n');
process.on('SIGTERM', () => {
  void runner.stop().then(() => dataSource.destroy()).then(() => store.close()).then(() => process.exit(0));
});

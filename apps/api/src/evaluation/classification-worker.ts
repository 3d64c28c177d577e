/**
 * The classification worker (README "Memory"): a worker thread with a heap of its own
 * (`CLASSIFICATION_WORKER_HEAP_MB`) that reads and classifies a cycle part by part and hands
 * the proposals to the API thread one batch at a time; the API thread appends them and
 * asks for the next. The run's inputs and traces never enter the API's heap, which can
 * therefore stay small (`API_HEAP_MB`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { ClassificationFactQueries, IndicatorQueries, ScoreSheetQueries } from '#read-models';
import { classificationBatches, type ClassificationRunInput } from './classification-batches.js';
import type { WorkerMessage } from './classification-runner.js';

const { databaseUrl, input } = workerData as { databaseUrl: string; input: ClassificationRunInput };
const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);
const answer = () => new Promise<unknown>((resolve) => port.once('message', resolve));

const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
pool.on('error', () => undefined);
try {
  const reads = { indicators: new IndicatorQueries(pool), facts: new ClassificationFactQueries(pool), scoreSheets: new ScoreSheetQueries(pool) };
  let stopped = false;
  for await (const batch of classificationBatches(reads, input)) {
    send({ type: 'batch', batch });
    if ((await answer()) !== 'next') {
      stopped = true;
      break;
    }
  }
  if (!stopped) send({ type: 'done' });
} catch (error) {
  const e = error as Error & { code?: string };
  send({ type: 'error', message: e.message ?? String(error), ...(e.code !== undefined && { code: e.code }), ...(e.stack !== undefined && { stack: e.stack }) });
} finally {
  await pool.end();
}

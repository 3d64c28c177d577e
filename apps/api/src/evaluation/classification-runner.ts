import { existsSync } from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClassificationBatch, ClassificationReads, ClassificationRunInput } from './classification-batches.js';
import { classificationBatches } from './classification-batches.js';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ClassificationFactQueries, IndicatorQueries, ScoreSheetQueries } from '#read-models';
import { DATABASE_URL } from '../infrastructure/database.tokens.js';

/** What the worker sends: a batch (then it waits for `'next'`), the end, or its failure. */
export type WorkerMessage =
  | { readonly type: 'batch'; readonly batch: ClassificationBatch }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string; readonly code?: string; readonly stack?: string };

/** The compiled worker next to this module (absent when the code runs from TypeScript sources, e.g. under Jest). */
export const CLASSIFICATION_WORKER_SCRIPT = new URL('./classification-worker.js', import.meta.url);

/**
 * The batches of a classification run computed in a worker thread with a heap limit of its
 * own; same generator, same order as in the process (classification-batches.ts). The worker
 * stays one batch ahead at most: it reads the next part only after the caller took the
 * last batch of the current one. Leaving the loop early (an append failed) ends the worker.
 */
export async function* classificationBatchesInWorker(
  script: URL,
  databaseUrl: string,
  input: ClassificationRunInput,
  limits: { readonly heapMb: number },
): AsyncGenerator<ClassificationBatch> {
  const worker = new Worker(script, {
    workerData: { databaseUrl, input },
    resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: Math.max(8, Math.min(64, Math.floor(limits.heapMb / 16))) },
  });
  const inbox: Array<WorkerMessage | { type: 'failed'; error: Error } | { type: 'exit'; code: number }> = [];
  let waiting: (() => void) | undefined;
  const deliver = (m: (typeof inbox)[number]) => {
    inbox.push(m);
    waiting?.();
  };
  worker.on('message', (m: WorkerMessage) => deliver(m));
  worker.on('error', (error: Error) => deliver({ type: 'failed', error }));
  worker.on('exit', (code: number) => deliver({ type: 'exit', code }));
  try {
    for (;;) {
      if (inbox.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
      waiting = undefined;
      const m = inbox.shift()!;
      switch (m.type) {
        case 'batch':
          yield m.batch;
          worker.postMessage('next');
          break;
        case 'done':
          return;
        case 'error':
          throw Object.assign(new Error(`classification worker: ${m.message}`), m.code !== undefined ? { code: m.code } : {}, { workerStack: m.stack });
        case 'failed':
          // e.g. ERR_WORKER_OUT_OF_MEMORY: the run needs more than CLASSIFICATION_WORKER_HEAP_MB.
          throw Object.assign(new Error(`classification worker failed: ${m.error.message}`), { cause: m.error });
        case 'exit':
          throw new Error(`classification worker exited (${m.code}) before the end of the run`);
      }
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/**
 * Where a classification run is computed: `on` a worker thread, `off` the API thread, `auto`
 * a worker when the compiled worker script is there (the build), else the API thread.
 */
export function classificationSource(
  mode: 'auto' | 'on' | 'off',
  options: { readonly reads: ClassificationReads; readonly databaseUrl: string; readonly heapMb: number; readonly script?: URL },
  input: ClassificationRunInput,
): AsyncGenerator<ClassificationBatch> {
  const script = options.script ?? CLASSIFICATION_WORKER_SCRIPT;
  const inWorker = mode === 'on' || (mode === 'auto' && existsSync(fileURLToPath(script)));
  return inWorker ? classificationBatchesInWorker(script, options.databaseUrl, input, { heapMb: options.heapMb }) : classificationBatches(options.reads, input);
}

/** The classification runs of the API: in the worker or the API thread as configured (`CLASSIFICATION_WORKER`). */
@Injectable()
export class ClassificationRuns {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(IndicatorQueries) private readonly indicators: IndicatorQueries,
    @Inject(ClassificationFactQueries) private readonly facts: ClassificationFactQueries,
    @Inject(ScoreSheetQueries) private readonly scoreSheets: ScoreSheetQueries,
  ) {}

  batches(input: ClassificationRunInput): AsyncGenerator<ClassificationBatch> {
    return classificationSource(
      this.config.CLASSIFICATION_WORKER,
      { reads: { indicators: this.indicators, facts: this.facts, scoreSheets: this.scoreSheets }, databaseUrl: this.databaseUrl, heapMb: this.config.CLASSIFICATION_WORKER_HEAP_MB },
      input,
    );
  }
}

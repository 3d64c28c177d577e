import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ProjectionRunner } from '#read-models';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { LedgerMetrics } from '../metrics/metrics.js';
import { CallerPositions } from './caller-positions.js';
import { ReadConsistency } from './read-consistency.js';
import { ReadConsistencyInterceptor } from './read-consistency.interceptor.js';
import { CheckpointWatermark, InProcessWatermark } from '#read-models';
import { READ_MODEL_WATERMARK, type ReadModelWatermark } from './read-model-watermark.js';
import { ReadModelCatalogue } from './read-models.js';

/** Read-your-writes and consistency tokens (README "Consistency"). */
@Global()
@Module({
  providers: [
    { provide: ReadModelCatalogue, useFactory: () => new ReadModelCatalogue() },
    {
      provide: CallerPositions,
      inject: [ReadModelCatalogue, APP_CONFIG],
      useFactory: (catalogue: ReadModelCatalogue, config: AppConfig) =>
        new CallerPositions(catalogue, { ttlMs: config.READ_YOUR_WRITES_TTL_MS, maxCallers: config.READ_YOUR_WRITES_MAX_CALLERS }),
    },
    {
      provide: READ_MODEL_WATERMARK,
      inject: [APP_CONFIG, ProjectionRunner, PG_POOL],
      useFactory: (config: AppConfig, runner: ProjectionRunner, pool: pg.Pool): ReadModelWatermark =>
        config.PROJECTOR_INLINE ? new InProcessWatermark(runner) : new CheckpointWatermark(pool),
    },
    {
      provide: ReadConsistency,
      inject: [CallerPositions, READ_MODEL_WATERMARK, APP_CONFIG, LedgerMetrics, PG_POOL],
      useFactory: (positions: CallerPositions, watermark: ReadModelWatermark, config: AppConfig, metrics: LedgerMetrics, pool: pg.Pool) =>
        new ReadConsistency(
          positions,
          watermark,
          { timeoutMs: config.READ_WAIT_TIMEOUT_MS },
          (outcome, seconds) => metrics.readWait.observe({ outcome }, seconds),
          // The read models live in PostgreSQL; with EventStoreDB as the store the head is the last position they know of.
          async () => {
            const { rows } = await pool.query<{ p: string }>(
              'SELECT coalesce((SELECT max(position) FROM events), 0)::text AS p',
            ).catch(() => ({ rows: [{ p: '0' }] }));
            return BigInt(rows[0]!.p);
          },
        ),
    },
    { provide: APP_INTERCEPTOR, useClass: ReadConsistencyInterceptor },
  ],
  exports: [ReadModelCatalogue, CallerPositions, ReadConsistency, READ_MODEL_WATERMARK],
})
export class ConsistencyModule {}

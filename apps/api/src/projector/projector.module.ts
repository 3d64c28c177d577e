import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ProjectionRunner } from '#read-models';
import { allProjections, READ_MODEL_ENTITIES } from '#read-models';
import { CONSISTENCY_GATE, type ConsistencyGate } from '../commands/command-executor.js';
import { DATABASE_URL } from '../infrastructure/database.tokens.js';
import { LedgerMetrics } from '../metrics/metrics.js';

/** Starts the projections in this process when PROJECTOR_INLINE (the default single-process mode). */
@Injectable()
export class InlineProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.PROJECTOR_INLINE) {
      this.logger.log('PROJECTOR_INLINE=false: projections run in apps/projector');
      return;
    }
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    // Finishes the batch in flight (its transaction commits or rolls back whole).
    await this.runner.stop();
  }
}

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [DATABASE_URL, APP_CONFIG],
      useFactory: (url: string, config: AppConfig) => ({
        type: 'postgres' as const,
        url,
        entities: READ_MODEL_ENTITIES,
        synchronize: false,
        migrationsRun: false,
        extra: { max: Math.max(2, Math.floor(config.DATABASE_POOL_SIZE / 2)) },
      }),
    }),
  ],
  providers: [
    {
      provide: ProjectionRunner,
      inject: [EVENT_STORE, DataSource, LedgerMetrics],
      useFactory: (store: EventStore, dataSource: DataSource, metrics: LedgerMetrics) =>
        new ProjectionRunner(store, dataSource, allProjections(), {
          onError: (name, error) => new Logger('Projector').error(`projection ${name} failed: ${String(error)}`),
          onQuarantine: (q) => {
            metrics.projectionQuarantinedTotal.inc({ projection: q.projection });
            new Logger('Projector').error(
              `projection ${q.projection} quarantined event ${q.eventId} (${q.type} at position ${q.position} of ${q.streamId}): ${q.error}`,
            );
          },
        }),
    },
    { provide: CONSISTENCY_GATE, inject: [ProjectionRunner, APP_CONFIG], useFactory: (r: ProjectionRunner, c: AppConfig) => (c.PROJECTOR_INLINE ? consistencyGate(r, c.CONSISTENCY_WAIT_MS) : undefined) },
    InlineProjector,
  ],
  exports: [ProjectionRunner, CONSISTENCY_GATE, TypeOrmModule],
})
export class ProjectorModule {}

/** The runner as the commands' read-your-writes gate; CONSISTENCY_WAIT_MS, when set, replaces each caller's bound. */
function consistencyGate(runner: ProjectionRunner, waitMs: number | undefined): ConsistencyGate {
  return {
    waitFor: (position, timeoutMs) => runner.waitFor(position, waitMs ?? timeoutMs),
    settle: (timeoutMs) => runner.settle(waitMs ?? timeoutMs),
  };
}

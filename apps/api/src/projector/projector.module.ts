import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ProjectionRunner } from '#read-models';
import { allProjections, InProcessWatermark } from '#read-models';
import pg from 'pg';
import { ProcessManagerRunner } from '../../../projector/src/automation/process-manager.js';
import { allProcessManagers } from '../../../projector/src/automation/process-managers.js';
import { DATABASE_URL, PG_POOL } from '../infrastructure/database.tokens.js';
import { LedgerMetrics } from '../metrics/metrics.js';

/**
 * Starts the projections and the process managers (apps/projector/src/automation) in
 * this process when PROJECTOR_INLINE (the default single-process mode).
 */
@Injectable()
export class InlineProjector implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');

  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ProcessManagerRunner) private readonly automation: ProcessManagerRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.PROJECTOR_INLINE) {
      this.logger.log('PROJECTOR_INLINE=false: projections and process managers run in apps/projector');
      return;
    }
    await this.runner.start();
    await this.automation.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.automation.stop();
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
    {
      provide: ProcessManagerRunner,
      inject: [EVENT_STORE, PG_POOL, ProjectionRunner],
      useFactory: (store: EventStore, pool: pg.Pool, runner: ProjectionRunner) =>
        new ProcessManagerRunner(store, pool, allProcessManagers({ store, db: pool, watermark: new InProcessWatermark(runner) }), {
          leaderLock: true,
          onError: (name, error) => new Logger('Automation').error(`process manager ${name} failed: ${String(error)}`),
        }),
    },
    InlineProjector,
  ],
  exports: [ProjectionRunner, ProcessManagerRunner, TypeOrmModule],
})
export class ProjectorModule {}

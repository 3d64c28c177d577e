import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { EVENT_STORE, type EventStore } from '#event-store';
import { PostgresEventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { READ_QUERIES } from '#read-models';
import { LedgerMetrics } from '../metrics/metrics.js';
import { DATABASE_URL, PG_POOL } from './database.tokens.js';

class PoolCloser implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.pool.end();
  }
}

/**
 * Configuration, the pg pool and the event store, shared by every module. The
 * database URL is resolved before Nest starts (embedded server or DATABASE_URL).
 */
@Global()
@Module({})
export class InfrastructureModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    const metrics = new LedgerMetrics();
    return {
      module: InfrastructureModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: DATABASE_URL, useValue: databaseUrl },
        {
          provide: PG_POOL,
          useFactory: () => {
            const pool = new pg.Pool({ connectionString: databaseUrl, max: config.DATABASE_POOL_SIZE });
            // An idle client dropped by the server (restart, terminated backend) must not crash the process; the pool replaces it.
            pool.on('error', () => undefined);
            return pool;
          },
        },
        {
          provide: EVENT_STORE,
          inject: [PG_POOL],
          useFactory: async (pool: pg.Pool): Promise<EventStore> => {
            // The EventStoreDB adapter reports no append metrics yet.
            if (config.EVENT_STORE === 'eventstoredb') {
              const { EventStoreDbEventStore } = await import(
                '#event-store'
              );
              return new EventStoreDbEventStore({ connectionString: config.EVENTSTORE_URL! });
            }
            return new PostgresEventStore({ pool, observer: metrics });
          },
        },
        { provide: LedgerMetrics, useValue: metrics },
        // The queries of every read model, over the shared pool (controllers hold no SQL).
        ...READ_QUERIES.map((Queries) => ({ provide: Queries, inject: [PG_POOL], useFactory: (pool: pg.Pool) => new Queries(pool) })),
        PoolCloser,
      ],
      exports: [APP_CONFIG, DATABASE_URL, PG_POOL, EVENT_STORE, LedgerMetrics, ...READ_QUERIES],
    };
  }
}

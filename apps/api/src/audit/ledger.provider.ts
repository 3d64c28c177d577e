import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import pg from 'pg';
import { EVENT_STORE, PostgresLedger, type EventStore } from '#event-store';
import { APP_CONFIG, openLedger, type AppConfig } from '#platform';
import { PG_POOL } from '../infrastructure/database.tokens.js';

/** Injection token of the ledger (undefined with the EventStoreDB adapter: see README, audit). */
export const LEDGER = Symbol.for('accountability-ledger.Ledger');

export const ledgerProvider: Provider = {
  provide: LEDGER,
  inject: [APP_CONFIG, PG_POOL, EVENT_STORE],
  useFactory: (config: AppConfig, pool: pg.Pool, store: EventStore): PostgresLedger | undefined => {
    if (config.EVENT_STORE !== 'postgres') return undefined;
    const logger = new Logger('Ledger');
    return openLedger({ config, pool, store, log: (line) => logger.log(line) });
  },
};

/** Runs the sealer in this process when LEDGER_SEALER=inline (the default). */
@Injectable()
export class InlineSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(LEDGER) private readonly ledger: PostgresLedger | undefined,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.ledger && this.config.LEDGER_SEALER === 'inline') this.ledger.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ledger?.stop();
  }
}

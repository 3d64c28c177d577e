import { Controller, Get, Header, Inject, Injectable, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import pg from 'pg';
import { buildAsyncApiDocument, type AsyncApiDocument } from '#event-store';
import { EVENT_CATALOGUE } from '#event-store';
import { EVENT_STORE, type EventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { NatsRelay, PgRelayCheckpoints } from '../../../projector/src/relay/nats-relay.js';
import { Public } from '../auth/public.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { FeedController } from './feed.controller.js';

/** GET /asyncapi.json: public like /docs-json; it describes the contract and holds no data. */
@ApiExcludeController()
@Controller('asyncapi.json')
export class AsyncApiController {
  private document: AsyncApiDocument | undefined;

  @Get()
  @Public()
  @Header('content-type', 'application/json; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  get(): AsyncApiDocument {
    this.document ??= buildAsyncApiDocument(EVENT_CATALOGUE);
    return this.document;
  }
}

/**
 * The NATS relay inside the API process (the default single-process mode). With
 * PROJECTOR_INLINE=false it runs in apps/projector instead; without NATS_URL it is
 * off and says so once at start.
 */
@Injectable()
export class InlineRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Relay');
  private relay: NatsRelay | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.PROJECTOR_INLINE) {
      this.logger.log('PROJECTOR_INLINE=false: the NATS relay runs in apps/projector');
      return;
    }
    if (!this.config.NATS_URL) {
      this.logger.log('NATS_URL not set: the NATS relay is off');
      return;
    }
    this.relay = new NatsRelay(this.store, new PgRelayCheckpoints(this.pool), {
      servers: this.config.NATS_URL,
      streamName: this.config.NATS_STREAM,
      subjectPrefix: this.config.NATS_SUBJECT_PREFIX,
      log: (m) => this.logger.log(m),
    });
    this.relay.start();
    this.logger.log(`NATS relay started: stream ${this.config.NATS_STREAM}, subjects ${this.config.NATS_SUBJECT_PREFIX}.<category>.<EventType>`);
  }

  /** Before the pool and the store close (their hooks run in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}

/** Outbound integration: the SSE feed, the AsyncAPI document and the NATS relay. */
@Module({
  controllers: [FeedController, AsyncApiController],
  providers: [InlineRelay, ScopeService],
})
export class IntegrationModule {}

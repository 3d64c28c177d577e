import { Controller, Get, Headers, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { categoryOf, cloudEventType, EVENT_CATALOGUE } from '#event-store';
import { toCloudEvent } from '#event-store';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { HttpProblem } from '#platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { feedExposure, isVisible, parseList, type FeedFilter } from './feed-exposure.js';
import { ClientGone, SlowClient, SseWriter, sseFrame } from './sse-writer.js';

const POSITION = /^\d{1,19}$/;

export class FeedQuery {
  @ApiPropertyOptional({ description: 'Start strictly after this global position (Last-Event-ID wins when both are sent)', example: '0' })
  @IsOptional()
  @IsString()
  @Matches(POSITION, { message: 'must be a global position (digits)' })
  after?: string;

  @ApiPropertyOptional({ description: 'Comma-separated prefixes of the event type (`Assignment`) or of the CloudEvent type (`vn.gov.accountability.Case`)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  types?: string;

  @ApiPropertyOptional({ description: `Comma-separated stream categories: ${EVENT_CATALOGUE.categories.join(', ')}` })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  categories?: string;
}

/** Events per store read: the most a client's subscription holds in memory at once. */
const PAGE_SIZE = 200;

/**
 * GET /api/v1/events: the catch-up-then-live feed as Server-Sent Events. Each
 * message is `id: <global position>`, `event: <EventType>`, `data: <CloudEvent JSON>`.
 * Every client has its own store subscription that reads one page at a time and
 * waits for the socket to drain, so a slow client holds one page and slows only
 * itself; one that does not read for the drain timeout is disconnected (it resumes
 * with Last-Event-ID).
 */
@ApiTags('events')
@Controller('events')
export class FeedController {
  private readonly logger = new Logger('Feed');
  private clients = 0;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ScopeService) private readonly scope: ScopeService,
  ) {}

  @Get()
  @Roles('integration', 'hr', 'inspector')
  @ApiOperation({
    summary: 'Event feed (Server-Sent Events): catch-up from Last-Event-ID or ?after=, then live',
    description:
      'Bearer token in the Authorization header (role integration or admin: every event; hr/inspector: events of their unit scope). ' +
      'Heartbeat comments keep the connection open; a message with only `id:` moves the resume point past filtered events. See docs/integration.md.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this global position (the `id:` of the last message received)' })
  @ApiOkResponse({ description: 'text/event-stream of CloudEvents', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  async stream(
    @Query() query: FeedQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (lastEventId !== undefined && lastEventId !== '' && !POSITION.test(lastEventId)) {
      throw new HttpProblem(400, 'invalid_last_event_id', 'Bad Request', 'Last-Event-ID must be a global position', [
        { field: 'Last-Event-ID', message: 'must be a global position (digits)' },
      ]);
    }
    const from = BigInt(lastEventId || query.after || '0');
    const filter: FeedFilter = { typePrefixes: parseList(query.types), categories: parseList(query.categories) };
    const unknown = filter.categories.filter((c) => !EVENT_CATALOGUE.categories.includes(c));
    if (unknown.length) {
      throw new HttpProblem(400, 'unknown_category', 'Bad Request', `Unknown categories: ${unknown.join(', ')}`, [
        { field: 'categories', message: `must be among ${EVENT_CATALOGUE.categories.join(', ')}` },
      ]);
    }
    if (this.clients >= this.config.FEED_MAX_CLIENTS) {
      reply.header('Retry-After', '5');
      throw new HttpProblem(503, 'feed_busy', 'Service Unavailable', 'Too many feed connections; retry later');
    }
    const exposure = feedExposure(principal, (unitId) => this.scope.canSeeUnit(principal, unitId));

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.clients += 1;
    const heartbeatMs = this.config.FEED_HEARTBEAT_MS;
    const writer = new SseWriter(res, Math.max(30_000, heartbeatMs * 4));
    let lastSent = from;
    let scanned = from;
    let subscription: Subscription | undefined;
    let cleaned = false;
    const cleanup = (): void => {
      if (cleaned) return;
      cleaned = true;
      this.clients -= 1;
      clearInterval(heartbeat);
      void subscription?.stop();
    };
    const heartbeat = setInterval(() => {
      if (writer.isClosed || writer.congested) return;
      // An id-only message is not dispatched by EventSource but moves its Last-Event-ID past filtered events.
      const frame = scanned > lastSent ? `: heartbeat\nid: ${scanned}\n\n` : ': heartbeat\n\n';
      if (scanned > lastSent) lastSent = scanned;
      writer.write(frame).catch(() => undefined);
    }, heartbeatMs);
    res.on('close', cleanup);

    const matches = (event: RecordedEvent): boolean =>
      (filter.categories.length === 0 || filter.categories.includes(categoryOf(event.streamId))) &&
      (filter.typePrefixes.length === 0 ||
        filter.typePrefixes.some((p) => event.type.startsWith(p) || cloudEventType(event.type, event.schemaVersion).startsWith(p)));

    try {
      await writer.write(`retry: 2000\n: feed after position ${from}\n\n`);
      subscription = await this.store.subscribe({
        fromPosition: from,
        batchSize: PAGE_SIZE,
        handler: async (events) => {
          for (const event of events) {
            if (writer.isClosed) throw new ClientGone();
            if (matches(event) && (await isVisible(exposure, event))) {
              await writer.write(sseFrame(event.position.toString(), event.type, JSON.stringify(toCloudEvent(event))));
              lastSent = event.position;
            }
            scanned = event.position;
          }
        },
        onError: (error) => {
          if (error instanceof SlowClient) writer.destroy();
          else if (!(error instanceof ClientGone)) {
            this.logger.error(`feed subscription failed: ${String(error)}`);
            writer.end();
          }
          cleanup();
        },
      });
      if (cleaned) void subscription.stop();
    } catch (error) {
      if (!(error instanceof ClientGone)) this.logger.error(`feed failed to start: ${String(error)}`);
      writer.end();
      cleanup();
    }
  }
}

import { Controller, Get, Headers, Inject, Logger, Query, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { withSurprisePlansHeld } from '#domain';
import { categoryOf, cloudEventType, EVENT_CATALOGUE } from '#event-store';
import { toCloudEvent } from '#event-store';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { HttpProblem } from '#platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { feedExposure, isVisible, parseList, type FeedFilter } from './feed-exposure.js';
import { ClientGone, SlowClient, SseWriter, sseFrame, sseFrameWithoutId } from './sse-writer.js';
import { FeedHub } from './feed-hub.js';
import { LedgerMetrics } from '../metrics/metrics.js';

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

/** Events per store read: the most a client's catch-up holds in memory at once. */
const PAGE_SIZE = 200;

/**
 * GET /api/v1/events: the catch-up-then-live feed as Server-Sent Events. Each
 * message is `id: <global position>`, `event: <EventType>`, `data: <CloudEvent JSON>`.
 * A client catches up by reading the store one page at a time; once at the head it
 * takes new events from the one shared reader (FeedHub), so idle and filtered
 * connections cost no store reads. Every write waits for the socket to drain, so a
 * slow client holds one page and slows only itself; one that does not read for the
 * drain timeout is disconnected (it resumes with Last-Event-ID). Connections are capped
 * in total (FEED_MAX_CLIENTS) and per caller (FEED_MAX_CLIENTS_PER_CALLER), filtered
 * ones included, so one caller cannot take every slot.
 */
@ApiTags('events')
@Controller('events')
export class FeedController implements OnModuleDestroy {
  private readonly logger = new Logger('Feed');
  private clients = 0;
  private readonly perCaller = new Map<string, number>();
  private readonly hub: FeedHub;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
  ) {
    this.hub = new FeedHub(store, {
      onRead: (n) => this.metrics.feedEventsRead.inc({ reader: 'shared' }, n),
      onError: (error) => this.logger.error(`feed reader failed: ${String(error)}`),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.hub.stop();
  }

  @Get()
  @Roles('integration', 'hr', 'inspector')
  @ApiOperation({
    summary: 'Event feed (Server-Sent Events): catch-up from Last-Event-ID or ?after=, then live',
    description:
      'Bearer token in the Authorization header (role integration or admin: every event; hr/inspector: events of their unit scope). ' +
      'Heartbeat comments keep the connection open; a message with only `id:` moves the resume point past filtered events. ' +
      'At most FEED_MAX_CLIENTS connections, and FEED_MAX_CLIENTS_PER_CALLER per token subject (429 feed_caller_limit). See docs/integration.md.',
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
    const caller = principal.sub;
    if ((this.perCaller.get(caller) ?? 0) >= this.config.FEED_MAX_CLIENTS_PER_CALLER) {
      reply.header('Retry-After', '5');
      throw new HttpProblem(429, 'feed_caller_limit', 'Too many requests', `At most ${this.config.FEED_MAX_CLIENTS_PER_CALLER} feed connections per caller; close one first`);
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
    this.perCaller.set(caller, (this.perCaller.get(caller) ?? 0) + 1);
    this.metrics.feedConnections.set(this.clients);
    this.hub.acquire();
    const heartbeatMs = this.config.FEED_HEARTBEAT_MS;
    const writer = new SseWriter(res, Math.max(30_000, heartbeatMs * 4));
    let lastSent = from;
    let scanned = from;
    let cleaned = false;
    const cleanup = (): void => {
      if (cleaned) return;
      cleaned = true;
      this.clients -= 1;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.perCaller.set(caller, left);
      else this.perCaller.delete(caller);
      this.metrics.feedConnections.set(this.clients);
      this.hub.release();
    };
    res.on('close', cleanup);

    const matches = (event: RecordedEvent): boolean =>
      (filter.categories.length === 0 || filter.categories.includes(categoryOf(event.streamId))) &&
      (filter.typePrefixes.length === 0 ||
        filter.typePrefixes.some((p) => event.type.startsWith(p) || cloudEventType(event.type, event.schemaVersion).startsWith(p)));

    try {
      await writer.write(`retry: 2000\n: feed after position ${from}\n\n`);
      let lastBeat = Date.now();
      while (!writer.isClosed) {
        // From the shared reader's ring when it covers this position, else one page from the store.
        let events = this.hub.eventsAfter(scanned, PAGE_SIZE);
        if (events === undefined) {
          events = await this.store.readAll(scanned, PAGE_SIZE);
          this.metrics.feedEventsRead.inc({ reader: 'connection' }, events.length);
        }
        // A surprise inspection's plan is held until its start (libs/domain/src/inspection/inspection-feed.ts).
        for (const { event, released } of await withSurprisePlansHeld(events, (streamId) => this.store.readStream(streamId, { maxCount: 1 }).then((e) => e[0]))) {
          if (writer.isClosed) throw new ClientGone();
          if (released) {
            // No `id:`: the resume point stays before the start, which releases the plan again.
            if (matches(event) && (await isVisible(exposure, event))) await writer.write(sseFrameWithoutId(event.type, JSON.stringify(toCloudEvent(event))));
            continue;
          }
          if (matches(event) && (await isVisible(exposure, event))) {
            await writer.write(sseFrame(event.position.toString(), event.type, JSON.stringify(toCloudEvent(event))));
            lastSent = event.position;
          }
          scanned = event.position;
        }
        // Held events still move the scan past them.
        if (events.length) scanned = events[events.length - 1]!.position;
        if (Date.now() - lastBeat >= heartbeatMs && !writer.congested) {
          // An id-only message is not dispatched by EventSource but moves its Last-Event-ID past filtered events.
          const frame = scanned > lastSent ? `: heartbeat\nid: ${scanned}\n\n` : ': heartbeat\n\n';
          if (scanned > lastSent) lastSent = scanned;
          await writer.write(frame);
          lastBeat = Date.now();
        }
        if (events.length === 0) await this.hub.waitBeyond(scanned, Math.max(50, heartbeatMs - (Date.now() - lastBeat)));
      }
    } catch (error) {
      if (error instanceof SlowClient) writer.destroy();
      else if (!(error instanceof ClientGone)) {
        this.logger.error(`feed failed: ${String(error)}`);
        writer.end();
      }
    } finally {
      cleanup();
    }
  }
}

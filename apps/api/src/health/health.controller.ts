import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ProjectionRunner, ProjectionStatusQueries } from '#read-models';
import { Public } from '../auth/public.decorator.js';

interface Check {
  status: 'up' | 'degraded' | 'down';
  detail?: string;
  latencyMs?: number;
  [extra: string]: unknown;
}

/** Liveness and readiness for orchestrators; no authentication, no personal data. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(ProjectionStatusQueries) private readonly status: ProjectionStatusQueries,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is running', schema: { example: { status: 'up' } } })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOkResponse({
    description:
      'The database and the event store answer, and no projection lags beyond READY_MAX_PROJECTION_LAG events. ' +
      '`degraded` (still 200): some recorded events could not be applied by a projection and are quarantined (listed, at most 20)',
    schema: {
      example: {
        status: 'up',
        checks: { database: { status: 'up', latencyMs: 1 }, eventStore: { status: 'up' }, projections: { status: 'up', lagEvents: 0, failing: [], quarantinedEvents: 0, quarantined: [] } },
      },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down or the read models lag too far behind' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'up' | 'degraded' | 'down'; checks: Record<string, Check> }> {
    const [database, eventStore, projections] = await Promise.all([this.database(), this.eventStore(), this.projections()]);
    const checks = { database, eventStore, projections };
    const statuses = Object.values(checks).map((c) => c.status);
    const status = statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'up';
    void reply.status(status === 'down' ? 503 : 200);
    return { status, checks };
  }

  private async database(): Promise<Check> {
    return this.timed(async () => {
      await this.status.ping();
    });
  }

  private async eventStore(): Promise<Check> {
    return this.timed(async () => {
      await this.store.readAll(0n, 1);
    });
  }

  private async projections(): Promise<Check> {
    if (!this.config.PROJECTOR_INLINE) return { status: 'up', detail: 'projections run in apps/projector' };
    try {
      const low = this.runner.lowestPosition(true);
      const failing = this.runner.failingProjections();
      const limit = this.config.READY_MAX_PROJECTION_LAG;
      const lagEvents = await this.status.eventsAfter(low, limit + 1);
      const parked = await this.quarantine();
      const status = lagEvents > limit ? 'down' : parked.count > 0 ? 'degraded' : 'up';
      const detail =
        status === 'down'
          ? `more than ${limit} events not yet projected`
          : status === 'degraded'
            ? `${parked.count} recorded event(s) quarantined by a projection (npm run cli -- projections quarantine)`
            : undefined;
      return { status, lagEvents, failing, quarantinedEvents: parked.count, quarantined: parked.first, ...(detail ? { detail } : {}) };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Events parked by the projections (the first 20 with their error): the read models miss them. No stream ids: the endpoint is public and stream ids may name people. */
  private quarantine(): Promise<{ count: number; first: unknown[] }> {
    return this.status.quarantined(20);
  }

  private async timed(probe: () => Promise<void>): Promise<Check> {
    const start = Date.now();
    try {
      await probe();
      return { status: 'up', latencyMs: Date.now() - start };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}

import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { EVENT_STORE, type EventStore } from '#event-store';
import { APP_CONFIG, type AppConfig } from '#platform';
import { ProjectionRunner, ProjectionStatusQueries } from '#read-models';
import { Public } from '../auth/public.decorator.js';

interface Check {
  status: 'up' | 'down';
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
    description: 'The database and the event store answer, and no projection lags beyond READY_MAX_PROJECTION_LAG events',
    schema: { example: { status: 'up', checks: { database: { status: 'up', latencyMs: 1 }, eventStore: { status: 'up' }, projections: { status: 'up', lagEvents: 0, failing: [] } } } },
  })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down or the read models lag too far behind' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'up' | 'down'; checks: Record<string, Check> }> {
    const [database, eventStore, projections] = await Promise.all([this.database(), this.eventStore(), this.projections()]);
    const checks = { database, eventStore, projections };
    const ok = Object.values(checks).every((c) => c.status === 'up');
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'up' : 'down', checks };
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
      const status = lagEvents > limit ? 'down' : 'up';
      return { status, lagEvents, failing, ...(status === 'down' ? { detail: `more than ${limit} events not yet projected` } : {}) };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
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

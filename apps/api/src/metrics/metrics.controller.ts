import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ProjectionStatusQueries } from '#read-models';
import { Public } from '../auth/public.decorator.js';
import { LedgerMetrics } from './metrics.js';

/** Prometheus scrape endpoint (not in OpenAPI; protect it at the network level in production). */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(ProjectionStatusQueries) private readonly status: ProjectionStatusQueries,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.refreshLag();
    return this.metrics.registry.metrics();
  }

  /** Lag per checkpoint (projections and relays), measured at scrape time. */
  private async refreshLag(): Promise<void> {
    const rows = await this.status.checkpointLags();
    for (const row of rows) {
      this.metrics.projectionLagEvents.set({ projection: row.name }, row.lagEvents);
      this.metrics.projectionLagSeconds.set({ projection: row.name }, row.oldestSeconds);
    }
    for (const row of await this.status.quarantinedPerProjection()) this.metrics.projectionQuarantined.set({ projection: row.name }, row.n);
  }
}

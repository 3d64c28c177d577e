import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import pg from 'pg';
import { Public } from '../auth/public.decorator.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { LedgerMetrics } from './metrics.js';

/** Prometheus scrape endpoint (not in OpenAPI; protect it at the network level in production). */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.refreshLag();
    return this.metrics.registry.metrics();
  }

  /** Lag per checkpoint (projections and relays), measured at scrape time. */
  private async refreshLag(): Promise<void> {
    const { rows } = await this.pool.query<{ name: string; lag: string; oldest: string | null }>(`
      SELECT c.name,
             (SELECT count(*) FROM (SELECT 1 FROM events e WHERE e.position > c.position LIMIT 100000) x)::text AS lag,
             (SELECT extract(epoch FROM now() - min(e.recorded_at)) FROM
                (SELECT recorded_at FROM events e WHERE e.position > c.position ORDER BY e.position LIMIT 1) e)::text AS oldest
        FROM projection_checkpoints c`);
    for (const row of rows) {
      this.metrics.projectionLagEvents.set({ projection: row.name }, Number(row.lag));
      this.metrics.projectionLagSeconds.set({ projection: row.name }, row.oldest === null ? 0 : Number(row.oldest));
    }
    const parked = await this.pool.query<{ name: string; n: number }>(
      `SELECT c.name, (SELECT count(*) FROM projection_quarantine q WHERE q.projection = c.name)::int AS n FROM projection_checkpoints c`,
    );
    for (const row of parked.rows) this.metrics.projectionQuarantined.set({ projection: row.name }, row.n);
  }
}

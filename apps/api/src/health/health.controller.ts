import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { Public } from '../auth/public.decorator.js';

interface Check {
  status: 'up' | 'down';
  detail?: string;
  latencyMs?: number;
}

/** Liveness and readiness for orchestrators; no authentication, no personal data. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is running', schema: { example: { status: 'up' } } })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'The database and event store answer', schema: { example: { status: 'up', checks: { database: { status: 'up', latencyMs: 1 } } } } })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: 'up' | 'down'; checks: Record<string, Check> }> {
    const checks: Record<string, Check> = { database: await this.database() };
    const ok = Object.values(checks).every((c) => c.status === 'up');
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'up' : 'down', checks };
  }

  private async database(): Promise<Check> {
    const start = Date.now();
    try {
      await this.pool.query('SELECT 1 FROM events LIMIT 1');
      return { status: 'up', latencyMs: Date.now() - start };
    } catch (error) {
      return { status: 'down', detail: error instanceof Error ? error.message : String(error) };
    }
  }
}

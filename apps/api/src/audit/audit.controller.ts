import { Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DigestQueries } from '#read-models';
import { EVENT_STORE, type EventStore } from '#event-store';
import { PostgresEventStore } from '#event-store';
import { Roles } from '../auth/roles.decorator.js';

class VerifyQuery {
  @ApiPropertyOptional({ description: 'One stream id (e.g. `assignment-a-1`); every stream when omitted', example: 'assignment-a-1' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  stream?: string;
}

class DigestsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

/**
 * Tamper evidence for inspectors and councils: recompute the hash chains, and the
 * Merkle-root digests over all stream heads. Positions and revisions are strings
 * (64-bit).
 */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DigestQueries) private readonly digests: DigestQueries,
  ) {}

  @Get('verify')
  @Roles('inspector', 'council')
  @ApiOperation({ summary: 'Recompute the hash chains (one stream or all) and name the first broken event of each stream' })
  @ApiOkResponse({
    schema: {
      example: {
        ok: false,
        streamsChecked: 1,
        eventsChecked: 4,
        broken: [{ streamId: 'assignment-a-1', revision: '2', position: '5242882', eventId: '…', reason: 'hash_mismatch', expected: '…', actual: '…' }],
      },
    },
  })
  async verify(@Query() query: VerifyQuery): Promise<unknown> {
    const result = await this.store.verify(query.stream);
    return {
      ...result,
      broken: result.broken.map((b) => ({ ...b, revision: b.revision.toString(), position: b.position.toString() })),
    };
  }

  @Post('digests')
  @Roles('inspector')
  @ApiOperation({ summary: 'Compute a Merkle root over all stream heads now and store it (publish it elsewhere to anchor it)' })
  async record(): Promise<unknown> {
    const digest = this.store instanceof PostgresEventStore ? await this.store.recordDigest() : await this.store.digest();
    return { ...digest, position: digest.position.toString() };
  }

  @Get('digests')
  @Roles('inspector', 'council')
  @ApiOperation({ summary: 'Stored digests, newest first' })
  async list(@Query() query: DigestsQuery): Promise<unknown> {
    const rows = await this.digests.latest(query.limit ?? 20);
    return { items: rows };
  }
}

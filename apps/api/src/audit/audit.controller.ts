import { Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
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
  @ApiPropertyOptional({ minimum: 1, maximum: 200, description: 'How many; default 20' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

class BrokenLinkResponse {
  @ApiProperty({ example: 'assignment-a-1' }) streamId!: string;
  @ApiProperty({ example: '2', description: '0-based revision (string: 64-bit)' }) revision!: string;
  @ApiProperty({ example: '5242882', description: 'Global position (string: 64-bit)' }) position!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: ['hash_mismatch', 'prev_hash_mismatch', 'revision_gap'] }) reason!: string;
  @ApiProperty() expected!: string;
  @ApiProperty() actual!: string;
}

class VerifyResponse {
  @ApiProperty({ description: 'No broken link' }) ok!: boolean;
  @ApiProperty({ minimum: 0 }) streamsChecked!: number;
  @ApiProperty({ minimum: 0 }) eventsChecked!: number;
  @ApiProperty({ type: [BrokenLinkResponse], description: 'The first broken event of each stream' }) broken!: BrokenLinkResponse[];
}

class DigestResponse {
  @ApiProperty({ description: 'Merkle root (hex) over the heads of all streams, ordered by stream id' }) root!: string;
  @ApiProperty({ example: '1042', description: 'Highest global position covered (string: 64-bit)' }) position!: string;
  @ApiProperty({ minimum: 0 }) streamCount!: number;
  @ApiProperty({ format: 'date-time' }) computedAt!: string;
}

class StoredDigestResponse extends DigestResponse {
  @ApiProperty({ example: '7' }) id!: string;
}

class DigestListResponse {
  @ApiProperty({ type: [StoredDigestResponse] }) items!: StoredDigestResponse[];
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
  @ApiOkResponse({ type: VerifyResponse })
  async verify(@Query() query: VerifyQuery): Promise<VerifyResponse> {
    const result = await this.store.verify(query.stream);
    return {
      ...result,
      broken: result.broken.map((b) => ({ ...b, revision: b.revision.toString(), position: b.position.toString() })),
    };
  }

  @Post('digests')
  @Roles('inspector')
  @ApiOperation({ summary: 'Compute a Merkle root over all stream heads now and store it (publish it elsewhere to anchor it)' })
  @ApiCreatedResponse({ type: DigestResponse })
  async record(): Promise<DigestResponse> {
    const digest = this.store instanceof PostgresEventStore ? await this.store.recordDigest() : await this.store.digest();
    return { ...digest, position: digest.position.toString() };
  }

  @Get('digests')
  @Roles('inspector', 'council')
  @ApiOperation({ summary: 'Stored digests, newest first' })
  @ApiOkResponse({ type: DigestListResponse })
  async list(@Query() query: DigestsQuery): Promise<DigestListResponse> {
    const rows = await this.digests.latest(query.limit ?? 20);
    return { items: rows };
  }
}

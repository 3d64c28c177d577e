import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { evolveInspection, initialInspectionState, mayVerifyInspection, type InspectionEvent } from '#domain';
import { EVENT_STORE, PostgresLedger, VerificationRunning, type EventStore, type RecordedEvent } from '#event-store';
import { HttpProblem } from '#platform';
import { DigestQueries } from '#read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { notFound } from '../http/responses.js';
import { LEDGER } from './ledger.provider.js';
import {
  CheckpointListResponse,
  ConsistencyProofResponse,
  DigestListResponse,
  InclusionProofResponse,
  PublicKeyResponse,
  StoredDigestResponse,
  StreamVerifyResponse,
  VerificationJobResponse,
  VerificationStartedResponse,
} from './audit.dto.js';
import { AuditRateLimiter } from './rate-limit.js';

class VerifyQuery {
  @ApiPropertyOptional({ description: 'One stream id (e.g. `assignment-a-1`) in your scope; without it, a whole-store verification starts as a background job', example: 'assignment-a-1' })
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

class CheckpointsQuery extends DigestsQuery {
  @ApiPropertyOptional({ description: 'Only checkpoints of at most this tree size', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  atMost?: number;
}

class InclusionQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  eventId!: string;

  @ApiPropertyOptional({ description: 'Tree size of a signed checkpoint; the newest when omitted', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  treeSize?: number;
}

class ConsistencyQuery {
  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  from!: number;

  @ApiProperty({ minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  to!: number;
}

class StartVerificationRequest {
  @ApiPropertyOptional({ enum: ['full', 'incremental'], default: 'incremental' })
  @IsOptional()
  @IsIn(['full', 'incremental'])
  mode?: 'full' | 'incremental';
}

const ALL_ROLES = ['hr', 'unit_head', 'council', 'inspector', 'staff', 'integration', 'importer'] as const;

/**
 * Tamper evidence for inspectors, councils and anyone holding a checkpoint: the
 * signed Merkle log (public key, checkpoints, inclusion and consistency proofs),
 * verification as a background job (one at a time, whole-store scope only), and
 * per-stream chain checks within the caller's scope. Positions are strings (64-bit).
 */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  private readonly limiter = new AuditRateLimiter();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DigestQueries) private readonly digests: DigestQueries,
    @Inject(LEDGER) private readonly ledger: PostgresLedger | undefined,
    @Inject(ScopeService) private readonly scope: ScopeService,
  ) {}

  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key checkpoints are signed with (PEM, SPKI) and its key id; publish it where the database administrator cannot change it' })
  @ApiOkResponse({ type: PublicKeyResponse })
  publicKey(): { keyId: string | undefined; algorithm: 'Ed25519'; pem: string } {
    const ledger = this.requireLedger();
    return { keyId: ledger.signer?.keyId, algorithm: 'Ed25519', pem: ledger.publicKey!.export({ format: 'pem', type: 'spki' }).toString() };
  }

  @Get('checkpoints')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Signed checkpoints of the global log, largest tree first (they contain hashes only)' })
  @ApiOkResponse({ type: CheckpointListResponse })
  async checkpoints(@Query() q: CheckpointsQuery): Promise<unknown> {
    return { items: await this.requireLedger().checkpoints(q.limit ?? 20, q.atMost) };
  }

  @Get('proofs/inclusion')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Inclusion proof (RFC 9162 2.1.3) of an event you may read in a signed tree' })
  @ApiOkResponse({ type: InclusionProofResponse })
  async inclusion(@Query() q: InclusionQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    const ledger = this.requireLedger();
    await this.limiter.take(p, 'proof');
    const [event] = await this.eventById(q.eventId);
    if (!event || !(await this.mayRead(p, event))) throw notFound('event', q.eventId);
    const checkpoint = q.treeSize === undefined ? await ledger.latestCheckpoint() : await ledger.checkpoint(q.treeSize);
    if (!checkpoint) throw new HttpProblem(404, 'checkpoint_not_found', 'Not Found', `No signed checkpoint${q.treeSize ? ` of tree size ${q.treeSize}` : ' yet'}`);
    const proof = await ledger.inclusionProof(q.eventId, checkpoint.treeSize);
    if (!proof) throw new HttpProblem(409, 'event_not_yet_sealed', 'Conflict', `Event ${q.eventId} is not covered by the checkpoint of tree size ${checkpoint.treeSize} yet`);
    return { ...proof, checkpoint };
  }

  @Get('proofs/consistency')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Consistency proof (RFC 9162 2.1.4) between two signed tree sizes: the later log extends the earlier one' })
  @ApiOkResponse({ type: ConsistencyProofResponse })
  async consistency(@Query() q: ConsistencyQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    const ledger = this.requireLedger();
    await this.limiter.take(p, 'proof');
    if (q.from > q.to) throw new HttpProblem(400, 'invalid_range', 'Bad Request', '`from` must not exceed `to`', [{ field: 'from', message: 'must be <= to' }]);
    const [from, to] = await Promise.all([ledger.checkpoint(q.from), ledger.checkpoint(q.to)]);
    if (!from || !to) throw new HttpProblem(404, 'checkpoint_not_found', 'Not Found', `Both tree sizes must be signed checkpoints (${!from ? q.from : q.to} is not)`);
    return { ...(await ledger.consistencyProof(q.from, q.to)), fromCheckpoint: from, toCheckpoint: to };
  }

  @Get('verify')
  @Roles('inspector', 'council', 'hr', 'unit_head')
  @ApiOperation({
    summary: 'Recompute the hash chain of one stream in your scope; without `stream`, start a whole-store verification (background job, whole-store scope only)',
  })
  @ApiOkResponse({ type: StreamVerifyResponse, description: 'One stream checked' })
  @ApiAcceptedResponse({ type: VerificationStartedResponse, description: 'A whole-store verification was started: follow Location' })
  async verify(@Query() query: VerifyQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    if (query.stream === undefined) {
      // hr and unit heads verify streams they may read, never the whole store.
      if (!hasRole(p, 'inspector', 'council')) throw new HttpProblem(403, 'forbidden_role', 'Forbidden', 'A whole-store verification is for inspectors and council; verify one stream with ?stream=');
      return this.start({ mode: 'full' }, p, reply);
    }
    await this.limiter.take(p, 'verify');
    const [first] = await this.store.readStream(query.stream, { maxCount: 1 });
    if (!first || !(await this.mayRead(p, first))) throw notFound('stream', query.stream);
    const result = await this.store.verify(query.stream);
    return {
      ...result,
      broken: result.broken.map((b) => ({ ...b, revision: b.revision.toString(), position: b.position.toString() })),
    };
  }

  @Post('verifications')
  @HttpCode(202)
  @Roles('inspector', 'council')
  @ApiOperation({
    summary: 'Start a verification of the whole store against the signed checkpoints (one at a time; needs the whole-store scope `*`)',
    description: '`incremental` (default) starts at the newest successful verification; `full` re-reads every event. Poll the job for progress and the report.',
  })
  @ApiAcceptedResponse({ type: VerificationStartedResponse, description: 'Started; Location names the job' })
  async start(@Body() body: StartVerificationRequest, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const ledger = this.requireLedger();
    this.requireWholeStore(p);
    await this.limiter.take(p, 'verification');
    try {
      const job = await ledger.startVerification(body.mode ?? 'incremental', p.sub);
      reply.status(202).header('Location', `/api/v1/audit/verifications/${job.id}`);
      return { id: job.id, status: 'running', mode: body.mode ?? 'incremental' };
    } catch (error) {
      if (error instanceof VerificationRunning) throw new HttpProblem(409, 'verification_running', 'Conflict', 'A verification is already running: wait for it (GET /audit/verifications/{id})');
      throw error;
    }
  }

  @Get('verifications/:id')
  @Roles('inspector', 'council')
  @ApiOperation({ summary: 'Progress and report of a verification job' })
  @ApiOkResponse({ type: VerificationJobResponse })
  async job(@Param('id', new ParseUUIDPipe()) id: string, @CurrentPrincipal() p: Principal): Promise<unknown> {
    this.requireWholeStore(p);
    const job = await this.requireLedger().verification(id);
    if (!job) throw notFound('verification', id);
    return job;
  }

  @Post('digests')
  @Roles('inspector')
  @ApiOperation({ summary: 'Compute a Merkle root over all stream heads now and store it (superseded by signed checkpoints; whole-store scope, rate-limited)' })
  @ApiCreatedResponse({ type: StoredDigestResponse })
  async record(@CurrentPrincipal() p: Principal): Promise<unknown> {
    this.requireWholeStore(p);
    await this.limiter.take(p, 'digest');
    const digest = await this.store.recordDigest();
    return { ...digest, position: digest.position.toString() };
  }

  @Get('digests')
  @Roles('inspector', 'council')
  @ApiOperation({ summary: 'Stored digests, newest first (whole-store scope)' })
  @ApiOkResponse({ type: DigestListResponse })
  async list(@Query() query: DigestsQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    this.requireWholeStore(p);
    return { items: await this.digests.latest(query.limit ?? 20) };
  }

  private requireLedger(): PostgresLedger {
    if (!this.ledger?.publicKey) throw new HttpProblem(501, 'ledger_unavailable', 'Not Implemented', 'The signed ledger runs on the PostgreSQL event store only');
    return this.ledger;
  }

  /** Whole-store audit work (names and counts of every stream) is for callers whose scope is every unit. */
  private requireWholeStore(p: Principal): void {
    if (!p.roles.includes('admin') && !p.units.includes('*')) {
      throw new HttpProblem(403, 'audit_scope_too_narrow', 'Forbidden', 'Whole-store verification needs the scope of every unit (`*`); verify streams in your scope with ?stream=');
    }
  }

  private async eventById(id: string): Promise<RecordedEvent[]> {
    const at = await this.ledger?.eventLocation(id);
    if (!at) return [];
    return this.store.readStream(at.streamId, { fromRevision: at.revision, maxCount: 1 });
  }

  /**
   * Whether the caller may read an event: the whole-store scope reads everything
   * (checkpoint events too, which carry only hashes); otherwise the caller is the actor,
   * or, for an inspection stream, may see its results (`mayVerifyInspection`), or else
   * the event's unit, or its first stream event's unit, must be in scope.
   */
  private async mayRead(p: Principal, event: RecordedEvent): Promise<boolean> {
    if (p.roles.includes('admin') || p.units.includes('*') || event.type === 'CheckpointSigned') return true;
    if (event.metadata.actor?.sub === p.sub) return true;
    // An inspection's plan carries no unit: its visibility rule decides (results after the conclusion; a surprise never before its start).
    if (event.streamId.startsWith('inspection-')) {
      const events = await this.store.readStream(event.streamId);
      const state = events.reduce((s, e) => evolveInspection(s, { type: e.type, data: e.data } as InspectionEvent), initialInspectionState());
      return mayVerifyInspection(await this.scope.actorFor(p), state);
    }
    let unitId = event.data['unitId'];
    if (typeof unitId !== 'string') {
      const [first] = await this.store.readStream(event.streamId, { maxCount: 1 });
      unitId = first?.data['unitId'];
    }
    if (typeof unitId !== 'string' || !hasRole(p, 'hr', 'inspector', 'unit_head', 'council')) return false;
    return this.scope.canSeeUnit(p, unitId);
  }
}

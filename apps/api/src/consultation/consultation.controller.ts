import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import {
  consultationAccess,
  consultationDecider,
  consultationStream,
  type ConsultationState,
} from '#domain';
import { effectiveConsultationFlags } from '#domain';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { CreatedResponse, encodeCursor, VersionResponse, withEtag } from '../http/responses.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { IDEMPOTENCY_HEADER as IDEMPOTENCY } from '../http/command-headers.js';
import { cursorOrFail, notFound } from '../http/responses.js';
import {
  AnswerConsultationRequest,
  ConsultationListQuery,
  FlagConsultationRequest,
  RequestConsultationRequest,
  WithdrawConsultationRequest,
} from './consultation.dto.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the consultation changed' });

interface RegisterRow {
  id: string;
  seq: string;
  requested_by: string;
  requester_unit_id: string;
  consulted_unit_id: string | null;
  consulted_person_id: string | null;
  answered_by: string | null;
  state: ConsultationState;
  raised_flags: string[];
  version: number;
}

/** The consultation as the API shows it; flags are derived as of now (an unanswered request past due is late). */
export function consultationView(row: RegisterRow, asOf: string): Record<string, unknown> {
  const s = row.state;
  if (s.status === 'none') return { id: row.id };
  const flags = effectiveConsultationFlags(s, asOf);
  return {
    id: row.id,
    ...s.request,
    status: s.status,
    answer: s.status === 'answered' ? s.answer : null,
    withdrawal: s.status === 'withdrawn' ? s.withdrawal : null,
    raisedFlags: row.raised_flags,
    flags,
    late: s.status === 'answered' ? s.answer.late : s.status === 'requested' && Date.parse(asOf) > Date.parse(s.request.dueAt),
    version: row.version,
  };
}

/** Consultations: asking another unit or person for an opinion, the answer, avoidance flags, the register. */
@ApiTags('consultations')
@Controller('consultations')
export class ConsultationsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Post()
  @Roles('staff', 'unit_head', 'importer')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Request an opinion from another unit or a person (the caller is the requester)' })
  @ApiCreatedResponse({ type: CreatedResponse })
  request(@Body() body: RequestConsultationRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const consultationId = body.consultationId ?? cmd.newId();
    return cmd.run(
      consultationDecider,
      consultationStream(consultationId),
      consultationAccess,
      {
        type: 'RequestConsultation',
        data: {
          consultationId,
          requestedBy: cmd.principal.sub,
          requesterUnitId: body.requesterUnitId,
          ...(body.consultedUnitId !== undefined && { consultedUnitId: body.consultedUnitId }),
          ...(body.consultedPersonId !== undefined && { consultedPersonId: body.consultedPersonId }),
          question: body.question,
          withinRequesterAuthority: body.withinRequesterAuthority,
          ...(body.relatedAssignmentId !== undefined && { relatedAssignmentId: body.relatedAssignmentId }),
          dueAt: body.dueAt,
        },
      },
      { id: consultationId, location: `/api/v1/consultations/${consultationId}` },
    ) as Promise<CreatedResponse>;
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Answer a consultation (the consulted person, or someone of the consulted unit or in its scope)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such consultation in your scope' })
  answer(@Param('id') id: string, @Body() body: AnswerConsultationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(consultationDecider, consultationStream(id), consultationAccess, {
      type: 'AnswerConsultation',
      data: { position: body.position, answer: body.answer, answeredBy: cmd.principal.sub },
    });
  }

  @Post(':id/flags')
  @HttpCode(200)
  @Roles('inspector', 'unit_head', 'staff', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Raise an avoidance flag (inspectors and unit heads in scope; staff on their own requests)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such consultation in your scope' })
  flag(@Param('id') id: string, @Body() body: FlagConsultationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(consultationDecider, consultationStream(id), consultationAccess, {
      type: 'FlagConsultation',
      data: { flag: body.flag, by: cmd.principal.sub, ...(body.note !== undefined && { note: body.note }) },
    });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Withdraw an unanswered consultation (the requester, or a unit head over the requester unit)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such consultation in your scope' })
  withdraw(@Param('id') id: string, @Body() body: WithdrawConsultationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(consultationDecider, consultationStream(id), consultationAccess, {
      type: 'WithdrawConsultation',
      data: { by: cmd.principal.sub, reason: body.reason },
    });
  }

  @Get()
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({
    summary: 'The consultation register',
    description:
      'hr, unit heads and inspectors see consultations whose requester or consulted unit is in their scope; staff see their own requests and those addressed to them or their unit. Ordered by request, cursor-paginated.',
  })
  async list(@Query() query: ConsultationListQuery, @CurrentPrincipal() principal: Principal): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const after = cursorOrFail(query.cursor);
    const params: unknown[] = [String(after?.[0] ?? '0'), limit + 1];
    const where = ['seq > $1::bigint'];
    const add = (sql: (n: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.requester) add((n) => `requested_by = ${n}`, query.requester);
    if (query.requesterUnitId) add((n) => `requester_unit_id = ${n}`, query.requesterUnitId);
    if (query.consultedUnitId) add((n) => `consulted_unit_id = ${n}`, query.consultedUnitId);
    if (query.position) add((n) => `position = ${n}`, query.position);
    const overdue = `(status = 'requested' AND due_at < now())`;
    if (query.flag) add((n) => `(${n} = ANY (flags) OR (${n} = 'late_response' AND ${overdue}))`, query.flag);
    if (query.late) where.push(query.late === 'true' ? `(late OR ${overdue})` : `NOT (late OR ${overdue})`);
    params.push(principal.sub);
    const me = `$${params.length}`;
    const own = `requested_by = ${me} OR consulted_person_id = ${me} OR answered_by = ${me}`;
    if (hasRole(principal, 'hr', 'unit_head', 'inspector')) {
      const a = this.scope.unitCondition(principal, 'requester_unit_id', params.length);
      params.push(...a.params);
      const b = this.scope.unitCondition(principal, 'consulted_unit_id', params.length);
      params.push(...b.params);
      where.push(`(${own} OR ${a.sql} OR ${b.sql})`);
    } else {
      params.push((await this.ownUnit(principal.sub)) ?? null);
      where.push(`(${own} OR consulted_unit_id = $${params.length})`);
    }
    const { rows } = await this.pool.query<RegisterRow>(
      `SELECT ${COLUMNS} FROM consultation_register_v1 WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    const now = new Date().toISOString();
    return { items: page.map((r) => consultationView(r, now)), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.seq]) : null };
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'One consultation with its raised and derived flags' })
  @ApiNotFoundResponse({ description: 'No such consultation in your scope' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const row = await this.visibleRow(principal, id);
    withEtag(reply, row.version);
    return consultationView(row, new Date().toISOString());
  }

  /** The row, or 404 when it does not exist or the caller may not see it. */
  private async visibleRow(principal: Principal, id: string): Promise<RegisterRow> {
    const { rows } = await this.pool.query<RegisterRow>(`SELECT ${COLUMNS} FROM consultation_register_v1 WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row || !(await this.canSee(principal, row))) throw notFound('consultation', id);
    return row;
  }

  private async canSee(principal: Principal, row: RegisterRow): Promise<boolean> {
    if ([row.requested_by, row.consulted_person_id, row.answered_by].includes(principal.sub)) return true;
    if (hasRole(principal, 'hr', 'unit_head', 'inspector', 'importer') && (await this.unitsInScope(principal, row))) return true;
    return row.consulted_unit_id !== null && (await this.ownUnit(principal.sub)) === row.consulted_unit_id;
  }

  private async unitsInScope(principal: Principal, row: RegisterRow): Promise<boolean> {
    if (await this.scope.canSeeUnit(principal, row.requester_unit_id)) return true;
    return row.consulted_unit_id !== null && this.scope.canSeeUnit(principal, row.consulted_unit_id);
  }

  private async ownUnit(staffId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ unit_id: string }>('SELECT unit_id FROM staff_v1 WHERE id = $1', [staffId]);
    return rows[0]?.unit_id;
  }
}

const COLUMNS = `id, seq::text AS seq, requested_by, requester_unit_id, consulted_unit_id, consulted_person_id, answered_by,
  state, raised_flags, version`;

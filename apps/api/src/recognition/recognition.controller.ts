import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { commendationAccess, commendationDecider, commendationStream, vietnamDate } from '#domain';
import { innovationAccess, innovationDecider, innovationStream } from '#domain';
import {
  commendationColumns,
  consequencesInForce,
  INNOVATION_COLUMNS,
  type CommendationRowView,
  type InnovationRowView,
} from '#read-models';
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
  ApproveInnovationRequest,
  CommendationListQuery,
  EvaluateInnovationRequest,
  GrantCommendationRequest,
  InnovationListQuery,
  RegisterInnovationRequest,
  RejectInnovationRequest,
  RevokeCommendationRequest,
} from './recognition.dto.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the resource changed' });
const READERS = ['hr', 'unit_head', 'inspector', 'council'] as const;

type Page<T> = { items: T[]; nextCursor: string | null };

/** Commendations of persons and units; no commendation while the person has an open disciplinary case. */
@ApiTags('commendations')
@Controller('commendations')
export class CommendationsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Post()
  @Roles('hr', 'importer')
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Record a commendation decision',
    description:
      'Refused with 422 commendation.recipient_under_disciplinary_consideration while the person has an open disciplinary case (the case read model is consulted).',
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  async grant(@Body() body: GrantCommendationRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    // A fact the decider needs (no commendation during an open case), read from the case register.
    const recipientHasOpenCase =
      body.recipient.kind === 'person' &&
      ((await this.pool.query("SELECT 1 FROM disciplinary_cases_v1 WHERE subject_id = $1 AND status = 'open' LIMIT 1", [body.recipient.id])).rowCount ?? 0) > 0;
    // Consequence no_commendation of a decision in effect on the grant's business date (issue 16).
    const recipientDisciplineBars =
      body.recipient.kind === 'person'
        ? (await consequencesInForce(this.pool, body.recipient.id, 'no_commendation', vietnamDate(body.occurredAt ?? new Date().toISOString()))).map(
            (c) => ({ decisionNo: c.decisionNo, until: c.until, source: c.source }),
          )
        : [];
    const commendationId = body.commendationId ?? cmd.newId();
    return cmd.run(
      commendationDecider,
      commendationStream(commendationId),
      commendationAccess,
      {
        type: 'GrantCommendation',
        data: {
          commendationId,
          recipient: { kind: body.recipient.kind, id: body.recipient.id },
          form: body.form,
          level: body.level,
          decisionNo: body.decisionNo,
          decidedBy: body.decidedBy,
          reason: body.reason,
          ...(body.periodFrom !== undefined && { periodFrom: body.periodFrom }),
          ...(body.periodTo !== undefined && { periodTo: body.periodTo }),
          recipientHasOpenCase,
          recipientDisciplineBars,
        },
      },
      { id: commendationId, location: `/api/v1/commendations/${commendationId}` },
    ) as Promise<CreatedResponse>;
  }

  @Post(':id/revocation')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Revoke a commendation (with the revoking decision number or the finding behind it)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such commendation in your scope' })
  revoke(@Param('id') id: string, @Body() body: RevokeCommendationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(commendationDecider, commendationStream(id), commendationAccess, {
      type: 'RevokeCommendation',
      data: {
        reason: body.reason,
        ...(body.decisionNo !== undefined && { decisionNo: body.decisionNo }),
        ...(body.findingRef !== undefined && { findingRef: body.findingRef }),
        revokedBy: cmd.principal.sub,
      },
    });
  }

  @Get()
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'Commendations: of recipients in the caller\'s scope; staff see their own' })
  async list(@Query() query: CommendationListQuery, @CurrentPrincipal() principal: Principal): Promise<Page<CommendationRowView>> {
    const limit = query.limit ?? 50;
    const after = cursorOrFail(query.cursor);
    const params: unknown[] = [String(after?.[0] ?? '0'), limit + 1];
    const where = ['c.seq > $1::bigint'];
    if (query.recipientId) {
      params.push(query.recipientId);
      where.push(`c.recipient_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`c.status = $${params.length}`);
    }
    params.push(principal.sub);
    const self = `(c.recipient_kind = 'person' AND c.recipient_id = $${params.length})`;
    if (hasRole(principal, ...READERS)) {
      const scope = this.scope.unitCondition(principal, RECIPIENT_UNIT, params.length);
      params.push(...scope.params);
      where.push(`(${self} OR ${scope.sql})`);
    } else where.push(self);
    const { rows } = await this.pool.query<CommendationRowView & { seq: string }>(
      `SELECT ${commendationColumns('c.')}, c.seq::text AS seq FROM commendations_v1 c
         LEFT JOIN staff_v1 s ON c.recipient_kind = 'person' AND s.id = c.recipient_id
        WHERE ${where.join(' AND ')} ORDER BY c.seq LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    return { items: page.map(({ seq: _seq, ...r }) => r), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.seq]) : null };
  }

  @Get(':id')
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'One commendation' })
  @ApiNotFoundResponse({ description: 'No such commendation in your scope' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommendationRowView> {
    const { unitId: _unit, ...row } = await this.visible(principal, id);
    withEtag(reply, row.version);
    return row;
  }

  private async visible(principal: Principal, id: string): Promise<CommendationRowView & { unitId: string }> {
    const { rows } = await this.pool.query<CommendationRowView & { unitId: string }>(
      `SELECT ${commendationColumns('c.')}, ${RECIPIENT_UNIT} AS "unitId" FROM commendations_v1 c
         LEFT JOIN staff_v1 s ON c.recipient_kind = 'person' AND s.id = c.recipient_id WHERE c.id = $1`,
      [id],
    );
    const row = rows[0];
    const self = row?.recipientKind === 'person' && row.recipientId === principal.sub;
    if (!row || !(self || (hasRole(principal, ...READERS, 'importer') && (await this.scope.canSeeUnit(principal, row.unitId))))) {
      throw notFound('commendation', id);
    }
    return row;
  }
}

/** The unit a commendation's recipient belongs to now: the staff member's unit, or the unit itself. */
const RECIPIENT_UNIT = `COALESCE(s.unit_id, c.recipient_id)`;

/** Innovation proposals (Decree 73/2023): leaders only; collective vote or the head's written override; outcome evaluation. */
@ApiTags('innovation-proposals')
@Controller('innovation-proposals')
export class InnovationProposalsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
  ) {}

  @Post()
  @Roles('unit_head', 'staff', 'importer')
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Register an innovation proposal (the caller is the proposer)',
    description: 'Only a person holding a leadership or management post (staff directory) may propose: 422 innovation.proposer_not_leader otherwise.',
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  async register(@Body() body: RegisterInnovationRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const proposalId = body.proposalId ?? cmd.newId();
    return cmd.run(
      innovationDecider,
      innovationStream(proposalId),
      innovationAccess,
      {
        type: 'RegisterInnovationProposal',
        data: {
          proposalId,
          proposerId: cmd.principal.sub,
          unitId: body.unitId,
          title: body.title,
          plan: body.plan,
          scope: body.scope,
          relatedAssignmentIds: body.relatedAssignmentIds,
          // Decree 73/2023 covers leaders only: a fact of the directory, for the decider.
          proposerIsLeader: (await cmd.who()).leadsAny,
          relatedOutsideUnit: await this.relatedOutsideUnit(body.relatedAssignmentIds, body.unitId),
        },
      },
      { id: proposalId, location: `/api/v1/innovation-proposals/${proposalId}` },
    ) as Promise<CreatedResponse>;
  }

  /** Related ids that are not assignments of the unit's subtree (unknown ones included). */
  private async relatedOutsideUnit(ids: readonly string[], unitId: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT b.id FROM assignment_board_v1 b JOIN units_v1 u ON u.id = b.unit_id WHERE b.id = ANY($1::text[]) AND u.path LIKE $2`,
      [[...ids], `%/${unitId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`],
    );
    const inUnit = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !inUnit.has(id));
  }

  @Post(':id/approval')
  @HttpCode(200)
  @Roles('unit_head', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Approve: the collective vote (more than 50%, a tie goes the head\'s way), or the head\'s written override of a failed vote',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such proposal in your scope' })
  approve(@Param('id') id: string, @Body() body: ApproveInnovationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const { occurredAt: _at, ...vote } = body;
    return cmd.run(innovationDecider, innovationStream(id), innovationAccess, {
      type: 'ApproveInnovationProposal',
      data: { ...vote, approvedBy: cmd.principal.sub },
    });
  }

  @Post(':id/rejection')
  @HttpCode(200)
  @Roles('unit_head', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Reject a proposal' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such proposal in your scope' })
  reject(@Param('id') id: string, @Body() body: RejectInnovationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(innovationDecider, innovationStream(id), innovationAccess, {
      type: 'RejectInnovationProposal',
      data: { reason: body.reason, rejectedBy: cmd.principal.sub },
    });
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @Roles('unit_head', 'inspector', 'hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Evaluate the outcome of an approved proposal (result, damage, personal gain, causes)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such proposal in your scope' })
  evaluate(@Param('id') id: string, @Body() body: EvaluateInnovationRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(innovationDecider, innovationStream(id), innovationAccess, {
      type: 'EvaluateInnovationOutcome',
      data: {
        result: body.result,
        damage: { amountVnd: body.damage.amountVnd, ...(body.damage.description !== undefined && { description: body.damage.description }) },
        personalGain: body.personalGain,
        causes: body.causes,
        evaluatedBy: cmd.principal.sub,
      },
    });
  }

  @Get()
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'Innovation proposals of units in the caller\'s scope; staff see their own' })
  async list(@Query() query: InnovationListQuery, @CurrentPrincipal() principal: Principal): Promise<Page<InnovationRowView>> {
    const limit = query.limit ?? 50;
    const after = cursorOrFail(query.cursor);
    const params: unknown[] = [String(after?.[0] ?? '0'), limit + 1];
    const where = ['seq > $1::bigint'];
    const add = (sql: (n: string) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.unitId) add((n) => `unit_id = ${n}`, query.unitId);
    if (query.status) add((n) => `status = ${n}`, query.status);
    if (query.assignmentId) add((n) => `${n} = ANY (related_assignment_ids)`, query.assignmentId);
    params.push(principal.sub);
    const self = `proposer_id = $${params.length}`;
    if (hasRole(principal, ...READERS)) {
      const scope = this.scope.unitCondition(principal, 'unit_id', params.length);
      params.push(...scope.params);
      where.push(`(${self} OR ${scope.sql})`);
    } else where.push(self);
    const { rows } = await this.pool.query<InnovationRowView & { seq: string }>(
      `SELECT ${INNOVATION_COLUMNS}, seq::text AS seq FROM innovation_proposals_v1 WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
      params,
    );
    const page = rows.slice(0, limit);
    return { items: page.map(({ seq: _seq, ...r }) => r), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.seq]) : null };
  }

  @Get(':id')
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'One innovation proposal with its approval and evaluation' })
  @ApiNotFoundResponse({ description: 'No such proposal in your scope' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<InnovationRowView> {
    const row = await this.visible(principal, id);
    withEtag(reply, row.version);
    return row;
  }

  private async visible(principal: Principal, id: string): Promise<InnovationRowView> {
    const { rows } = await this.pool.query<InnovationRowView>(`SELECT ${INNOVATION_COLUMNS} FROM innovation_proposals_v1 WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row) throw notFound('innovation proposal', id);
    if (row.proposerId === principal.sub) return row;
    if (hasRole(principal, ...READERS, 'importer') && (await this.scope.canSeeUnit(principal, row.unitId))) return row;
    throw notFound('innovation proposal', id);
  }

}

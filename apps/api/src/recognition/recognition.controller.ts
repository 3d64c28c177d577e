import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { commendationAccess, commendationDecider, commendationStream, vietnamDate } from '#domain';
import { innovationAccess, innovationDecider, innovationStream } from '#domain';
import { CommendationQueries, DisciplinaryCaseQueries, DisciplineConsequenceQueries, InnovationQueries, type CommendationRowView, type InnovationRowView } from '#read-models';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { CreatedResponse, VersionResponse, withEtag } from '../http/responses.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { IDEMPOTENCY_HEADER as IDEMPOTENCY } from '../http/command-headers.js';
import { notFound } from '../http/responses.js';
import {
  ApproveInnovationRequest,
  CommendationListQuery,
  CommendationPage,
  CommendationResponse,
  EvaluateInnovationRequest,
  GrantCommendationRequest,
  InnovationListQuery,
  InnovationPage,
  InnovationResponse,
  RegisterInnovationRequest,
  RejectInnovationRequest,
  RevokeCommendationRequest,
} from './recognition.dto.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the resource changed' });
const READERS = ['hr', 'unit_head', 'inspector', 'council'] as const;

/** Commendations of persons and units; no commendation while the person has an open disciplinary case. */
@ApiTags('commendations')
@Controller('commendations')
@ReadsModels('recognition_v1', 'disciplinary_cases_v1', 'personnel_v1')
@CommandsReadModels('recognition_v1', 'disciplinary_cases_v1', 'personnel_v1')
export class CommendationsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(CommendationQueries) private readonly commendations: CommendationQueries,
    @Inject(DisciplinaryCaseQueries) private readonly cases: DisciplinaryCaseQueries,
    @Inject(DisciplineConsequenceQueries) private readonly consequences: DisciplineConsequenceQueries,
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
      (await this.cases.hasOpenCase(body.recipient.id));
    // Consequence no_commendation of a decision in effect on the grant's business date (issue 16).
    const recipientDisciplineBars =
      body.recipient.kind === 'person'
        ? (await this.consequences.inForce(body.recipient.id, 'no_commendation', vietnamDate(body.occurredAt ?? new Date().toISOString()))).map(
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
  @ApiOkResponse({ type: CommendationPage })
  list(@Query() query: CommendationListQuery, @CurrentPrincipal() principal: Principal): Promise<CommendationPage> {
    const { cursor, limit, ...filter } = query;
    return this.commendations.list(filter, this.scope.reader(principal, ...READERS), { cursor, limit: limit ?? 50 });
  }

  @Get(':id')
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'One commendation' })
  @ApiNotFoundResponse({ description: 'No such commendation in your scope' })
  @ApiOkResponse({ type: CommendationResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<CommendationResponse> {
    const { unitId: _unit, ...row } = await this.visible(principal, id);
    withEtag(reply, row.version);
    return row;
  }

  private async visible(principal: Principal, id: string): Promise<CommendationRowView & { unitId: string }> {
    const row = await this.commendations.findById(id);
    const self = row?.recipientKind === 'person' && row.recipientId === principal.sub;
    if (!row || !(self || (hasRole(principal, ...READERS, 'importer') && (await this.scope.canSeeUnit(principal, row.unitId))))) {
      throw notFound('commendation', id);
    }
    return row;
  }
}


/** Innovation proposals (Decree 73/2023): leaders only; collective vote or the head's written override; outcome evaluation. */
@ApiTags('innovation-proposals')
@Controller('innovation-proposals')
@ReadsModels('recognition_v1', 'disciplinary_cases_v1', 'personnel_v1')
@CommandsReadModels('recognition_v1', 'disciplinary_cases_v1', 'personnel_v1')
export class InnovationProposalsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(InnovationQueries) private readonly proposals: InnovationQueries,
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
          relatedOutsideUnit: await this.proposals.relatedOutsideUnit(body.relatedAssignmentIds, body.unitId),
        },
      },
      { id: proposalId, location: `/api/v1/innovation-proposals/${proposalId}` },
    ) as Promise<CreatedResponse>;
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
  @ApiOkResponse({ type: InnovationPage })
  list(@Query() query: InnovationListQuery, @CurrentPrincipal() principal: Principal): Promise<InnovationPage> {
    const { cursor, limit, ...filter } = query;
    return this.proposals.list(filter, this.scope.reader(principal, ...READERS), { cursor, limit: limit ?? 50 });
  }

  @Get(':id')
  @Roles(...READERS, 'staff')
  @ApiOperation({ summary: 'One innovation proposal with its approval and evaluation' })
  @ApiNotFoundResponse({ description: 'No such proposal in your scope' })
  @ApiOkResponse({ type: InnovationResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<InnovationResponse> {
    const row = await this.visible(principal, id);
    withEtag(reply, row.version);
    return row;
  }

  private async visible(principal: Principal, id: string): Promise<InnovationRowView> {
    const row = await this.proposals.findById(id);
    if (!row) throw notFound('innovation proposal', id);
    if (row.proposerId === principal.sub) return row;
    if (hasRole(principal, ...READERS, 'importer') && (await this.scope.canSeeUnit(principal, row.unitId))) return row;
    throw notFound('innovation proposal', id);
  }

}

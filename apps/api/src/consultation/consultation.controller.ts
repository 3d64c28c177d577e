import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { consultationAccess, consultationDecider, consultationStream } from '#domain';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { ConsultationRegisterQueries, consultationView, StaffDirectoryQueries, type ConsultationRegisterRow } from '#read-models';
import { CreatedResponse, VersionResponse, withEtag } from '../http/responses.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { IDEMPOTENCY_HEADER as IDEMPOTENCY } from '../http/command-headers.js';
import { notFound } from '../http/responses.js';
import {
  AnswerConsultationRequest,
  ConsultationListQuery,
  ConsultationPage,
  ConsultationResponse,
  FlagConsultationRequest,
  RequestConsultationRequest,
  WithdrawConsultationRequest,
} from './consultation.dto.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the consultation changed' });

/** Consultations: asking another unit or person for an opinion, the answer, avoidance flags, the register. */
@ApiTags('consultations')
@Controller('consultations')
@ReadsModels('consultation_register_v1', 'personnel_v1')
@CommandsReadModels('consultation_register_v1', 'personnel_v1')
export class ConsultationsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(ConsultationRegisterQueries) private readonly register: ConsultationRegisterQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
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
  @ApiOkResponse({ type: ConsultationPage })
  async list(@Query() query: ConsultationListQuery, @CurrentPrincipal() principal: Principal): Promise<ConsultationPage> {
    const { cursor, limit, late, ...filter } = query;
    const scoped = hasRole(principal, 'hr', 'unit_head', 'inspector');
    const reader = { ...this.scope.reader(principal, 'hr', 'unit_head', 'inspector'), ownUnitId: scoped ? null : ((await this.ownUnit(principal.sub)) ?? null) };
    return this.register.list({ ...filter, ...(late !== undefined && { late: late === 'true' }) }, reader, { cursor, limit: limit ?? 50 });
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'One consultation with its raised and derived flags' })
  @ApiNotFoundResponse({ description: 'No such consultation in your scope' })
  @ApiOkResponse({ type: ConsultationResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<ConsultationResponse> {
    const row = await this.visibleRow(principal, id);
    const view = consultationView(row, new Date().toISOString());
    if (!view) throw notFound('consultation', id);
    withEtag(reply, row.version);
    return view;
  }

  /** The row, or 404 when it does not exist or the caller may not see it. */
  private async visibleRow(principal: Principal, id: string): Promise<ConsultationRegisterRow> {
    const row = await this.register.findById(id);
    if (!row || !(await this.canSee(principal, row))) throw notFound('consultation', id);
    return row;
  }

  private async canSee(principal: Principal, row: ConsultationRegisterRow): Promise<boolean> {
    if ([row.requested_by, row.consulted_person_id, row.answered_by].includes(principal.sub)) return true;
    if (hasRole(principal, 'hr', 'unit_head', 'inspector', 'importer') && (await this.unitsInScope(principal, row))) return true;
    return row.consulted_unit_id !== null && (await this.ownUnit(principal.sub)) === row.consulted_unit_id;
  }

  private async unitsInScope(principal: Principal, row: ConsultationRegisterRow): Promise<boolean> {
    if (await this.scope.canSeeUnit(principal, row.requester_unit_id)) return true;
    return row.consulted_unit_id !== null && this.scope.canSeeUnit(principal, row.consulted_unit_id);
  }

  private ownUnit(staffId: string): Promise<string | undefined> {
    return this.staff.unitOf(staffId);
  }
}

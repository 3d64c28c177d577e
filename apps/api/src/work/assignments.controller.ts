import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isBlank, isInstant, ruleError } from '#domain';
import type { IssueAssignment } from '#domain';
import { assignmentAccess, assignmentDecider, assignmentStream, decideAssignment, initialAssignmentState } from '#domain';
import { ASSIGNMENT_RULES, AssignmentErrorCode } from '#domain';
import { HttpProblem } from '#platform';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal, type Role } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import type { CommandInput } from '../commands/command-executor.js';
import { CreatedResponse, VersionResponse, withEtag } from '../http/responses.js';
import { AssignmentBoardQueries, boardView, PositionQueries, ResponsibilityTrailQueries, StaffDirectoryQueries, type AssignmentBoardRow, type AssignmentReader } from '#read-models';
import { resolveProduct } from '../positions/product-resolver.js';
import { vnToday } from '../positions/sheet-inputs.js';
import { UnitStandings } from '../commands/unit-standings.js';
import { CommandHeaders } from '../http/command-headers.js';
import {
  AcceptAssignmentRequest,
  AssignmentListQuery,
  AssignmentPage,
  AssignmentView,
  CancelAssignmentRequest,
  CompleteAssignmentRequest,
  DeclineAssignmentRequest,
  ExtendDeadlineRequest,
  HandOffAssignmentRequest,
  IssueApologyRequest,
  IssueAssignmentRequest,
  ReportProgressRequest,
  ResponsibleAtQuery,
  ResponsibleView,
  AssignmentDossierReturnRequest,
  ReviewCompletionRequest,
  TrailStepView,
  TrailView,
} from './assignments.dto.js';

/** Roles that read work within their unit scope. */
const SCOPED_READERS: readonly Role[] = ['hr', 'unit_head', 'inspector'];


/**
 * Work handling: assignments with the "6 clear", their routing and the
 * responsibility trail.
 *
 * Who may act on an assignment, and as what, is ONE file:
 * libs/domain/src/work/assignment.access.ts (the decider checks the capacity again).
 * A route names the roles that may call it at all and translates the DTO into a
 * domain command; the executor does the rest (commands/command-executor.ts).
 *
 * Reads: hr/unit_head/inspector in scope; council every assignment (the evidence of
 * cases may sit anywhere); anyone involved (assigner, assignee, holder or
 * responsible at any step) sees that assignment. Anyone else gets 404, the same as
 * for an id never issued, on commands and reads alike. The `importer` role alone
 * may set `occurredAt` in the past (historical records); the domain then takes that
 * as its `now`.
 */
@ApiTags('assignments')
@ApiExtraModels(TrailStepView)
@Controller('assignments')
@ReadsModels('assignment_board_v1', 'responsibility_trail_v1', 'personnel_v1', 'inspections_v1')
@CommandsReadModels('personnel_v1', 'positions_v1')
export class AssignmentsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(AssignmentBoardQueries) private readonly board: AssignmentBoardQueries,
    @Inject(ResponsibilityTrailQueries) private readonly trails: ResponsibilityTrailQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(UnitStandings) private readonly units: UnitStandings,
    @Inject(PositionQueries) private readonly positions: PositionQueries,
  ) {}

  @Post()
  @Roles('unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Issue an assignment with the "6 clear"',
    description:
      'Person (assignee), work (title, description), result (deliverable, successCriteria), authority (assignedBy, authorityBasis), ' +
      'deadline (dueAt), responsibility (responsible, default the assignee). A missing one is 422 `assignment.six_clear_incomplete` ' +
      'with one entry per missing field in errors[].',
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  async issue(@Body() body: IssueAssignmentRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const assignmentId = body.assignmentId ?? cmd.newId();
    const unitId = body.unitId ?? (isBlank(body.assignee) ? undefined : await this.staffUnit(body.assignee!.trim()));
    const command: CommandInput<IssueAssignment> = {
      type: 'IssueAssignment',
      data: {
        assignmentId,
        kind: body.kind ?? 'task',
        unitId: unitId ?? null,
        assignee: body.assignee,
        title: body.title,
        description: body.description,
        deliverable: body.deliverable,
        successCriteria: body.successCriteria,
        assignedBy: body.assignedBy,
        authorityBasis: body.authorityBasis,
        dueAt: isInstant(body.dueAt) ? new Date(body.dueAt).toISOString() : body.dueAt,
        responsible: body.responsible,
        unit: await this.units.of(unitId),
        product: await resolveProduct(this.positions, body.assignee, vnToday(new Date(cmd.ctx.occurredAt)), body.product, body.kind ?? 'task'),
      },
    };
    if (unitId === undefined) {
      // Pure, so safe to run here: reports the "6 clear" gaps exactly as the write path would.
      decideAssignment({ ...command, now: cmd.ctx.now, actor: cmd.principal.sub, actingAs: 'manager' }, initialAssignmentState());
      throw ruleError(ASSIGNMENT_RULES.unitUnknown, 'unitId is missing and the assignee is not in the staff directory', [
        { field: 'unitId', message: 'is required when the assignee is not in the staff directory' },
      ]);
    }
    return cmd.run(assignmentDecider, assignmentStream(assignmentId), assignmentAccess, command, {
      id: assignmentId,
      location: `/api/v1/assignments/${assignmentId}`,
    }) as Promise<CreatedResponse>;
  }

  @Post(':id/acceptance')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'The holder accepts the work' })
  @ApiOkResponse({ type: VersionResponse })
  accept(@Param('id') id: string, @Body() _body: AcceptAssignmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, { type: 'AcceptAssignment', data: { assignmentId: id } });
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'The holder declines the work, saying why; it goes back to whoever sent it' })
  @ApiOkResponse({ type: VersionResponse })
  decline(@Param('id') id: string, @Body() body: DeclineAssignmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, { type: 'DeclineAssignment', data: { assignmentId: id, reason: body.reason } });
  }

  @Post(':id/handoffs')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Hand the work to another person (reassignment, escalation, outside_authority, restructure, leave, returned_to_sender)' })
  @ApiOkResponse({ type: VersionResponse })
  handOff(@Param('id') id: string, @Body() body: HandOffAssignmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, {
      type: 'HandOffAssignment',
      data: { assignmentId: id, to: body.to, reason: body.reason, justification: body.justification, responsible: body.responsible ?? null },
    });
  }

  @Post(':id/progress')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'The holder reports progress' })
  @ApiOkResponse({ type: VersionResponse })
  progress(@Param('id') id: string, @Body() body: ReportProgressRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, {
      type: 'ReportProgress',
      data: { assignmentId: id, note: body.note, percentComplete: body.percentComplete ?? null },
    });
  }

  @Post(':id/extensions')
  @HttpCode(200)
  @Roles('unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Extend the deadline; the caller is recorded as the approver and must not be the holder' })
  @ApiOkResponse({ type: VersionResponse })
  extend(@Param('id') id: string, @Body() body: ExtendDeadlineRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, {
      type: 'ExtendDeadline',
      data: { assignmentId: id, newDueAt: new Date(body.newDueAt).toISOString(), approvedBy: cmd.principal.sub, reason: body.reason },
    });
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'The holder delivers; lateness is measured against the due date in force' })
  @ApiOkResponse({ type: VersionResponse })
  complete(@Param('id') id: string, @Body() body: CompleteAssignmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, { type: 'CompleteAssignment', data: { assignmentId: id, deliverableRef: body.deliverableRef } });
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Review completed work (exceeded, met, below); closes the assignment' })
  @ApiOkResponse({ type: VersionResponse })
  review(@Param('id') id: string, @Body() body: ReviewCompletionRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, {
      type: 'ReviewCompletion',
      data: { assignmentId: id, quality: body.quality, comment: body.comment ?? null },
    });
  }

  @Post(':id/cancellation')
  @HttpCode(200)
  @Roles('unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Cancel pending work' })
  @ApiOkResponse({ type: VersionResponse })
  cancel(@Param('id') id: string, @Body() body: CancelAssignmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, { type: 'CancelAssignment', data: { assignmentId: id, reason: body.reason } });
  }

  @Post(':id/dossier-returns')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Dossiers: ask the applicant to supplement the dossier' })
  @ApiOkResponse({ type: VersionResponse })
  returnDossier(@Param('id') id: string, @Body() body: AssignmentDossierReturnRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, { type: 'ReturnDossierToApplicant', data: { assignmentId: id, reason: body.reason } });
  }

  @Post(':id/apologies')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Dossiers, once late: apologise to the applicant with a new date' })
  @ApiOkResponse({ type: VersionResponse })
  apologise(@Param('id') id: string, @Body() body: IssueApologyRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(assignmentDecider, assignmentStream(id), assignmentAccess, {
      type: 'IssueApology',
      data: { assignmentId: id, newDueAt: new Date(body.newDueAt).toISOString() },
    });
  }

  @Get()
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'Assignments visible to the caller, by id; filters unitId, assigneeId, holder, status, overdue (as of now)' })
  @ApiOkResponse({ type: AssignmentPage })
  list(@Query() query: AssignmentListQuery, @CurrentPrincipal() principal: Principal): Promise<AssignmentPage> {
    const { cursor, limit, ...filter } = query;
    return this.board.list(filter, this.reader(principal), { cursor, limit: limit ?? 50 });
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'One assignment from the board (ETag = stream version); overdue as of now' })
  @ApiOkResponse({ type: AssignmentView })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<AssignmentView> {
    const row = await this.readable(id, principal);
    withEtag(reply, row.version);
    return boardView(row);
  }

  @Get(':id/trail')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'The responsibility trail: one row per step, with who held and who answered for the work from when to when' })
  @ApiOkResponse({ type: TrailView })
  async trail(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<TrailView> {
    const trail = await this.trails.trailWithAccess(id);
    if (!trail || !(await this.canRead(trail, principal))) {
      throw new HttpProblem(404, AssignmentErrorCode.notFound, 'Not found', `No assignment ${id} in your scope`);
    }
    return { assignmentId: id, steps: trail.steps };
  }

  @Get(':id/responsible')
  @Roles('hr', 'unit_head', 'inspector', 'council', 'staff')
  @ApiOperation({
    summary: 'Who was responsible for the work at an instant',
    description: '404 `assignment.nobody_responsible_at` before the work was issued or after it was cancelled.',
  })
  @ApiOkResponse({ type: ResponsibleView })
  async responsibleAt(@Param('id') id: string, @Query() query: ResponsibleAtQuery, @CurrentPrincipal() principal: Principal): Promise<ResponsibleView> {
    if (!isInstant(query.at)) {
      throw new HttpProblem(400, 'validation_failed', 'Invalid request', 'at must be an ISO 8601 instant with a time', [
        { field: 'at', message: 'must be an ISO 8601 instant with a time' },
      ]);
    }
    await this.readable(id, principal);
    const at = new Date(query.at).toISOString();
    const step = await this.trails.stepAt(id, at);
    if (!step || step.responsible === null || step.holder === null) {
      throw new HttpProblem(404, 'assignment.nobody_responsible_at', 'Not found', `Nobody was responsible for assignment ${id} at ${at}`);
    }
    return { assignmentId: id, at, responsible: step.responsible, holder: step.holder, unitId: step.unitId, step };
  }

  /** The board row if the caller may read it; 404 otherwise (no hint that it exists). */
  private async readable(id: string, principal: Principal): Promise<AssignmentBoardRow> {
    const row = await this.board.findById(id);
    if (row && (await this.canRead(row, principal))) return row;
    throw new HttpProblem(404, AssignmentErrorCode.notFound, 'Not found', `No assignment ${id} in your scope`);
  }

  private async canRead(row: { unitId: string | null; participants: readonly string[] }, principal: Principal): Promise<boolean> {
    if (hasRole(principal, 'council')) return true;
    if (row.participants.includes(principal.sub)) return true;
    if (!hasRole(principal, ...SCOPED_READERS)) return false;
    if (row.unitId === null) return this.scope.seesAll(principal);
    return this.scope.canSeeUnit(principal, row.unitId);
  }

  /** The caller as a reader of the board (see canRead). */
  private reader(principal: Principal): AssignmentReader {
    return { everything: hasRole(principal, 'council'), ...this.scope.reader(principal, ...SCOPED_READERS) };
  }

  private staffUnit(staffId: string): Promise<string | undefined> {
    return this.staff.unitOf(staffId);
  }
}

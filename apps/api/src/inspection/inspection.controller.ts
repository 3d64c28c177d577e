import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { StaffEvent } from '#domain';
import {
  caseAccess, caseDecider, caseStream, inspectionAccess, inspectionDecider, inspectionStream, inspectionVisibility, leaderAtViolation,
  ruleError, staffDecider, staffStream, type DisciplineSubjectCategory, type EventRef, type FindingChecks, INSPECTION_RULES,
} from '#domain';
import { InspectionQueries, StaffDirectoryQueries, type FindingRow, type InspectionRow } from '#read-models';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { CommandExecutor } from '../commands/command-executor.js';
import { CommandHeaders } from '../http/command-headers.js';
import { CreatedResponse, notFound, VersionResponse } from '../http/responses.js';
import { EvidenceService } from './evidence.service.js';
import {
  CaseFromFindingRequest, ConcludeInspectionRequest, ContestFindingRequest, InspectionListQuery, InspectionPage, InspectionResponse,
  PlanInspectionRequest, RecordFindingRequest, RecordPresenceRequest, RecordVisitRequest, ReviseFindingRequest, StartInspectionRequest,
} from './inspection.dto.js';

const READERS = ['inspector', 'hr', 'unit_head', 'council', 'staff'] as const;

/**
 * Inspections of the public service (issue 15): plans (scheduled or surprise), visits,
 * presence checks, the conclusion and the findings attached to it. Who may act:
 * libs/domain/src/inspection/inspection.access.ts; what each step does: inspection.decide.ts.
 */
@ApiTags('inspections')
@Controller('inspections')
@ReadsModels('inspections_v1', 'personnel_v1')
@CommandsReadModels('inspections_v1', 'personnel_v1', 'assignment_board_v1', 'responsibility_trail_v1', 'consultation_register_v1', 'disciplinary_cases_v1', 'recognition_v1', 'evaluation_results_v1', 'dossiers_v1')
export class InspectionsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(InspectionQueries) private readonly inspections: InspectionQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  @Post()
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({ summary: 'Plan an inspection (scheduled or surprise) with its decision, scope units and team' })
  @ApiCreatedResponse({ type: CreatedResponse })
  async plan(@Body() b: PlanInspectionRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const inspectionId = b.inspectionId ?? cmd.newId();
    return cmd.run(inspectionDecider, inspectionStream(inspectionId), inspectionAccess, {
      type: 'PlanInspection',
      data: { inspectionId, kind: b.kind, decisionNo: b.decisionNo, scopeUnitIds: b.scopeUnitIds, team: b.team, leadInspector: b.leadInspector, subject: b.subject, plannedStart: b.plannedStart },
    }, { id: inspectionId, location: `/api/v1/inspections/${inspectionId}` }) as Promise<CreatedResponse>;
  }

  @Post(':id/start')
  @HttpCode(200)
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({ summary: 'Start the inspection; a surprise inspection becomes visible to the inspected units from now' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  start(@Param('id') id: string, @Body() b: StartInspectionRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, { type: 'StartInspection', data: { ...(b.announcedAt !== undefined && { announcedAt: b.announcedAt }) } });
  }

  @Post(':id/visits')
  @HttpCode(200)
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record a visit to an inspected unit' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  async visit(@Param('id') id: string, @Body() b: RecordVisitRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const unitLine = (await this.inspections.unitLines([b.unitId])).get(b.unitId) ?? [];
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, { type: 'RecordInspectionVisit', data: { visitId: b.visitId, unitId: b.unitId, notes: b.notes, unitLine } });
  }

  @Post(':id/presence-checks')
  @HttpCode(200)
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record a check of working hours and presence at a visit, per person' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  async presence(@Param('id') id: string, @Body() b: RecordPresenceRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const lines = await this.inspections.staffUnitLines(b.checks.map((c) => c.staffId));
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, {
      type: 'RecordPresenceCheck',
      data: { visitId: b.visitId, checks: b.checks.map((c) => ({ staffId: c.staffId, status: c.status, ...(c.note !== undefined && { note: c.note }) })), unitLines: Object.fromEntries(lines) },
    });
  }

  @Post(':id/conclusion')
  @HttpCode(200)
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({ summary: 'Record the conclusion document (number, date, signer); the inspected units see the results from now' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  conclude(@Param('id') id: string, @Body() b: ConcludeInspectionRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, {
      type: 'ConcludeInspection', data: { conclusionNo: b.conclusionNo, concludedOn: b.concludedOn, signer: b.signer, summary: b.summary },
    });
  }

  @Post(':id/findings')
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Attach a finding to the conclusion',
    description:
      'Evidence names recorded events ({streamId, revision}): one that does not exist is refused (422 inspection.evidence_not_found); a person, unit, work or evidence outside the inspection scope is refused (422 inspection.outside_scope). An objective cause needs the delay (or failed review) on record for that person.',
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  async find(@Param('id') id: string, @Body() b: RecordFindingRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const evidence: EventRef[] = b.evidence.map((e) => ({ streamId: e.streamId, revision: e.revision }));
    const subjectUnitLine = b.kind === 'corruption_or_waste_handled'
      ? (b.unitId ? (await this.inspections.unitLines([b.unitId])).get(b.unitId) : undefined)
      : (b.staffId ? (await this.inspections.staffUnitLines([b.staffId])).get(b.staffId) : undefined);
    const work = b.kind === 'objective_cause' && b.assignmentId && b.staffId ? await this.inspections.failureOnRecord(b.assignmentId, b.staffId, b.failure ?? 'delay') : undefined;
    const checks: FindingChecks = {
      missingEvidence: await this.evidence.missing(evidence),
      evidenceUnitLines: await this.inspections.evidenceUnitLines(evidence),
      subjectUnitLine: subjectUnitLine ?? [],
      ...(work && { failureOnRecord: work.onRecord, assignmentUnitLine: work.unitLine }),
    };
    const findingId = b.findingId ?? cmd.newId();
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, {
      type: 'RecordFinding',
      data: {
        findingId, kind: b.kind, description: b.description, evidence, checks,
        ...(b.staffId !== undefined && { staffId: b.staffId }),
        ...(b.unitId !== undefined && { unitId: b.unitId }),
        ...(b.assignmentId !== undefined && { assignmentId: b.assignmentId }),
        ...(b.failure !== undefined && { failure: b.failure }),
        ...(b.leadersInDirectCharge !== undefined && { leadersInDirectCharge: b.leadersInDirectCharge }),
        ...(b.behaviours !== undefined && { behaviours: b.behaviours }),
        ...(b.competentBody !== undefined && { competentBody: b.competentBody }),
      },
    }, { id: findingId, location: `/api/v1/inspections/${id}` }) as Promise<CreatedResponse>;
  }

  @Post(':id/findings/:findingId/contest')
  @HttpCode(200)
  @Roles('staff', 'unit_head', 'hr')
  @CommandHeaders()
  @ApiOperation({ summary: 'Contest a finding: the person it is about, or a head of the inspected unit' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  contest(@Param('id') id: string, @Param('findingId') findingId: string, @Body() b: ContestFindingRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, { type: 'ContestFinding', data: { findingId, grounds: b.grounds } });
  }

  @Post(':id/findings/:findingId/revision')
  @HttpCode(200)
  @Roles('inspector')
  @CommandHeaders()
  @ApiOperation({ summary: 'Revise a finding: uphold, amend (wording, added evidence) or withdraw it; a withdrawal undoes its effect on indicators and classification' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  async revise(@Param('id') id: string, @Param('findingId') findingId: string, @Body() b: ReviseFindingRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const added = (b.addedEvidence ?? []).map((e) => ({ streamId: e.streamId, revision: e.revision }));
    return cmd.run(inspectionDecider, inspectionStream(id), inspectionAccess, {
      type: 'ReviseFinding',
      data: {
        findingId, outcome: b.outcome, reason: b.reason, missingEvidence: await this.evidence.missing(added),
        addedEvidenceUnitLines: await this.inspections.evidenceUnitLines(added),
        ...(b.description !== undefined && { description: b.description }),
        ...(b.addedEvidence !== undefined && { addedEvidence: added }),
      },
    });
  }

  @Post(':id/findings/:findingId/disciplinary-case')
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Open a disciplinary case from a finding (avoidance confirmed or a violation to discipline), with the finding as its evidence',
    description: "The case's allegation is the finding's description; its evidence is the FindingRecorded event plus the finding's own evidence. Who may open it: the case access policy (hr with the person in scope).",
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  @ApiNotFoundResponse({ description: 'No such finding' })
  async openCase(@Param('id') id: string, @Param('findingId') findingId: string, @Body() b: CaseFromFindingRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const f = await this.inspections.finding(id, findingId);
    if (!f || !f.staffId || !(await this.scope.canSeeUnit(cmd.principal, (await this.staff.findById(f.staffId))?.unitId ?? ''))) throw notFound('finding', findingId);
    if (f.status === 'withdrawn' || (f.kind !== 'avoidance_confirmed' && f.kind !== 'violation_to_discipline')) {
      throw ruleError(INSPECTION_RULES.notDisciplinary, 'Only a finding of avoidance or of a violation, in force, opens a case', [{ field: 'findingId', message: `${f.kind}, ${f.status}` }]);
    }
    const subject = await this.staff.findById(f.staffId);
    if (!subject) throw notFound('finding', findingId);
    const facts = f.facts as { description: string; evidence: EventRef[] };
    const allegations = [{
      id: `finding-${f.findingId}`, description: facts.description, violationDate: b.violationDate, severity: b.severity,
      evidence: [{ streamId: f.streamId, revision: f.revision }, ...facts.evidence.map((e) => ({ streamId: e.streamId, revision: e.revision }))],
    }];
    const staffHistory = (await this.executor.load(staffDecider, staffStream(f.staffId))).events.map((e) => ({ type: e.type, data: e.data }) as StaffEvent);
    const caseId = b.caseId ?? cmd.newId();
    return cmd.run(caseDecider, caseStream(caseId), caseAccess, {
      type: 'OpenCase',
      data: {
        caseId, subjectId: f.staffId, subjectCategory: subject.category as DisciplineSubjectCategory, subjectIsLeader: leaderAtViolation(staffHistory, allegations),
        allegations, openedBy: cmd.principal.sub, missingEvidence: await this.evidence.missing(allegations[0]!.evidence), subjectUnitId: subject.unitId,
        ...(f.concludedOn !== null && { detectedOn: f.concludedOn }),
      },
    }, { id: caseId, location: `/api/v1/disciplinary-cases/${caseId}` }) as Promise<CreatedResponse>;
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Inspections visible to the caller (a surprise inspection only from its start; results only after the conclusion)' })
  @ApiOkResponse({ type: InspectionPage })
  async list(@Query() q: InspectionListQuery, @CurrentPrincipal() principal: Principal): Promise<InspectionPage> {
    const who = await this.scope.actorFor(principal);
    // Candidates by scope and team; the visibility rule then decides, row by row.
    const rows = await this.inspections.candidates({ sub: principal.sub, scope: this.scope.unitScope(principal), leads: [] }, q.limit ?? 50);
    const items: InspectionResponse[] = [];
    for (const row of rows) {
      const view = this.view(row, inspectionVisibility(who, this.facts(row)), []);
      if (view) items.push(view);
    }
    return { items };
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One inspection, as much of it as the caller may see' })
  @ApiOkResponse({ type: InspectionResponse })
  @ApiNotFoundResponse({ description: 'No such inspection visible to you' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<InspectionResponse> {
    const row = await this.inspections.findById(id);
    if (!row) throw notFound('inspection', id);
    const visibility = inspectionVisibility(await this.scope.actorFor(principal), this.facts(row));
    const findings = visibility === 'results' || visibility === 'full' ? await this.inspections.findings(id) : [];
    const view = this.view(row, visibility, findings);
    if (view) return view;
    // The person a finding is about sees the conclusion and their own findings (to contest them), nothing else.
    const own = row.state.status === 'concluded' ? (await this.inspections.findings(id)).filter((f) => f.staffId === principal.sub) : [];
    if (own.length === 0) throw notFound('inspection', id);
    const s = row.state;
    return {
      id: row.id, visibility: 'own_findings', status: s.status, version: row.version, startedAt: s.startedAt,
      plan: { kind: s.plan.kind, decisionNo: s.plan.decisionNo, subject: s.plan.subject, scopeUnitIds: s.plan.scopeUnitIds },
      conclusion: s.conclusion ? { ...s.conclusion } : null, findings: own.map((f) => ({ ...f })),
    };
  }

  private facts(row: InspectionRow) {
    const s = row.state;
    return { kind: s.plan.kind, scopeUnitIds: s.plan.scopeUnitIds, team: s.plan.team, startedAt: s.startedAt, concluded: s.status === 'concluded' };
  }

  private view(row: InspectionRow, visibility: ReturnType<typeof inspectionVisibility>, findings: FindingRow[]): InspectionResponse | undefined {
    if (visibility === 'none') return undefined;
    const s = row.state;
    const base: InspectionResponse = { id: row.id, visibility, status: s.status, plan: { ...s.plan }, startedAt: s.startedAt, version: row.version };
    if (visibility === 'plan') return base;
    const withProgress = { ...base, visits: Object.entries(s.visits).map(([visitId, v]) => ({ visitId, ...v })), presence: [...row.presence] };
    if (visibility === 'progress') return withProgress;
    return { ...withProgress, conclusion: s.conclusion ? { ...s.conclusion } : null, findings: findings.map((f) => ({ ...f })) };
  }
}

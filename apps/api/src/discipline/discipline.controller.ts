import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProtectedInnovationCover } from '#domain';
import { CASE_RULES, caseAccess, caseDecider, caseStream, ruleError } from '#domain';
import type { DisciplineSubjectCategory } from '#domain';
import { caseFileReadsStream, staffHistoryReadsStream } from '#domain';
import { innovationDecider, innovationProtection, innovationStream } from '#domain';
import { caseView, DisciplinaryCaseQueries, evidenceAssignmentIds, InnovationQueries, StaffDirectoryQueries, type CaseRow } from '#read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { CommandExecutor } from '../commands/command-executor.js';
import { commandContext } from '../commands/command-context.js';
import { CreatedResponse, VersionResponse, withEtag } from '../http/responses.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { IDEMPOTENCY_HEADER as IDEMPOTENCY } from '../http/command-headers.js';
import { notFound } from '../http/responses.js';
import { CommendationRevocations } from '../recognition/commendation-revocations.service.js';
import {
  AttachEvidenceRequest,
  CaseFileResponse,
  CaseListQuery,
  CasePage,
  CaseResponse,
  DecisionIssuedResponse,
  ConveneCouncilRequest,
  DismissCaseRequest,
  ExtendProcessingRequest,
  FileAppealRequest,
  HistoryQuery,
  IssueDecisionRequest,
  OpenCaseRequest,
  RecordStatementRequest,
  RecordVoteRequest,
  ResolveAppealRequest,
  SubjectHistoryResponse,
} from './discipline.dto.js';
import { SubjectHistoryService } from './subject-history.service.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the case changed' });

/** Who sees a case (DESIGN.md section 10): hr and inspectors with the subject's unit in scope, council members of that case, the subject. */
async function canSeeCase(scope: ScopeService, principal: Principal, row: CaseRow): Promise<boolean> {
  if (principal.sub === row.subject_id) return true;
  if (principal.roles.includes('council') && row.council_members.includes(principal.sub)) return true;
  return hasRole(principal, 'hr', 'inspector', 'importer') && row.subject_unit_id !== null && scope.canSeeUnit(principal, row.subject_unit_id);
}

/** Disciplinary cases: opening with evidence, council, statements, vote, decision or dismissal, appeal; the council's case file. */
@ApiTags('disciplinary-cases')
@Controller('disciplinary-cases')
export class DisciplinaryCasesController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(DisciplinaryCaseQueries) private readonly cases: DisciplinaryCaseQueries,
    @Inject(InnovationQueries) private readonly proposals: InnovationQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
    @Inject(SubjectHistoryService) private readonly history: SubjectHistoryService,
    @Inject(CommendationRevocations) private readonly revocations: CommendationRevocations,
  ) {}

  @Post()
  @Roles('hr', 'importer')
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Open a case against a staff member',
    description:
      'Each allegation cites recorded events as evidence ({streamId, revision}); a reference that names no recorded event is refused (422 case.evidence_not_found). The subject\'s category and leadership post come from the staff directory.',
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  async open(@Body() body: OpenCaseRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    // Facts the decider needs from the directory (category and posts decide the forms) and the store (evidence).
    const subject = await this.staff.findById(body.subjectId);
    if (!subject) throw ruleError(CASE_RULES.unknownSubject, 'The subject is not a registered staff member', [{ field: 'subjectId', message: 'is not a registered staff member' }]);
    const allegations = body.allegations.map((a) => ({
      id: a.id,
      description: a.description,
      violationDate: a.violationDate,
      severity: a.severity,
      evidence: a.evidence.map((e) => ({ streamId: e.streamId, revision: e.revision })),
    }));
    const missingEvidence = await this.history.missingEvidence(allegations.flatMap((a) => a.evidence));
    const caseId = body.caseId ?? randomUUID();
    return cmd.run(
      caseDecider,
      caseStream(caseId),
      caseAccess,
      {
        type: 'OpenCase',
        data: {
          caseId,
          subjectId: body.subjectId,
          subjectCategory: subject.category as DisciplineSubjectCategory,
          subjectIsLeader: subject.leadership.length > 0,
          allegations,
          openedBy: cmd.principal.sub,
          missingEvidence,
        },
      },
      { id: caseId, location: `/api/v1/disciplinary-cases/${caseId}` },
    ) as Promise<CreatedResponse>;
  }

  @Post(':id/council')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Convene the disciplinary council (chair, secretary, members; at least 3, not the subject)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  convene(@Param('id') id: string, @Body() body: ConveneCouncilRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'ConveneCouncil',
      data: { chair: body.chair, secretary: body.secretary, members: body.members, convenedBy: cmd.principal.sub },
    });
  }

  @Post(':id/statements')
  @HttpCode(200)
  @Roles('hr', 'council', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Record a statement (hr in scope, or a member of this case\'s council)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  statement(@Param('id') id: string, @Body() body: RecordStatementRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'RecordStatement',
      data: {
        personId: body.personId,
        role: body.role,
        summary: body.summary,
        ...(body.documentRef !== undefined && { documentRef: body.documentRef }),
        recordedBy: cmd.principal.sub,
      },
    });
  }

  @Post(':id/evidence')
  @HttpCode(200)
  @Roles('hr', 'council', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Attach a recorded event as evidence of an allegation (it must exist)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async evidence(@Param('id') id: string, @Body() body: AttachEvidenceRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const evidence = { streamId: body.evidence.streamId, revision: body.evidence.revision };
    const missingEvidence = await this.history.missingEvidence([evidence]);
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'AttachEvidence',
      data: { allegationId: body.allegationId, evidence, ...(body.note !== undefined && { note: body.note }), attachedBy: cmd.principal.sub, missingEvidence },
    });
  }

  @Post(':id/extensions')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Extend the processing period of a complex case (90 days, at most 150)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  extend(@Param('id') id: string, @Body() body: ExtendProcessingRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'ExtendProcessingPeriod',
      data: { newDeadline: body.newDeadline, reason: body.reason, extendedBy: cmd.principal.sub },
    });
  }

  @Post(':id/votes')
  @HttpCode(200)
  @Roles('hr', 'council', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Record the council\'s secret-ballot tally (quorum: 3 present including chair and secretary)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  vote(@Param('id') id: string, @Body() body: RecordVoteRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'RecordCouncilVote',
      data: { present: body.present, tally: body.tally.map((t) => ({ option: t.option, votes: t.votes })) },
    });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Issue the disciplinary decision',
    description:
      'The form is checked against the forms regime of the subject category on the decision date (Decree 112/2020 as amended before 2025-07-01, Decree 172/2025 from then on); time-barred allegations are refused. Commendations of the subject whose period contains a proven violation are then revoked (see revokedCommendations).',
  })
  @ApiOkResponse({ type: DecisionIssuedResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async decide(@Param('id') id: string, @Body() body: IssueDecisionRequest, @Cmd() cmd: CommandCall): Promise<{ version: number; revokedCommendations: string[] }> {
    const outcome = await cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'IssueDecision',
      data: {
        form: body.form,
        decisionNo: body.decisionNo,
        effectiveFrom: body.effectiveFrom,
        relatedToDuties: body.relatedToDuties,
        allegationIds: body.allegationIds,
        decidedBy: cmd.principal.sub,
      },
    });
    const { state } = await this.repository.load(caseDecider, caseStream(id));
    let revokedCommendations: string[] = [];
    if (state.status === 'decided') {
      const proven = new Set(state.decision.allegationIds);
      revokedCommendations = await this.revocations.revokeCoveredBy(
        {
          findingRef: caseStream(id),
          subjectId: state.file.subjectId,
          decisionNo: state.decision.decisionNo,
          violationDates: state.file.allegations.filter((a) => proven.has(a.id)).map((a) => a.violationDate),
        },
        cmd.ctx,
      );
    }
    return { version: outcome.version, revokedCommendations };
  }

  @Post(':id/dismissal')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({
    summary: 'Dismiss the case (protected_innovation, insufficient_evidence, time_barred, other)',
    description:
      'protected_innovation needs innovationProposalId: an approved proposal, evaluated without personal gain, covering the work every allegation\'s evidence is about (Decree 73/2023).',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async dismiss(@Param('id') id: string, @Body() body: DismissCaseRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    let innovation: ProtectedInnovationCover | undefined;
    if (body.innovationProposalId !== undefined) {
      const { state } = await this.repository.load(innovationDecider, innovationStream(body.innovationProposalId));
      const protection = innovationProtection(state);
      if (!protection) {
        throw ruleError(CASE_RULES.innovationProposalNotFound, `No innovation proposal ${body.innovationProposalId}`, [
          { field: 'innovationProposalId', message: 'is not a registered proposal' },
        ]);
      }
      const { source: _source, ...cover } = protection;
      innovation = cover;
    }
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'DismissCase',
      data: { reason: body.reason, note: body.note, dismissedBy: cmd.principal.sub, ...(innovation && { innovation }) },
    });
  }

  @Post(':id/appeals')
  @HttpCode(200)
  @Roles('staff', 'hr', 'unit_head', 'inspector', 'council')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Appeal the decision (only the disciplined person, within 15 days)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  appeal(@Param('id') id: string, @Body() body: FileAppealRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, { type: 'FileAppeal', data: { by: cmd.principal.sub, grounds: body.grounds } });
  }

  @Post(':id/appeal-resolution')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @IF_MATCH
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Resolve the appeal (upheld, modified with a new form, annulled); a case has at most one appeal' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  resolveAppeal(@Param('id') id: string, @Body() body: ResolveAppealRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, {
      type: 'ResolveAppeal',
      data: {
        outcome: body.outcome,
        ...(body.newForm !== undefined && { newForm: body.newForm }),
        decisionNo: body.decisionNo,
        ...(body.note !== undefined && { note: body.note }),
        resolvedBy: cmd.principal.sub,
      },
    });
  }

  @Get()
  @Roles('hr', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'Cases: hr and inspectors see subjects in their scope; council members the cases they sit on; staff their own' })
  @ApiOkResponse({ type: CasePage })
  list(@Query() query: CaseListQuery, @CurrentPrincipal() p: Principal): Promise<CasePage> {
    const { cursor, limit, ...filter } = query;
    return this.cases.list(filter, { ...this.scope.reader(p, 'hr', 'inspector'), council: p.roles.includes('council') }, { cursor, limit: limit ?? 50 });
  }

  @Get(':id')
  @Roles('hr', 'inspector', 'council', 'staff')
  @ApiOperation({ summary: 'One case, with the approved innovation proposals that cover the work its evidence is about' })
  @ApiNotFoundResponse({ description: 'No such case visible to you (council members see only cases they sit on)' })
  @ApiOkResponse({ type: CaseResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseResponse> {
    const row = await this.visible(p, id);
    const view = caseView(row, await this.proposals.relatedTo(evidenceAssignmentIds(row)));
    if (!view) throw notFound('case', id);
    withEtag(reply, row.version);
    return view;
  }

  @Get(':id/case-file')
  @Roles('council', 'hr', 'inspector')
  @ApiOperation({
    summary: "The council's case file: the subject's history in the period, each event with its hash-chain verification, and the evidence resolved",
    description:
      'Events of every stream the subject appears in (assignments, handoffs, consultations, commendations, earlier cases, innovation proposals), in global order. Each event carries verification {verified, reason}. Reading the file is recorded as a CaseFileRead event on case-file-reads-<caseId>.',
  })
  @ApiNotFoundResponse({ description: 'No such case visible to you (council members see only cases they sit on)' })
  @ApiOkResponse({ type: CaseFileResponse })
  async caseFile(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<CaseFileResponse> {
    const row = await this.visible(p, id);
    if (row.subject_id === p.sub && !hasRole(p, 'hr', 'inspector') && !row.council_members.includes(p.sub)) throw notFound('case', id);
    const ctx = commandContext(r, p);
    const period = this.history.period(ctx.now, query.from, query.to);
    const state = row.state;
    const allegations = state.status === 'none' ? [] : state.file.allegations;
    const [history, evidence, proposals] = await Promise.all([
      this.history.history(row.subject_id, period),
      this.history.resolveEvidence(allegations),
      this.proposals.relatedTo(evidenceAssignmentIds(row)),
    ]);
    await this.history.recordRead(
      caseFileReadsStream(id),
      'CaseFileRead',
      { caseId: id, subjectId: row.subject_id, readBy: p.sub, readerRoles: [...p.roles], periodFrom: period.from, periodTo: period.to, eventsShown: history.events.length, readAt: ctx.now },
      ctx,
    );
    const view = caseView(row, proposals);
    if (!view) throw notFound('case', id);
    return { case: view, ...history, evidence, innovationProposals: proposals } as CaseFileResponse;
  }

  private async visible(p: Principal, id: string): Promise<CaseRow> {
    const row = await this.cases.findById(id);
    if (!row || !(await canSeeCase(this.scope, p, row))) throw notFound('case', id);
    return row;
  }

}

/** A person's history outside a case: hr and inspectors in scope, council members of a case about them, the person. */
@ApiTags('staff')
@Controller('staff')
export class StaffHistoryController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(DisciplinaryCaseQueries) private readonly cases: DisciplinaryCaseQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(SubjectHistoryService) private readonly history: SubjectHistoryService,
  ) {}

  @Get(':id/history')
  @Roles('hr', 'inspector', 'council', 'staff')
  @ApiOperation({
    summary: "A staff member's verified history (same shape as the case file)",
    description: 'Recorded as a StaffHistoryRead event on staff-history-reads-<staffId>.',
  })
  @ApiNotFoundResponse({ description: 'No such staff member visible to you' })
  @ApiOkResponse({ type: SubjectHistoryResponse })
  async get(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<SubjectHistoryResponse> {
    const unitId = await this.staff.unitOf(id);
    if (!unitId || !(await this.maySee(p, id, unitId))) throw notFound('staff', id);
    const ctx = commandContext(r, p);
    const period = this.history.period(ctx.now, query.from, query.to);
    const history = await this.history.history(id, period);
    await this.history.recordRead(
      staffHistoryReadsStream(id),
      'StaffHistoryRead',
      { staffId: id, readBy: p.sub, readerRoles: [...p.roles], periodFrom: period.from, periodTo: period.to, eventsShown: history.events.length, readAt: ctx.now },
      ctx,
    );
    return history as SubjectHistoryResponse;
  }

  private async maySee(p: Principal, staffId: string, unitId: string): Promise<boolean> {
    if (p.sub === staffId) return true;
    if (hasRole(p, 'hr', 'inspector') && (await this.scope.canSeeUnit(p, unitId))) return true;
    if (!p.roles.includes('council')) return false;
    return this.cases.sitsOnCaseAbout(p.sub, staffId);
  }
}

import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CaseCommand, ConflictDeclaration, DocumentRef, ProtectedInnovationCover, StaffEvent } from '#domain';
import { CASE_RULES, caseAccess, caseDecider, caseStream, leaderAtViolation, ruleError, staffDecider, staffStream } from '#domain';
import type { DisciplineSubjectCategory } from '#domain';
import { caseFileReadsStream, staffHistoryReadsStream } from '#domain';
import { innovationDecider, innovationProtection, innovationStream } from '#domain';
import { HttpProblem } from '#platform';
import { caseView, DisciplinaryCaseQueries, DisciplineConsequenceQueries, evidenceAssignmentIds, InnovationQueries, StaffDirectoryQueries, type CaseRow, type CaseView, type DisciplineConsequenceView } from '#read-models';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { CommandExecutor, type CommandInput } from '../commands/command-executor.js';
import { commandContext } from '../commands/command-context.js';
import { CreatedResponse, VersionResponse, withEtag } from '../http/responses.js';
import { CommandHeaders } from '../http/command-headers.js';
import { notFound } from '../http/responses.js';
import {
  AttachDocumentRequest,
  AttachEvidenceRequest,
  CaseFileResponse,
  CaseListQuery,
  CasePage,
  CaseResponse,
  ConveneCouncilRequest,
  DismissCaseRequest,
  ExemptCaseRequest,
  ExtendProcessingRequest,
  FileAppealRequest,
  HistoryQuery,
  IssueDecisionRequest,
  IssueSummonsRequest,
  OpenCaseRequest,
  RecordSelfReviewRequest,
  RecordStatementRequest,
  RecordVoteRequest,
  ReplaceCouncilMemberRequest,
  ResolveAppealRequest,
  ResumeCaseRequest,
  SubjectHistoryResponse,
  SuspendCaseRequest,
} from './discipline.dto.js';
import { SubjectHistoryService } from './subject-history.service.js';
import { BundleService } from '../audit/bundle.service.js';
import { BundleResponse } from '../audit/audit.dto.js';


/** Who sees a case (DESIGN.md section 10): hr and inspectors with the subject's unit in scope, council members of that case, the subject. */
async function canSeeCase(scope: ScopeService, principal: Principal, row: CaseRow): Promise<boolean> {
  if (principal.sub === row.subject_id) return true;
  if (principal.roles.includes('council') && row.council_members.includes(principal.sub)) return true;
  return hasRole(principal, 'hr', 'inspector', 'importer') && row.subject_unit_id !== null && scope.canSeeUnit(principal, row.subject_unit_id);
}

/** Disciplinary cases: the procedure of Decree 112/2020 (as amended) and Decree 172/2025 step by step; the council's case file. */
@ApiTags('disciplinary-cases')
@Controller('disciplinary-cases')
@ReadsModels('disciplinary_cases_v1', 'recognition_v1', 'subject_streams_v1', 'personnel_v1')
@CommandsReadModels('disciplinary_cases_v1', 'subject_streams_v1', 'personnel_v1')
export class DisciplinaryCasesController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(DisciplinaryCaseQueries) private readonly cases: DisciplinaryCaseQueries,
    @Inject(InnovationQueries) private readonly proposals: InnovationQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(DisciplineConsequenceQueries) private readonly consequences: DisciplineConsequenceQueries,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
    @Inject(SubjectHistoryService) private readonly history: SubjectHistoryService,
    @Inject(BundleService) private readonly bundles: BundleService,
  ) {}

  /** One case command through the executor: the access policy (case.access.ts) decides who may act. */
  private run(cmd: CommandCall, id: string, command: CommandInput<CaseCommand>): Promise<{ version: number }> {
    return cmd.run(caseDecider, caseStream(id), caseAccess, command) as Promise<{ version: number }>;
  }

  @Post()
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Open a case against a staff member',
    description:
      "Each allegation cites recorded events as evidence ({streamId, revision}); a reference that names no recorded event is refused (422 case.evidence_not_found). The subject's category comes from the staff directory; whether the subject held a leadership post is read from the staff history on the violation dates (issue 13 item 10). detectedOn (default: today) starts the 90/150-day processing period (Decree 172/2025).",
  })
  @ApiCreatedResponse({ type: CreatedResponse })
  async open(@Body() body: OpenCaseRequest, @Cmd() cmd: CommandCall): Promise<{ id?: string; version: number }> {
    // Facts the decider needs from the directory (category decides the forms) and the store (evidence, leadership history).
    const subject = await this.staff.findById(body.subjectId);
    if (!subject) throw ruleError(CASE_RULES.unknownSubject, 'The subject is not a registered staff member', [{ field: 'subjectId', message: 'is not a registered staff member' }]);
    const allegations = body.allegations.map((a) => ({
      id: a.id,
      description: a.description,
      violationDate: a.violationDate,
      severity: a.severity,
      evidence: a.evidence.map((e) => ({ streamId: e.streamId, revision: e.revision })),
      ...(a.violationEndDate !== undefined && { violationEndDate: a.violationEndDate }),
    }));
    const missingEvidence = await this.history.missingEvidence(allegations.flatMap((a) => a.evidence));
    const staffHistory = (await this.executor.load(staffDecider, staffStream(body.subjectId))).events.map((e) => ({ type: e.type, data: e.data }) as StaffEvent);
    const caseId = body.caseId ?? cmd.newId();
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
          subjectIsLeader: leaderAtViolation(staffHistory, allegations),
          allegations,
          openedBy: cmd.principal.sub,
          missingEvidence,
          subjectUnitId: subject.unitId,
          ...(body.detectedOn !== undefined && { detectedOn: body.detectedOn }),
          ...(body.subjectLevel !== undefined && { subjectLevel: body.subjectLevel }),
        },
      },
      { id: caseId, location: `/api/v1/disciplinary-cases/${caseId}` },
    );
  }

  @Post(':id/summonses')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Record a summons delivered to the subject (to the self-review meeting or to the council), with its delivery date',
    description: 'Attempts are numbered per meeting; the self-review meeting may go ahead without the subject at the second summons (Decree 112 art. 26(3) as amended); the council votes only after a delivered summons.',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  summons(@Param('id') id: string, @Body() body: IssueSummonsRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'IssueSummons',
      data: {
        summonsId: body.summonsId ?? cmd.newId(),
        purpose: body.purpose,
        meetingOn: body.meetingOn,
        deliveredOn: body.deliveredOn,
        ...(body.document !== undefined && { document: doc(body.document) }),
        issuedBy: cmd.principal.sub,
      },
    });
  }

  @Post(':id/self-review-meeting')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Record the self-review meeting (họp kiểm điểm): convener, attendance, self-criticism, minutes and the vote on a proposed form',
    description: 'The first step for cadres, civil servants and public employees (Decree 112 art. 26 as amended by Decree 71/2023); the council cannot be convened before it (422 case.self_review_required).',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async selfReview(@Param('id') id: string, @Body() body: RecordSelfReviewRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'RecordSelfReviewMeeting',
      data: {
        heldOn: body.heldOn,
        convenedBy: body.convenedBy,
        convenerRole: body.convenerRole,
        attendees: body.attendees,
        subjectPresent: body.subjectPresent,
        ...(body.absence !== undefined && { absence: body.absence }),
        ...(body.selfCriticism !== undefined && {
          selfCriticism: {
            summary: body.selfCriticism.summary,
            ...(body.selfCriticism.proposedForm !== undefined && { proposedForm: body.selfCriticism.proposedForm }),
            ...(body.selfCriticism.document !== undefined && { document: doc(body.selfCriticism.document) }),
          },
        }),
        minutes: doc(body.minutes),
        tally: body.tally.map((t) => ({ option: t.option, votes: t.votes })),
        ...(body.conflicts !== undefined && { conflicts: conflicts(body.conflicts) }),
        recordedBy: cmd.principal.sub,
      },
    });
  }

  @Post(':id/council')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Convene the disciplinary council: every seat with its role, checked against the composition for the subject',
    description: 'Decree 112 art. 28: 5 members by role for a civil servant (chair, employing-unit leader, party, trade union, secretary); not the subject, no relative or interested person (art. 2(11)).',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async convene(@Param('id') id: string, @Body() body: ConveneCouncilRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'ConveneCouncil',
      data: {
        seats: body.seats.map((x) => ({ personId: x.personId, role: x.role })),
        convenedBy: cmd.principal.sub,
        ...(body.conflicts !== undefined && { conflicts: conflicts(body.conflicts) }),
      },
    });
  }

  @Post(':id/council/replacements')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Replace a council member before the vote; the replacement takes the same seat and role' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async replaceMember(@Param('id') id: string, @Body() body: ReplaceCouncilMemberRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'ReplaceCouncilMember',
      data: {
        replaced: body.replaced,
        replacement: body.replacement,
        reason: body.reason,
        ...(body.note !== undefined && { note: body.note }),
        ...(body.conflicts !== undefined && { conflicts: conflicts(body.conflicts) }),
        replacedBy: cmd.principal.sub,
      },
    });
  }

  @Post(':id/documents')
  @HttpCode(200)
  @Roles('hr', 'council', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Attach a document by reference (number, date, issuer, SHA-256 digest of the file)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  document(@Param('id') id: string, @Body() body: AttachDocumentRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'AttachDocument',
      data: { kind: body.kind, document: doc(body.document), ...(body.note !== undefined && { note: body.note }), attachedBy: cmd.principal.sub },
    });
  }

  @Post(':id/suspension')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Record that the case is not yet considered (chưa xem xét xử lý kỷ luật), with the ground, dates and certificate',
    description: 'Serious illness, pregnancy, maternity leave or a child under 12 months, detention or prosecution (Decree 172/2025). Every procedural step is refused (409 case.suspended) until resumption; the processing period pauses.',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  suspend(@Param('id') id: string, @Body() body: SuspendCaseRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'SuspendCase',
      data: {
        ground: body.ground,
        from: body.from,
        ...(body.expectedUntil !== undefined && { expectedUntil: body.expectedUntil }),
        document: doc(body.document),
        suspendedBy: cmd.principal.sub,
      },
    });
  }

  @Post(':id/resumption')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Resume a suspended case; the processing deadline moves by the days suspended',
    description: "ground_ended (not before the expected end), subject_requested (the subject's written request; pregnancy, maternity, child grounds only), authority_decided (detention or prosecution only).",
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  resume(@Param('id') id: string, @Body() body: ResumeCaseRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'ResumeCase',
      data: { on: body.on, reason: body.reason, ...(body.document !== undefined && { document: doc(body.document) }), resumedBy: cmd.principal.sub },
    });
  }

  @Post(':id/exemption')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Exempt the subject from disciplinary responsibility on a ground of Decree 112 art. 4; closes the case' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  exempt(@Param('id') id: string, @Body() body: ExemptCaseRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'ExemptCase',
      data: { ground: body.ground, document: doc(body.document), ...(body.note !== undefined && { note: body.note }), exemptedBy: cmd.principal.sub },
    });
  }

  @Post(':id/statements')
  @HttpCode(200)
  @Roles('hr', 'council', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: "Record a statement (hr in scope, or a member of this case's council)" })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  statement(@Param('id') id: string, @Body() body: RecordStatementRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
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
  @CommandHeaders()
  @ApiOperation({ summary: 'Attach a recorded event as evidence of an allegation (it must exist)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async evidence(@Param('id') id: string, @Body() body: AttachEvidenceRequest, @Cmd() cmd: CommandCall) {
    const evidence = { streamId: body.evidence.streamId, revision: body.evidence.revision };
    const missingEvidence = await this.history.missingEvidence([evidence]);
    return this.run(cmd, id, {
      type: 'AttachEvidence',
      data: { allegationId: body.allegationId, evidence, ...(body.note !== undefined && { note: body.note }), attachedBy: cmd.principal.sub, missingEvidence },
    });
  }

  @Post(':id/extensions')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Extend the processing period of a complex case (90 days from detection, at most 150, plus days suspended)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  extend(@Param('id') id: string, @Body() body: ExtendProcessingRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, { type: 'ExtendProcessingPeriod', data: { newDeadline: body.newDeadline, reason: body.reason, extendedBy: cmd.principal.sub } });
  }

  @Post(':id/votes')
  @HttpCode(200)
  @Roles('hr', 'council', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: "Record the council's secret-ballot tally; the option with more than half of those present is the recommendation",
    description: 'Quorum: 3 present including chair and secretary (Decree 112 art. 34(2)); the subject must have been summoned to the council (422 case.council_summons_missing); no majority: 422 case.ballot_no_majority.',
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  vote(@Param('id') id: string, @Body() body: RecordVoteRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
      type: 'RecordCouncilVote',
      data: { present: body.present, tally: body.tally.map((t) => ({ option: t.option, votes: t.votes })), ...(body.minutes !== undefined && { minutes: doc(body.minutes) }) },
    });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Issue the disciplinary decision (not heavier than the council recommended)',
    description:
      "The form is checked against the forms regime of the subject category on the decision date (Decree 112/2020 as amended before 2025-07-01, Decree 172/2025 from then on) and the subject's post at the violation; it may not be heavier than the council's recommendation (422 case.form_heavier_than_recommended) unless heavierBasis records a repeat violation (one level). The decision's consequences are recorded as facts with end dates. Commendations of the subject whose period contains a proven violation are then revoked by the process manager when-decision-issued-then-revoke-commendations (apps/projector/src/automation): a separate, crash-safe step, visible on the commendations shortly after.",
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async decide(@Param('id') id: string, @Body() body: IssueDecisionRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    // The revocation of the covered commendations is the process manager
    // apps/projector/src/automation/when-decision-issued-then-revoke-commendations.ts, not this route.
    return this.run(cmd, id, {
      type: 'IssueDecision',
      data: {
        form: body.form,
        decisionNo: body.decisionNo,
        effectiveFrom: body.effectiveFrom,
        relatedToDuties: body.relatedToDuties,
        allegationIds: body.allegationIds,
        decidedBy: cmd.principal.sub,
        ...(body.heavierBasis !== undefined && { heavierBasis: { kind: body.heavierBasis.kind, priorDecisionNo: body.heavierBasis.priorDecisionNo } }),
        ...(body.document !== undefined && { document: doc(body.document) }),
      },
    });
  }

  @Post(':id/dismissal')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Dismiss the case (protected_innovation, insufficient_evidence, time_barred, other)',
    description:
      "protected_innovation needs innovationProposalId: an approved proposal, evaluated without personal gain, covering the work every allegation's evidence is about (Decree 73/2023).",
  })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async dismiss(@Param('id') id: string, @Body() body: DismissCaseRequest, @Cmd() cmd: CommandCall) {
    let innovation: ProtectedInnovationCover | undefined;
    if (body.innovationProposalId !== undefined) {
      const { state } = await this.executor.load(innovationDecider, innovationStream(body.innovationProposalId));
      const protection = innovationProtection(state);
      if (!protection) {
        throw new HttpProblem(422, 'case.innovation_proposal_not_found', 'Unprocessable content', `No innovation proposal ${body.innovationProposalId}`, [
          { field: 'innovationProposalId', message: 'is not a registered proposal' },
        ]);
      }
      const { source: _source, ...cover } = protection;
      innovation = cover;
    }
    return this.run(cmd, id, { type: 'DismissCase', data: { reason: body.reason, note: body.note, dismissedBy: cmd.principal.sub, ...(innovation && { innovation }) } });
  }

  @Post(':id/appeals')
  @HttpCode(200)
  @Roles('staff', 'hr', 'unit_head', 'inspector', 'council')
  @CommandHeaders()
  @ApiOperation({ summary: 'Appeal the decision (only the disciplined person, within 15 days)' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  appeal(@Param('id') id: string, @Body() body: FileAppealRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, { type: 'FileAppeal', data: { by: cmd.principal.sub, grounds: body.grounds } });
  }

  @Post(':id/appeal-resolution')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Resolve the appeal (upheld, modified with a new form, annulled); the consequences follow the new form or end' })
  @ApiOkResponse({ type: VersionResponse })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  resolveAppeal(@Param('id') id: string, @Body() body: ResolveAppealRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, {
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
  @ApiOkResponse({ type: CasePage, description: 'Summaries (issue 12): the allegations, the tally and the decision itself are read through the recorded case file' })
  async list(@Query() query: CaseListQuery, @CurrentPrincipal() p: Principal): Promise<CasePage> {
    const { cursor, limit, ...filter } = query;
    const page = await this.cases.list(filter, { ...this.scope.reader(p, 'hr', 'inspector'), council: p.roles.includes('council') }, { cursor, limit: limit ?? 50 });
    return { ...page, items: page.items.map((v) => (v.subjectId === p.sub ? v : caseSummary(v))) } as unknown as CasePage;
  }

  @Get(':id')
  @Roles('hr', 'inspector', 'council', 'staff')
  @ApiOperation({
    summary: 'One case, with the approved innovation proposals that cover the work its evidence is about',
    description:
      'A summary (status, dates, council, counts, decision number and dates, covering proposals): the allegations, the ' +
      'ballot tally and the decision itself are in the case file, whose every read is recorded. The subject sees their own case in full.',
  })
  @ApiNotFoundResponse({ description: 'No such case visible to you (council members see only cases they sit on)' })
  @ApiOkResponse({ type: CaseResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<CaseResponse> {
    const row = await this.visible(p, id);
    const view = caseView(row, await this.proposals.relatedTo(evidenceAssignmentIds(row)));
    if (!view) throw notFound('case', id);
    withEtag(reply, row.version);
    // Reading one's own case is not reading someone's disciplinary history; others get a summary (the case file is the recorded read).
    return { ...(row.subject_id === p.sub ? view : caseSummary(view)), consequences: await this.caseConsequences(row) } as unknown as CaseResponse;
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
    return { case: { ...view, consequences: await this.caseConsequences(row) }, ...history, evidence, innovationProposals: proposals } as unknown as CaseFileResponse;
  }

  /** The legal consequences of this case's decision (facts with end dates), as the read model holds them. */
  private async caseConsequences(row: CaseRow): Promise<DisciplineConsequenceView[]> {
    return (await this.consequences.of(row.subject_id)).filter((c) => c.caseId === row.id);
  }

  @Get(':id/case-file/bundle')
  @Roles('council', 'hr', 'inspector')
  @ApiOperation({
    summary: 'The case file as one offline-verifiable document: its events with their canonical text, an inclusion proof each, the signed checkpoint and the public key',
    description: 'Check it with `npm run verify-bundle -- file.json` (plain Node, no database, no network). Recorded as a CaseFileRead like the case file.',
  })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  @ApiOkResponse({ type: BundleResponse })
  async caseFileBundle(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<unknown> {
    const file = (await this.caseFile(id, query, p, r)) as unknown as { staffId: string; period: unknown; events: { eventId: string }[]; evidence: { event?: { eventId: string } }[] };
    const ids = [...file.events.map((e) => e.eventId), ...file.evidence.flatMap((e) => (e.event ? [e.event.eventId] : []))];
    return this.bundles.bundle(`case file of disciplinary case ${id}`, ids, { caseId: id, subjectId: file.staffId, period: file.period });
  }

  private async visible(p: Principal, id: string): Promise<CaseRow> {
    const row = await this.cases.findById(id);
    if (!row || !(await canSeeCase(this.scope, p, row))) throw notFound('case', id);
    return row;
  }
}

/**
 * What a list or an unrecorded read of a case shows (issue 12 item 11): enough to find and
 * follow a case, not its content. The allegations, the tally, the decision's form and
 * findings, statements' substance and the appeal's grounds are read through the case
 * file, and that read is recorded.
 */
function caseSummary(v: CaseView): Record<string, unknown> {
  return {
    id: v.id,
    caseId: v.caseId,
    status: v.status,
    subjectId: v.subjectId,
    openedBy: v.openedBy,
    openedOn: v.openedOn,
    detectedOn: v.detectedOn,
    processingDeadline: v.processingDeadline,
    allegationCount: v.allegations.length,
    council: v.council ?? null,
    statements: v.statements,
    voteRecorded: v.vote !== undefined,
    suspended: v.suspension !== undefined,
    decision: v.decision ? { decisionNo: v.decision.decisionNo, effectiveFrom: v.decision.effectiveFrom, issuedAt: v.decision.issuedAt } : null,
    appeal: v.appeal ? { filed: true, resolved: v.appeal.resolution !== undefined } : null,
    dismissal: v.dismissal ? { reason: v.dismissal.reason, innovationProposalId: v.dismissal.innovationProposalId ?? null } : null,
    exemption: v.exemption ? { ground: (v.exemption as { ground?: string }).ground ?? null } : null,
    coveringInnovationProposals: v.coveringInnovationProposals,
    version: v.version,
  };
}

/** A person's history outside a case: hr and inspectors in scope, council members of a case about them, the person. */
@ApiTags('staff')
@Controller('staff')
@ReadsModels('subject_streams_v1', 'personnel_v1', 'disciplinary_cases_v1')
export class StaffHistoryController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(DisciplinaryCaseQueries) private readonly cases: DisciplinaryCaseQueries,
    @Inject(StaffDirectoryQueries) private readonly staff: StaffDirectoryQueries,
    @Inject(DisciplineConsequenceQueries) private readonly consequences: DisciplineConsequenceQueries,
    @Inject(SubjectHistoryService) private readonly history: SubjectHistoryService,
    @Inject(BundleService) private readonly bundles: BundleService,
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
    // The consequences of disciplinary decisions, with their end dates, belong to the person's history (issue 16).
    return { ...(history as SubjectHistoryResponse), disciplineConsequences: await this.consequences.of(id) };
  }

  @Get(':id/history/bundle')
  @Roles('hr', 'inspector', 'council', 'staff')
  @ApiOperation({
    summary: "A staff member's history as one offline-verifiable document (events, inclusion proofs, signed checkpoint, public key)",
    description: 'Check it with `npm run verify-bundle -- file.json`. Recorded as a StaffHistoryRead.',
  })
  @ApiNotFoundResponse({ description: 'No such staff member visible to you' })
  @ApiOkResponse({ type: BundleResponse })
  async bundle(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<unknown> {
    const history = (await this.get(id, query, p, r)) as unknown as { period: unknown; events: { eventId: string }[] };
    return this.bundles.bundle(`history of staff member ${id}`, history.events.map((e) => e.eventId), { staffId: id, period: history.period });
  }

  private async maySee(p: Principal, staffId: string, unitId: string): Promise<boolean> {
    if (p.sub === staffId) return true;
    if (hasRole(p, 'hr', 'inspector') && (await this.scope.canSeeUnit(p, unitId))) return true;
    if (!p.roles.includes('council')) return false;
    return this.cases.sitsOnCaseAbout(p.sub, staffId);
  }
}

/** Copies a validated DTO into the domain's document reference (no extra fields reach the event). */
function doc(d: DocumentRef): DocumentRef {
  return { number: d.number, date: d.date, issuer: d.issuer, digest: d.digest };
}

function conflicts(list: readonly ConflictDeclaration[]): ConflictDeclaration[] {
  return list.map((c) => ({ personId: c.personId, relation: c.relation }));
}

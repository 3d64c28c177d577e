import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import type { ProtectedInnovationCover } from '#domain';
import { CASE_RULES, caseAccess, caseDecider, caseStream, ruleError, type CaseState } from '#domain';
import type { DisciplineSubjectCategory } from '#domain';
import { caseFileReadsStream, staffHistoryReadsStream } from '#domain';
import { innovationDecider, innovationProtection, innovationStream } from '#domain';
import { INNOVATION_COLUMNS, type InnovationRowView } from '#read-models';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { CommandExecutor } from '../commands/command-executor.js';
import { commandContext } from '../commands/command-context.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { CreatedResponse, encodeCursor, VersionResponse, withEtag } from '../http/responses.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { IDEMPOTENCY_HEADER as IDEMPOTENCY } from '../http/command-headers.js';
import { cursorOrFail, notFound } from '../http/responses.js';
import { CommendationRevocations } from '../recognition/commendation-revocations.service.js';
import {
  AttachEvidenceRequest,
  CaseListQuery,
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
} from './discipline.dto.js';
import { SubjectHistoryService } from './subject-history.service.js';
import { BundleService } from '../audit/bundle.service.js';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the case changed' });

interface CaseRow {
  id: string;
  seq: string;
  subject_id: string;
  subject_unit_id: string | null;
  council_members: string[];
  evidence_streams: string[];
  state: CaseState;
  version: number;
}

/** Who sees a case (DESIGN.md section 10): hr and inspectors with the subject's unit in scope, council members of that case, the subject. */
async function canSeeCase(scope: ScopeService, principal: Principal, row: CaseRow): Promise<boolean> {
  if (principal.sub === row.subject_id) return true;
  if (principal.roles.includes('council') && row.council_members.includes(principal.sub)) return true;
  return hasRole(principal, 'hr', 'inspector', 'importer') && row.subject_unit_id !== null && scope.canSeeUnit(principal, row.subject_unit_id);
}

const CASE_SELECT = `SELECT c.id, c.seq::text AS seq, c.subject_id, s.unit_id AS subject_unit_id, c.council_members, c.evidence_streams,
  c.state, c.version FROM disciplinary_cases_v1 c LEFT JOIN staff_v1 s ON s.id = c.subject_id`;

/** Disciplinary cases: opening with evidence, council, statements, vote, decision or dismissal, appeal; the council's case file. */
@ApiTags('disciplinary-cases')
@Controller('disciplinary-cases')
export class DisciplinaryCasesController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
    @Inject(SubjectHistoryService) private readonly history: SubjectHistoryService,
    @Inject(BundleService) private readonly bundles: BundleService,
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
    const { rows } = await this.pool.query<{ category: DisciplineSubjectCategory; leadership: unknown[] }>(
      'SELECT category, leadership FROM staff_v1 WHERE id = $1',
      [body.subjectId],
    );
    const subject = rows[0];
    if (!subject) throw ruleError(CASE_RULES.unknownSubject, 'The subject is not a registered staff member', [{ field: 'subjectId', message: 'is not a registered staff member' }]);
    const allegations = body.allegations.map((a) => ({
      id: a.id,
      description: a.description,
      violationDate: a.violationDate,
      severity: a.severity,
      evidence: a.evidence.map((e) => ({ streamId: e.streamId, revision: e.revision })),
    }));
    const missingEvidence = await this.history.missingEvidence(allegations.flatMap((a) => a.evidence));
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
          subjectCategory: subject.category,
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
  @ApiOkResponse({ description: '{version, revokedCommendations}' })
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
  async list(@Query() query: CaseListQuery, @CurrentPrincipal() p: Principal): Promise<{ items: unknown[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const after = cursorOrFail(query.cursor);
    const params: unknown[] = [String(after?.[0] ?? '0'), limit + 1, p.sub];
    const where = ['c.seq > $1::bigint'];
    if (query.subjectId) {
      params.push(query.subjectId);
      where.push(`c.subject_id = $${params.length}`);
    }
    if (query.status) {
      params.push(query.status);
      where.push(`c.status = $${params.length}`);
    }
    const visible = ['c.subject_id = $3'];
    if (p.roles.includes('council')) visible.push('$3 = ANY (c.council_members)');
    if (hasRole(p, 'hr', 'inspector')) {
      const scope = this.scope.unitCondition(p, 's.unit_id', params.length);
      params.push(...scope.params);
      visible.push(scope.sql);
    }
    where.push(`(${visible.join(' OR ')})`);
    const { rows } = await this.pool.query<CaseRow>(`${CASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.seq LIMIT $2`, params);
    const page = rows.slice(0, limit);
    return { items: page.map((row) => caseSummary(row, [])), nextCursor: rows.length > limit ? encodeCursor([page.at(-1)!.seq]) : null };
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
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const row = await this.visible(p, id);
    withEtag(reply, row.version);
    const proposals = await this.coveringProposals(row);
    // Reading one's own case is not reading someone's disciplinary history.
    return row.subject_id === p.sub ? caseView(row, proposals) : caseSummary(row, proposals);
  }

  @Get(':id/case-file')
  @Roles('council', 'hr', 'inspector')
  @ApiOperation({
    summary: "The council's case file: the subject's history in the period, each event with its hash-chain verification, and the evidence resolved",
    description:
      'Events of every stream the subject appears in (assignments, handoffs, consultations, commendations, earlier cases, innovation proposals), in global order. Each event carries verification {verified, reason}. Reading the file is recorded as a CaseFileRead event on case-file-reads-<caseId>.',
  })
  @ApiNotFoundResponse({ description: 'No such case visible to you (council members see only cases they sit on)' })
  async caseFile(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<unknown> {
    const row = await this.visible(p, id);
    if (row.subject_id === p.sub && !hasRole(p, 'hr', 'inspector') && !row.council_members.includes(p.sub)) throw notFound('case', id);
    const ctx = commandContext(r, p);
    const period = this.history.period(ctx.now, query.from, query.to);
    const state = row.state;
    const allegations = state.status === 'none' ? [] : state.file.allegations;
    const [history, evidence, proposals] = await Promise.all([
      this.history.history(row.subject_id, period),
      this.history.resolveEvidence(allegations),
      this.coveringProposals(row),
    ]);
    await this.history.recordRead(
      caseFileReadsStream(id),
      'CaseFileRead',
      { caseId: id, subjectId: row.subject_id, readBy: p.sub, readerRoles: [...p.roles], periodFrom: period.from, periodTo: period.to, eventsShown: history.events.length, readAt: ctx.now },
      ctx,
    );
    return { case: caseView(row, proposals), ...history, evidence, innovationProposals: proposals };
  }

  @Get(':id/case-file/bundle')
  @Roles('council', 'hr', 'inspector')
  @ApiOperation({
    summary: 'The case file as one offline-verifiable document: its events with their canonical text, an inclusion proof each, the signed checkpoint and the public key',
    description: 'Check it with `npm run verify-bundle -- file.json` (plain Node, no database, no network). Recorded as a CaseFileRead like the case file.',
  })
  @ApiNotFoundResponse({ description: 'No such case visible to you' })
  async caseFileBundle(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<unknown> {
    const file = (await this.caseFile(id, query, p, r)) as { staffId: string; period: unknown; events: { eventId: string }[]; evidence: { event?: { eventId: string } }[] };
    const ids = [...file.events.map((e) => e.eventId), ...file.evidence.flatMap((e) => (e.event ? [e.event.eventId] : []))];
    return this.bundles.bundle(`case file of disciplinary case ${id}`, ids, { caseId: id, subjectId: file.staffId, period: file.period });
  }

  private async coveringProposals(row: CaseRow): Promise<InnovationRowView[]> {
    const assignments = row.evidence_streams.filter((s) => s.startsWith('assignment-')).map((s) => s.slice('assignment-'.length));
    if (assignments.length === 0) return [];
    const { rows } = await this.pool.query<InnovationRowView>(
      `SELECT ${INNOVATION_COLUMNS} FROM innovation_proposals_v1 WHERE related_assignment_ids && $1::text[] ORDER BY seq`,
      [assignments],
    );
    return rows;
  }

  private async visible(p: Principal, id: string): Promise<CaseRow> {
    const { rows } = await this.pool.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id]);
    const row = rows[0];
    if (!row || !(await canSeeCase(this.scope, p, row))) throw notFound('case', id);
    return row;
  }

}

function caseView(row: CaseRow, proposals: readonly InnovationRowView[]): Record<string, unknown> {
  const s = row.state;
  if (s.status === 'none') return { id: row.id };
  return {
    id: row.id,
    status: s.status,
    ...s.file,
    decision: s.status === 'decided' ? s.decision : null,
    appeal: s.status === 'decided' ? (s.appeal ?? null) : null,
    dismissal: s.status === 'dismissed' ? s.dismissal : null,
    coveringInnovationProposals: proposals.filter((x) => x.status === 'approved'),
    version: row.version,
  };
}

/**
 * What a list or an unrecorded read of a case shows (issue 12): enough to find and
 * follow a case, not its content. The allegations, the tally, the decision's form and
 * findings, statements' substance and the appeal's grounds are read through the case
 * file, and that read is recorded.
 */
function caseSummary(row: CaseRow, proposals: readonly InnovationRowView[]): Record<string, unknown> {
  const s = row.state;
  if (s.status === 'none') return { id: row.id };
  const f = s.file;
  return {
    id: row.id,
    status: s.status,
    subjectId: f.subjectId,
    openedBy: f.openedBy,
    openedOn: f.openedOn,
    processingDeadline: f.processingDeadline,
    allegationCount: f.allegations.length,
    council: f.council ?? null,
    statements: f.statements,
    voteRecorded: f.vote !== undefined,
    decision: s.status === 'decided' ? { decisionNo: s.decision.decisionNo, effectiveFrom: s.decision.effectiveFrom, issuedAt: s.decision.issuedAt } : null,
    appeal: s.status === 'decided' && s.appeal ? { filed: true, resolved: s.appeal.resolution !== undefined } : null,
    dismissal: s.status === 'dismissed' ? { reason: s.dismissal.reason, innovationProposalId: s.dismissal.innovationProposalId ?? null } : null,
    coveringInnovationProposals: proposals.filter((x) => x.status === 'approved'),
    version: row.version,
  };
}

/** A person's history outside a case: hr and inspectors in scope, council members of a case about them, the person. */
@ApiTags('staff')
@Controller('staff')
export class StaffHistoryController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
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
  async get(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<unknown> {
    const { rows } = await this.pool.query<{ unit_id: string }>('SELECT unit_id FROM staff_v1 WHERE id = $1', [id]);
    const staff = rows[0];
    if (!staff || !(await this.maySee(p, id, staff.unit_id))) throw notFound('staff', id);
    const ctx = commandContext(r, p);
    const period = this.history.period(ctx.now, query.from, query.to);
    const history = await this.history.history(id, period);
    await this.history.recordRead(
      staffHistoryReadsStream(id),
      'StaffHistoryRead',
      { staffId: id, readBy: p.sub, readerRoles: [...p.roles], periodFrom: period.from, periodTo: period.to, eventsShown: history.events.length, readAt: ctx.now },
      ctx,
    );
    return history;
  }

  @Get(':id/history/bundle')
  @Roles('hr', 'inspector', 'council', 'staff')
  @ApiOperation({
    summary: "A staff member's history as one offline-verifiable document (events, inclusion proofs, signed checkpoint, public key)",
    description: 'Check it with `npm run verify-bundle -- file.json`. Recorded as a StaffHistoryRead.',
  })
  @ApiNotFoundResponse({ description: 'No such staff member visible to you' })
  async bundle(@Param('id') id: string, @Query() query: HistoryQuery, @CurrentPrincipal() p: Principal, @Req() r: FastifyRequest): Promise<unknown> {
    const history = (await this.get(id, query, p, r)) as { period: unknown; events: { eventId: string }[] };
    return this.bundles.bundle(`history of staff member ${id}`, history.events.map((e) => e.eventId), { staffId: id, period: history.period });
  }

  private async maySee(p: Principal, staffId: string, unitId: string): Promise<boolean> {
    if (p.sub === staffId) return true;
    if (hasRole(p, 'hr', 'inspector') && (await this.scope.canSeeUnit(p, unitId))) return true;
    if (!p.roles.includes('council')) return false;
    const { rowCount } = await this.pool.query('SELECT 1 FROM disciplinary_cases_v1 WHERE subject_id = $1 AND $2 = ANY (council_members) LIMIT 1', [staffId, p.sub]);
    return (rowCount ?? 0) > 0;
  }
}

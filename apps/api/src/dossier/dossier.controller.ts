import { createHmac, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseIntPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  applicantAccess,
  applicantDecider,
  applicantStream,
  authorize,
  quotesApplicantContact,
  seesDossier,
  DOSSIER_RULES,
  dossierAccess,
  dossierDecider,
  dossierStream,
  procedureAccess,
  procedureDecider,
  procedureStream,
  receiptDecider,
  receiptStream,
  ruleError,
  versionInForce,
  vnDate,
  type DossierCommand,
} from '#domain';
import { HttpProblem } from '#platform';
import { ApplicantDataQueries, board, DossierQueries, monthlyStatistics, publicStatus, type DossierReader, type DossierView } from '#read-models';
import { Public } from '../auth/public.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { domainNow } from '../commands/command-context.js';
import { CommandExecutor, type CommandInput } from '../commands/command-executor.js';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CommandHeaders } from '../http/command-headers.js';
import { VersionResponse, withEtag } from '../http/responses.js';
import { toCsv, toXlsx, type Cell, type Column } from '../evaluation/tabular-export.js';
import {
  AnswerComplaintRequest,
  BoardQuery,
  CarryAcrossMergerRequest,
  DeliverResultRequest,
  BoardResponse,
  DossierViewResponse,
  ErasedResponse,
  HandOverDossierRequest,
  IssueDossierApologyRequest,
  ProcedureResponse,
  PublicDossierStatusResponse,
  PublishProcedureVersionRequest,
  ReceivedResponse,
  ReceiveDossierRequest,
  RecordFeedbackRequest,
  RecordSupplementRequest,
  RequestSupplementRequest,
  ReturnDossierRequest,
  RouteComplaintRequest,
  StatisticsQuery,
  WithdrawDossierRequest,
} from './dossier.dto.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STAFF_ROLES = ['staff', 'unit_head', 'hr', 'importer'] as const;
const READERS = ['staff', 'unit_head', 'hr', 'inspector', 'council'] as const;

/** The procedures catalogue: versions of each procedure by effective date, with the stages and their shares. */
@ApiTags('dossiers')
@Controller('procedures')
export class ProceduresController {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  @Post(':code/versions')
  @HttpCode(200)
  @Roles('hr', 'importer')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Publish a version of a procedure (province catalogue keeper: hr or importer scoped to every unit)',
    description: 'Stages: reception first, return last, processing/approval between, each with units and a share in working days; shares add up to the statutory time (422 procedure.stages_invalid). A version takes effect after the last one (procedure.version_not_later).',
  })
  @ApiOkResponse({ type: VersionResponse })
  publish(@Param('code') code: string, @Body() b: PublishProcedureVersionRequest, @Cmd() cmd: CommandCall) {
    return cmd.run(procedureDecider, procedureStream(code), procedureAccess, {
      type: 'PublishProcedureVersion',
      data: { procedureCode: code, name: b.name, effectiveFrom: b.effectiveFrom, statutoryDays: b.statutoryDays, legalBasis: b.legalBasis, stages: b.stages.map((s) => ({ ...s, unitIds: [...s.unitIds] })) },
    });
  }

  @Get(':code')
  @Roles('staff', 'unit_head', 'hr', 'inspector', 'council', 'importer', 'integration')
  @ApiOperation({ summary: 'Every version of a procedure, with its stages and shares' })
  @ApiOkResponse({ type: ProcedureResponse })
  async get(@Param('code') code: string): Promise<unknown> {
    const { state } = await this.executor.load(procedureDecider, procedureStream(code));
    if (state.versions.length === 0) throw new HttpProblem(404, 'procedure.not_found', 'Not found', `No procedure ${code}`);
    return { procedureCode: code, versions: state.versions };
  }
}

/**
 * Administrative-procedure dossiers (issue 19): one-stop reception, stage by stage
 * hand-overs with each stage's share, supplement once, apology before the due date,
 * return with reasons, delivery, feedback. Who may act: libs/domain/src/dossier/dossier.access.ts.
 */
@ApiTags('dossiers')
@Controller('dossiers')
@ReadsModels('dossiers_v1')
@CommandsReadModels('personnel_v1', 'dossiers_v1')
export class DossiersController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(DossierQueries) private readonly dossiers: DossierQueries,
    @Inject(ApplicantDataQueries) private readonly applicants: ApplicantDataQueries,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  private run(cmd: CommandCall, id: string, command: CommandInput<DossierCommand>) {
    return cmd.run(dossierDecider, dossierStream(id), dossierAccess, command);
  }

  /**
   * Staff-written text kept in the events as written must not carry the applicant's contact
   * (held apart, erasable): 422 dossier.text_quotes_applicant naming the fields. Checked only
   * for a caller who sees the dossier (others learn nothing of the contact; the command answers them).
   */
  private async refuseApplicantContact(cmd: CommandCall, id: string, texts: ReadonlyArray<{ readonly field: string; readonly text: string }>) {
    const [{ state }, who] = await Promise.all([this.executor.load(dossierDecider, dossierStream(id)), cmd.who()]);
    if (state.status === 'none' || !seesDossier(who, state)) return;
    const contact = (await this.applicants.of(state.applicantRef)).find((e) => e.kind === 'contact')?.payload;
    if (!contact) return;
    const hits = texts.filter((t) => quotesApplicantContact(t.text, contact));
    if (hits.length) {
      throw ruleError(DOSSIER_RULES.textQuotesApplicant, 'This text is recorded as written: leave out the applicant\'s contact (it is held apart so it can be erased)', hits.map((h) => ({ field: h.field, message: 'contains the applicant\'s contact' })));
    }
  }

  @Post()
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({
    summary: 'Receive a complete dossier at a one-stop centre: receipt code and appointment date',
    description: 'The procedure version in force on the reception date gives the statutory time and stages. The applicant\'s contact is held apart (erasable); the events carry only the opaque applicantRef returned here.',
  })
  @ApiCreatedResponse({ type: ReceivedResponse })
  async receive(@Body() b: ReceiveDossierRequest, @Cmd() cmd: CommandCall): Promise<unknown> {
    const dossierId = b.dossierId ?? cmd.newId();
    // Codes given before reservation streams existed are only in the read model.
    const taken = await this.dossiers.findByReceiptCode(b.receiptCode);
    if (taken && taken.dossierId !== dossierId) {
      throw ruleError(DOSSIER_RULES.receiptCodeTaken, 'Another dossier carries this receipt code', [{ field: 'receiptCode', message: 'already in use' }]);
    }
    const { state } = await this.executor.load(procedureDecider, procedureStream(b.procedureCode));
    const procedure = versionInForce(state.versions, vnDate(cmd.ctx.occurredAt));
    const applicantRef = randomUUID();
    if (b.applicant) await this.applicants.save(applicantRef, 'contact', 'reception', { ...b.applicant, dossierId });
    try {
      // The reception and the code's reservation (`receipt-<code>`, expected "no stream") in one atomic append:
      // of two concurrent receptions with one code, the second fails its append, is decided again and refused (409).
      const who = await cmd.who();
      const out = await cmd.across(
        dossierStream(dossierId),
        async (load) => {
          const dossier = await load(dossierDecider, dossierStream(dossierId));
          const base = {
            type: 'ReceiveDossier' as const,
            data: { dossierId, receiptCode: b.receiptCode, procedure, centreUnitId: b.centreUnitId, applicantRef, documents: b.documents },
            now: domainNow(cmd.ctx),
            actor: cmd.principal.sub,
          };
          const actingAs = authorize(dossierAccess, who, dossier, base);
          const received = dossierDecider.decide({ ...base, actingAs }, dossier);
          const receipt = await load(receiptDecider, receiptStream(b.receiptCode));
          const reserved = receiptDecider.decide({ type: 'ReserveReceiptCode', data: { receiptCode: b.receiptCode, dossierId }, now: base.now, actor: base.actor, actingAs }, receipt);
          return [
            { streamId: receiptStream(b.receiptCode), events: reserved, actingAs },
            { streamId: dossierStream(dossierId), events: received, actingAs },
          ];
        },
        { id: dossierId, location: `/api/v1/dossiers/${dossierId}` },
      );
      return { ...out, applicantRef };
    } catch (error) {
      // Nothing half-written: the contact goes when the reception is refused.
      if (b.applicant) await this.applicants.remove(applicantRef, 'contact', 'reception');
      throw error;
    }
  }

  @Post(':id/handovers')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'Hand the dossier to the next stage (a handoff in the trail with the stage due date)', description: '422 dossier.stage_out_of_order, dossier.unit_not_in_procedure, dossier.receiver_not_in_unit. Handing to the return stage marks the result ready.' })
  @ApiOkResponse({ type: VersionResponse })
  handOver(@Param('id') id: string, @Body() b: HandOverDossierRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, { type: 'HandOverDossier', data: { toStage: b.toStage, toUnitId: b.toUnitId, to: b.to } });
  }

  @Post(':id/supplement-requests')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'One written request naming everything missing; the clock stops', description: 'A later request for documents the applicant did not supply since is recorded with avoidableItems (the repeat-return signal).' })
  @ApiOkResponse({ type: VersionResponse })
  async requestSupplement(@Param('id') id: string, @Body() b: RequestSupplementRequest, @Cmd() cmd: CommandCall) {
    await this.refuseApplicantContact(cmd, id, b.items.flatMap((i, n) => [{ field: `items[${n}].document`, text: i.document }, { field: `items[${n}].note`, text: i.note ?? '' }]));
    return this.run(cmd, id, { type: 'RequestSupplement', data: { items: b.items.map((i) => ({ document: i.document, note: i.note ?? '' })) } });
  }

  @Post(':id/supplements')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'The centre records the supplement; the clock resumes and the due dates move by the pause' })
  @ApiOkResponse({ type: VersionResponse })
  async supplement(@Param('id') id: string, @Body() b: RecordSupplementRequest, @Cmd() cmd: CommandCall) {
    await this.refuseApplicantContact(cmd, id, b.documents.map((text, n) => ({ field: `documents[${n}]`, text })));
    return this.run(cmd, id, { type: 'RecordSupplement', data: { documents: b.documents } });
  }

  @Post(':id/apologies')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'Apology (phiếu xin lỗi) by the unit that will be late: reason and new date', description: '422 dossier.apology_incomplete naming what is missing. Before the due date as the decree asks; after it the apology is recorded with beforeDue=false and the lateness stands.' })
  @ApiOkResponse({ type: VersionResponse })
  async apologise(@Param('id') id: string, @Body() b: IssueDossierApologyRequest, @Cmd() cmd: CommandCall) {
    await this.refuseApplicantContact(cmd, id, [{ field: 'reason', text: b.reason ?? '' }]);
    return this.run(cmd, id, { type: 'IssueDossierApology', data: { reason: b.reason ?? '', newAppointmentAt: b.newAppointmentAt ? new Date(b.newAppointmentAt).toISOString() : null } });
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'Return the dossier to the applicant unresolved, with the written reasons' })
  @ApiOkResponse({ type: VersionResponse })
  async returnWithReasons(@Param('id') id: string, @Body() b: ReturnDossierRequest, @Cmd() cmd: CommandCall) {
    await this.refuseApplicantContact(cmd, id, b.reasons.map((text, n) => ({ field: `reasons[${n}]`, text })));
    return this.run(cmd, id, { type: 'ReturnDossierWithReasons', data: { reasons: b.reasons } });
  }

  @Post(':id/delivery')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'The centre hands the result to the applicant' })
  @ApiOkResponse({ type: VersionResponse })
  deliver(@Param('id') id: string, @Body() _b: DeliverResultRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, { type: 'DeliverResult', data: {} });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'The applicant withdraws the dossier (recorded by the centre)' })
  @ApiOkResponse({ type: VersionResponse })
  async withdraw(@Param('id') id: string, @Body() b: WithdrawDossierRequest, @Cmd() cmd: CommandCall) {
    await this.refuseApplicantContact(cmd, id, [{ field: 'reason', text: b.reason }]);
    return this.run(cmd, id, { type: 'WithdrawDossier', data: { reason: b.reason } });
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @Roles('integration', 'staff', 'unit_head')
  @CommandHeaders()
  @ApiOperation({
    summary: 'The applicant\'s ratings (satisfaction index criteria) and complaints: through the portal (integration) or the centre on their behalf',
    description: '403 dossier.not_applicants_dossier when applicantRef is not the dossier\'s. Free text is held apart (erasable); the event keeps its HMAC-SHA-256 under a key held (and erased) with the applicant\'s data.',
  })
  @ApiOkResponse({ type: VersionResponse })
  async feedback(@Param('id') id: string, @Body() b: RecordFeedbackRequest, @Cmd() cmd: CommandCall) {
    const text = b.text?.trim() ? b.text : null;
    // Keyed digest: a plain SHA-256 of a short text ("Hài lòng") stays guessable after the erasure; the key goes with the data.
    const key = text ? await this.applicants.digestKey(b.applicantRef) : null;
    const digest = text && key ? createHmac('sha256', Buffer.from(key.key, 'hex')).update(text).digest('hex') : null;
    let out;
    try {
      out = await this.run(cmd, id, { type: 'RecordFeedback', data: { applicantRef: b.applicantRef, ratings: b.ratings ?? [], textDigest: digest, complaint: b.complaint ?? false } });
    } catch (error) {
      if (key?.created) await this.applicants.remove(b.applicantRef, 'digest_key', '');
      throw error;
    }
    if (text && digest) await this.applicants.save(b.applicantRef, 'feedback_text', `${id}:${digest}`, { dossierId: id, text });
    return out;
  }

  @Post(':id/complaints/:no/routing')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({ summary: 'Route a complaint to the unit responsible (a unit of the procedure); it must answer within 10 working days' })
  @ApiOkResponse({ type: VersionResponse })
  route(@Param('id') id: string, @Param('no', ParseIntPipe) no: number, @Body() b: RouteComplaintRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, { type: 'RouteComplaint', data: { feedbackNo: no, toUnitId: b.toUnitId } });
  }

  @Post(':id/complaints/:no/answer')
  @HttpCode(200)
  @Roles(...STAFF_ROLES)
  @CommandHeaders()
  @ApiOperation({
    summary: 'The responsible unit answers the complaint',
    description: 'The answer may quote the applicant: its text is held apart with the applicant\'s data (erased with it, `DELETE /dossier-applicants/{ref}`); the event keeps its HMAC-SHA-256 under the applicant\'s key.',
  })
  @ApiOkResponse({ type: VersionResponse })
  async answer(@Param('id') id: string, @Param('no', ParseIntPipe) no: number, @Body() b: AnswerComplaintRequest, @Cmd() cmd: CommandCall) {
    // The answer may quote the applicant: held apart like the feedback text (erased with the applicant's data); the event keeps its keyed digest.
    const text = b.answer?.trim() ? b.answer : null;
    const { state } = await this.executor.load(dossierDecider, dossierStream(id));
    const ref = state.status === 'none' ? null : state.applicantRef;
    const key = text && ref ? await this.applicants.digestKey(ref) : null;
    const digest = text && key ? createHmac('sha256', Buffer.from(key.key, 'hex')).update(text).digest('hex') : null;
    let out;
    try {
      out = await this.run(cmd, id, { type: 'AnswerComplaint', data: { feedbackNo: no, answerDigest: digest } });
    } catch (error) {
      // Nothing half-written: a key made for a refused answer goes (a stored answer is never touched).
      if (ref && key?.created) await this.applicants.remove(ref, 'digest_key', '');
      throw error;
    }
    if (ref && text && digest) await this.applicants.save(ref, 'complaint_answer', `${id}:${no}`, { dossierId: id, feedbackNo: no, text });
    return out;
  }

  @Post(':id/merger-carry-over')
  @HttpCode(200)
  @Roles('unit_head', 'hr', 'importer')
  @CommandHeaders()
  @ApiOperation({ summary: 'Carry a dossier in progress across a merger of units: statutory dates and recorded delays are kept' })
  @ApiOkResponse({ type: VersionResponse })
  carry(@Param('id') id: string, @Body() b: CarryAcrossMergerRequest, @Cmd() cmd: CommandCall) {
    return this.run(cmd, id, { type: 'CarryAcrossMerger', data: { fromUnitId: b.fromUnitId, toUnitId: b.toUnitId } });
  }

  @Get('board')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The centre\'s board now: open dossiers by stage, due today, late, late by stage and unit, results ready for delivery' })
  @ApiOkResponse({ type: BoardResponse })
  async board(@Query() q: BoardQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    return board(await this.dossiers.open(await this.reader(p), q.centreUnitId), new Date().toISOString());
  }

  @Get('statistics')
  @Roles('unit_head', 'hr', 'inspector', 'council')
  @ApiOperation({ summary: 'Monthly statistics per procedure (early, on time, late, supplemented, returned, withdrawn), per unit (stages on time/late, complaints routed, answered late, overdue, ratings) and per staff member (stages on time/late, ratings); `format=csv|xlsx` exports' })
  @ApiProduces('application/json', 'text/csv', XLSX)
  @ApiOkResponse({ description: 'JSON by default; CSV or XLSX with `format`', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } }, [XLSX]: { schema: { type: 'string', format: 'binary' } } } })
  async statistics(@Query() q: StatisticsQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    const [year, month] = q.month.split('-').map(Number) as [number, number];
    const from = new Date(Date.UTC(year, month - 1, 1) - 7 * 3600_000).toISOString();
    const to = new Date(Date.UTC(year, month, 1) - 7 * 3600_000).toISOString();
    const now = new Date().toISOString();
    const stats = monthlyStatistics(await this.dossiers.activeIn(await this.reader(p), from, to), year, month, now < to ? now : to);
    if (!q.format || q.format === 'json') return stats;
    const columns: Column[] = [
      { header: 'scope', kind: 'text' }, { header: 'key', kind: 'text' }, { header: 'finished', kind: 'number' }, { header: 'early', kind: 'number' },
      { header: 'on_time', kind: 'number' }, { header: 'late', kind: 'number' }, { header: 'supplemented', kind: 'number' }, { header: 'returned', kind: 'number' },
      { header: 'withdrawn', kind: 'number' }, { header: 'apologies', kind: 'number' }, { header: 'late_without_timely_apology', kind: 'number' }, { header: 'stages_on_time', kind: 'number' }, { header: 'stages_late', kind: 'number' },
      { header: 'complaints_routed', kind: 'number' }, { header: 'complaints_answered_late', kind: 'number' }, { header: 'complaints_overdue', kind: 'number' },
      { header: 'average_rating', kind: 'number' },
    ];
    const procedureRows: Cell[][] = stats.procedures.map((r) => ['procedure', r.key, r.finished, r.early, r.onTime, r.late, r.supplemented, r.returned, r.withdrawn, r.apologies, r.lateWithoutTimelyApology, null, null, null, null, null, null]);
    const unitRows: Cell[][] = stats.units.map((u) => ['unit', u.unitId, null, null, null, null, null, null, null, null, null, u.stagesOnTime, u.stagesLate, u.complaintsRouted, u.complaintsAnsweredLate, u.complaintsOverdue, u.averageRating]);
    const staffRows: Cell[][] = stats.staff.map((x) => ['staff', x.staffId, null, null, null, null, null, null, null, null, null, x.stagesOnTime, x.stagesLate, null, null, null, x.averageRating]);
    const name = `dossier-statistics-${q.month}`;
    if (q.format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return toCsv(columns, [...procedureRows, ...unitRows, ...staffRows]);
    }
    const body = await toXlsx(columns, [{ name: 'Procedures', rows: procedureRows }, { name: 'Units', rows: unitRows }, { name: 'Staff', rows: staffRows }]);
    return new StreamableFile(body, { type: XLSX, disposition: `attachment; filename="${name}.xlsx"` });
  }

  @Get(':id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One dossier with its trail: stage by stage, time allowed, time used and who held it; supplement requests, apologies, feedback (ETag = stream version)' })
  @ApiOkResponse({ type: DossierViewResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<DossierView> {
    const row = await this.dossiers.findById(id);
    if (!row || !(await this.canRead(row.view, p, await this.reader(p)))) throw ruleError(DOSSIER_RULES.notFound, `No dossier ${id} in your scope`);
    withEtag(reply, row.version);
    return row.view;
  }

  /** The caller as a dossier reader: their own unit (staff of a unit the dossier went through see it) and their unit scope. */
  private async reader(p: Principal): Promise<DossierReader> {
    const who = await this.scope.actorFor(p);
    return { sub: p.sub, unitId: who.unitId, council: hasRole(p, 'council'), scope: this.scope.reader(p, 'hr', 'unit_head', 'inspector').scope };
  }

  /** The same rule as the list queries and seesDossier in the access policy. */
  private async canRead(v: DossierView, p: Principal, r: DossierReader): Promise<boolean> {
    if (r.council || v.involved.includes(r.sub)) return true;
    if (r.unitId !== null && v.units.includes(r.unitId)) return true;
    if (!r.scope.all && r.scope.units.length === 0) return false;
    for (const u of v.units) if (await this.scope.canSeeUnit(p, u)) return true;
    return false;
  }
}

/** The public status lookup by receipt code: no person, no internal unit staff. */
@ApiTags('dossiers')
@Controller('public/dossiers')
@ReadsModels('dossiers_v1')
export class PublicDossierController {
  constructor(@Inject(DossierQueries) private readonly dossiers: DossierQueries) {}

  @Get(':receiptCode')
  @Public()
  @ApiOperation({ summary: 'Status of a dossier by the code on its receipt (public): stage, appointment date, apologies, what is missing; no personal data' })
  @ApiOkResponse({ type: PublicDossierStatusResponse })
  async status(@Param('receiptCode') code: string): Promise<unknown> {
    const view = await this.dossiers.findByReceiptCode(code);
    if (!view) throw new HttpProblem(404, 'dossier.not_found', 'Not found', 'No dossier with this receipt code');
    return publicStatus(view);
  }
}

/** Erasure of an applicant's personal data (held apart from the events). */
@ApiTags('dossiers')
@Controller('dossier-applicants')
@CommandsReadModels('dossiers_v1')
export class ApplicantDataController {
  constructor(
    @Inject(ApplicantDataQueries) private readonly applicants: ApplicantDataQueries,
    @Inject(DossierQueries) private readonly dossiers: DossierQueries,
  ) {}

  @Delete(':ref')
  @Roles('hr')
  @CommandHeaders()
  @ApiOperation({
    summary: 'Erase what is held about an applicant (contact, feedback texts, complaint answers); the record keeps only the opaque reference and text digests, so no event changes and the hash chain is intact',
    description:
      'The erasure itself is recorded first (ApplicantDataErased: reference, entries, who, when; nothing personal), then the entries are deleted; a retry after a failure deletes what is left. ' +
      'Only hr whose unit scope covers every one-stop centre that received a dossier of the applicant (403 dossier.not_data_controller otherwise); ' +
      'a reference no dossier in the caller\'s scope carries is 404 dossier.applicant_not_found and nothing is recorded.',
  })
  @ApiOkResponse({ type: ErasedResponse })
  async erase(@Param('ref') ref: string, @Cmd() cmd: CommandCall): Promise<ErasedResponse> {
    const [held, centreUnitIds] = await Promise.all([this.applicants.of(ref), this.dossiers.centresOfApplicant(ref)]);
    const out = await cmd.run(applicantDecider, applicantStream(ref), applicantAccess, { type: 'EraseApplicantData', data: { applicantRef: ref, entries: held.length, centreUnitIds } });
    return { erased: await this.applicants.erase(ref), version: out.version };
  }
}


import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Body, Controller, Get, HttpCode, Inject, Logger, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NATIONAL_POLICIES, selectPolicy, type Policy } from '#classification';
import { cycleDecider, cycleStream, type CycleState } from '#domain';
import type { CyclePolicyChoice, EvaluationCategory } from '#domain';
import type { EvaluationCommand, ProposeClassification } from '#domain';
import { cycleAccess, evaluationAccess, EVALUATION_RULES, ruleError, seesCycle } from '#domain';
import { evaluationDecider, evaluationStream } from '#domain';
import { STAFF_CATEGORIES } from '#domain';
import { HttpProblem } from '#platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { CommandExecutor } from '../commands/command-executor.js';
import { ReadConsistency } from '../consistency/read-consistency.js';
import { ReadsModels } from '../consistency/reads-models.decorator.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import type { CommandInput } from '../commands/command-executor.js';
import { CreatedResponse, VersionResponse } from '../http/responses.js';
import { EvaluationResultQueries } from '#read-models';
import { ClassificationRuns } from './classification-runner.js';
import type { SkippedStaff } from './classify-cycle.js';

/** Staff per part of a streamed classification run: what the run holds at once (issue 17). */
const CLASSIFICATION_PART_STAFF = 2000;
/** Proposals the API thread holds at once: one batch, appended 8 at a time, before the next is asked for. */
const CLASSIFICATION_BATCH = 200;
import {
  AppealRequest,
  ClassificationRunRequest,
  ClassificationRunResponse,
  CycleResponse,
  DecisionsRequest,
  DecisionsResponse,
  GeneralCriteriaRequest,
  OpenCycleRequest,
  ResultsQuery,
  ResultsResponse,
  RevisionRequest,
  SelfAssessmentRequest,
} from './evaluation.dto.js';
import { resultsCsv, writeResultsXlsx, XLSX_CONTENT_TYPE, type ResultRow } from './results-export.js';

type OpenCycleState = Exclude<CycleState, { status: 'none' }>;

const POLICIES_BY_ID = new Map(NATIONAL_POLICIES.map((p) => [p.id, p]));
const GENERAL_CRITERIA_MAX = 30;
/** What the evaluation routes read: indicators, the directory and the results. */
// disciplinary_cases_v1: classification reads the decisions' consequences (discipline_consequences_v1).
const EVALUATION_COMMAND_READS = ['staff_indicators_v1', 'personnel_v1', 'evaluation_results_v1', 'inspections_v1', 'score_sheets_v1', 'disciplinary_cases_v1'] as const;

/**
 * Annual evaluation cycles: open, self-assessments, general criteria, the
 * classification run from the indicators, decisions, appeals, revisions, closure,
 * and the results with their explanation (CSV and XLSX too).
 */
@ApiTags('evaluation')
@ApiExtraModels(ResultsResponse)
@Controller('evaluation-cycles')
@ReadsModels(...EVALUATION_COMMAND_READS)
export class EvaluationCyclesController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(EvaluationResultQueries) private readonly resultQueries: EvaluationResultQueries,
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
    @Inject(ClassificationRuns) private readonly runs: ClassificationRuns,
  ) {}

  @Post()
  @Roles('hr')
  @ApiOperation({ summary: 'Open a cycle for a year and a unit subtree; the policy is chosen per staff category by assessment year unless one is given' })
  @ApiCreatedResponse({ type: CreatedResponse })
  open(@Body() body: OpenCycleRequest, @Cmd() cmd: CommandCall): Promise<CreatedResponse> {
    const cycleId = body.cycleId ?? cmd.newId();
    return cmd.run(
      cycleDecider,
      cycleStream(cycleId),
      cycleAccess,
      { type: 'OpenCycle', data: { cycleId, year: body.year, scopeUnitId: body.scopeUnitId, policies: choosePolicies(body.year, body.policyId) } },
      { id: cycleId, location: `/api/v1/evaluation-cycles/${cycleId}` },
    ) as Promise<CreatedResponse>;
  }

  @Get(':id')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'One cycle, with the policy fixed for each staff category' })
  @ApiOkResponse({ type: CycleResponse })
  async get(@Param('id') id: string, @CurrentPrincipal() p: Principal): Promise<CycleResponse> {
    const cycle = await this.readableCycle(id, p);
    return { id, year: cycle.year, scopeUnitId: cycle.scopeUnitId, status: cycle.status, policies: [...cycle.policies] };
  }

  @Post(':id/self-assessments')
  @HttpCode(200)
  @Roles('staff')
  @ApiOperation({ summary: 'The staff member submits their own self-assessment' })
  @ApiOkResponse({ type: VersionResponse })
  async selfAssess(@Param('id') id: string, @Body() body: SelfAssessmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const cycle = await this.cycleFor(id, cmd);
    await this.assertStaffInCycle(cycle, cmd.principal.sub);
    return this.evaluate(cycle, cmd.principal.sub, { type: 'SubmitSelfAssessment', data: { text: body.text, selfLevel: body.selfLevel ?? null } }, cmd);
  }

  @Post(':id/general-criteria')
  @HttpCode(200)
  @Roles('hr', 'unit_head')
  @ApiOperation({ summary: 'The assessor scores a staff member\'s general criteria (0..30)' })
  @ApiOkResponse({ type: VersionResponse })
  async score(@Param('id') id: string, @Body() body: GeneralCriteriaRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const cycle = await this.cycleFor(id, cmd);
    await this.assertStaffInCycle(cycle, body.staffId);
    return this.evaluate(cycle, body.staffId, { type: 'ScoreGeneralCriteria', data: { score: body.score, maxScore: GENERAL_CRITERIA_MAX, note: body.note ?? null } }, cmd);
  }

  @Post(':id/classification-runs')
  @HttpCode(200)
  @Roles('hr')
  @ApiOperation({
    summary: 'Classify everyone in the cycle from the indicators and append one ClassificationProposed per staff member (with the indicators and trace); a re-run on unchanged inputs appends nothing',
  })
  @ApiOkResponse({ type: ClassificationRunResponse })
  async classify(@Param('id') id: string, @Body() body: ClassificationRunRequest, @Cmd() cmd: CommandCall): Promise<ClassificationRunResponse> {
    const cycle = await this.cycleFor(id, cmd);
    const ctx = cmd.ctx;
    const who = await cmd.who();
    const runId = randomUUID();
    const outstandingUnits = Object.fromEntries((body.outstandingUnits ?? []).map((u) => [u.unitId, { share: u.share, decisionRef: u.decisionRef }]));
    // Streamed by unit subtree (issue 17): one part's inputs and results at a time, leaders after their units; between
    // parts only the heads' levels are kept. Computed in the classification worker (its own heap, README "Memory"),
    // which hands the proposals over a batch at a time; each batch is appended before the next is asked for.
    const batches = this.runs.batches({
      cycleId: id, year: cycle.year, scopeUnitId: cycle.scopeUnitId, policies: cycle.policies.map((c) => ({ category: c.category, policyId: c.policyId })),
      taskGroups: body.taskGroups ?? [], outstandingUnits, partStaff: CLASSIFICATION_PART_STAFF, batchSize: CLASSIFICATION_BATCH,
    });
    let classified = 0;
    let proposed = 0;
    let unchanged = 0;
    let last = 0n;
    const levels: Record<string, number> = {};
    const skipped: SkippedStaff[] = [];
    const refused: Array<{ staffId: string; code: string }> = [];
    for await (const batch of batches) {
      skipped.push(...batch.skipped);
      classified += batch.proposals.length;
      for (const p of batch.proposals) levels[p.level] = (levels[p.level] ?? 0) + 1;
      const queue = batch.proposals.slice();
      const worker = async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const command: CommandInput<ProposeClassification> = {
            type: 'ProposeClassification',
            data: {
              cycleId: id, staffId: p.staffId, cycleClosed: false, unitId: p.unitId, runId, level: p.level, score: p.score,
              policyId: p.policyId, policyVersion: p.policyVersion, indicators: p.indicators, trace: p.trace, fingerprint: p.fingerprint,
            },
          };
          try {
            const outcome = await this.repository.execute({
              decider: evaluationDecider,
              stream: evaluationStream(id, p.staffId),
              access: evaluationAccess,
              command,
              ctx: { ...ctx, ifMatch: undefined, idempotencyKey: undefined },
              who,
            });
            if (outcome.events.length) proposed++;
            else unchanged++;
            if (outcome.position > last) last = outcome.position;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (!code) throw error;
            refused.push({ staffId: p.staffId, code });
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
    }
    return { runId, classified, proposed, unchanged, levels, skipped, refused };
  }

  @Post(':id/decisions')
  @HttpCode(200)
  @Roles('hr')
  @ApiOperation({ summary: 'Decide classifications, individually or in bulk (no items: everyone with an undecided proposal, as proposed)' })
  @ApiOkResponse({ type: DecisionsResponse })
  async decide(@Param('id') id: string, @Body() body: DecisionsRequest, @Cmd() cmd: CommandCall): Promise<DecisionsResponse> {
    const cycle = await this.cycleFor(id, cmd);
    const ctx = cmd.ctx;
    const who = await cmd.who();
    let items = body.items;
    if (!items) {
      items = (await this.resultQueries.undecided(id)).map((staffId) => ({ staffId }));
    }
    const decided: Array<{ staffId: string; version: number }> = [];
    const refused: Array<{ staffId: string; code: string; detail: string }> = [];
    for (const item of items) {
      try {
        const outcome = await this.repository.execute({
          decider: evaluationDecider,
          stream: evaluationStream(id, item.staffId),
          access: evaluationAccess,
          command: {
            type: 'DecideClassification',
            data: { cycleId: id, staffId: item.staffId, cycleClosed: cycle.status === 'closed', level: item.level ?? null, decisionNo: body.decisionNo, basis: item.basis ?? body.basis ?? 'As proposed from the record' },
          },
          ctx: { ...ctx, ifMatch: undefined, idempotencyKey: undefined },
          who,
        });
        decided.push({ staffId: item.staffId, version: outcome.version });
      } catch (error) {
        const e = error as { code?: string; message?: string };
        if (!e.code) throw error;
        if (items.length === 1) throw error;
        refused.push({ staffId: item.staffId, code: e.code, detail: e.message ?? '' });
      }
    }
    return { decided, refused };
  }

  @Post(':id/appeals')
  @HttpCode(200)
  @Roles('staff')
  @ApiOperation({ summary: 'The staff member appeals the decided classification' })
  @ApiOkResponse({ type: VersionResponse })
  async appeal(@Param('id') id: string, @Body() body: AppealRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const cycle = await this.cycleFor(id, cmd);
    await this.assertStaffInCycle(cycle, cmd.principal.sub);
    return this.evaluate(cycle, cmd.principal.sub, { type: 'AppealClassification', data: { grounds: body.grounds } }, cmd);
  }

  @Post(':id/revisions')
  @HttpCode(200)
  @Roles('hr')
  @ApiOperation({ summary: 'Answer a pending appeal with the level after review (upheld or modified)' })
  @ApiOkResponse({ type: VersionResponse })
  async revise(@Param('id') id: string, @Body() body: RevisionRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    const cycle = await this.cycleFor(id, cmd);
    await this.assertStaffInCycle(cycle, body.staffId);
    return this.evaluate(cycle, body.staffId, { type: 'ReviseClassification', data: { level: body.level, decisionNo: body.decisionNo, reason: body.reason } }, cmd);
  }

  @Post(':id/closure')
  @HttpCode(200)
  @Roles('hr')
  @ApiOperation({ summary: 'Close the cycle: its evaluations accept no further change' })
  @ApiOkResponse({ type: VersionResponse })
  close(@Param('id') id: string, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return cmd.run(cycleDecider, cycleStream(id), cycleAccess, { type: 'CloseCycle', data: { cycleId: id } });
  }

  @Get(':id/results')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'Results with the explanation (rule trace and indicators); staff see their own; `format=csv|xlsx` exports' })
  @ApiProduces('application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'JSON by default; CSV or XLSX with `format`',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ResultsResponse) } },
      'text/csv': { schema: { type: 'string' } },
      [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
    },
  })
  async results(@Param('id') id: string, @Query() q: ResultsQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<ResultsResponse | string | StreamableFile> {
    const items = await this.resultRows(id, q, p);
    if (q.format === 'csv' || q.format === 'xlsx') return this.export(id, items, q.format, reply, q.sheets === 'unit');
    return { cycleId: id, items };
  }

  @Get(':id/results.csv')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'Results as CSV (UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'UTF-8 CSV with a BOM', content: { 'text/csv': { schema: { type: 'string' } } } })
  async resultsCsv(@Param('id') id: string, @Query() q: ResultsQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | StreamableFile> {
    return this.export(id, await this.resultRows(id, q, p), 'csv', reply);
  }

  @Get(':id/results.xlsx')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'Results as an XLSX workbook' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'An XLSX workbook', content: { [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async resultsXlsx(@Param('id') id: string, @Query() q: ResultsQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<string | StreamableFile> {
    return this.export(id, await this.resultRows(id, q, p), 'xlsx', reply, q.sheets === 'unit');
  }

  private export(id: string, items: ResultRow[], format: 'csv' | 'xlsx', reply: FastifyReply, sheetPerUnit = false): string | StreamableFile {
    const name = `evaluation-${id}-results`;
    if (format === 'csv') {
      void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`);
      return resultsCsv(items);
    }
    // Streamed: exceljs writes each row into the response as it goes.
    const body = new PassThrough();
    writeResultsXlsx(body, items, { sheetPerUnit }).catch((error: unknown) => {
      new Logger('ResultsExport').error(error);
      body.destroy(error as Error);
    });
    return new StreamableFile(body, { type: XLSX_CONTENT_TYPE, disposition: `attachment; filename="${name}.xlsx"` });
  }

  private async resultRows(id: string, q: ResultsQuery, p: Principal): Promise<ResultRow[]> {
    const cycle = await this.readableCycle(id, p);
    const scoped = hasRole(p, 'hr', 'unit_head', 'inspector') && (await this.scope.canSeeUnit(p, cycle.scopeUnitId));
    const who = scoped ? { scope: this.scope.unitScope(p) } : { staffId: p.sub };
    return this.resultQueries.results(id, { ...who, unitId: q.unitId, level: q.level });
  }

  /** A cycle the caller may read: its scope unit in the caller's scope, or a staff member reading their own rows. 404 otherwise. */
  private async readableCycle(id: string, p: Principal): Promise<OpenCycleState> {
    const { state } = await this.repository.load(cycleDecider, cycleStream(id));
    if (state.status === 'none') throw cycleNotFound(id);
    const sees = hasRole(p, 'hr', 'unit_head', 'inspector') && (await this.scope.canSeeUnit(p, state.scopeUnitId));
    if (!sees && !hasRole(p, 'staff')) throw cycleNotFound(id);
    return state;
  }

  /**
   * The cycle a command acts in, if the caller may see it (cycle.access.ts `seesCycle`);
   * 404 otherwise, as for an id never used. Evaluation commands decide from the indicators
   * of everyone in the cycle, not only from the caller's writes: the read models must reach
   * everything recorded so far (the same bounded wait as every read).
   */
  private async cycleFor(id: string, cmd: CommandCall): Promise<OpenCycleState> {
    await this.consistency.awaitHead(EVALUATION_COMMAND_READS);
    const { state } = await this.repository.load(cycleDecider, cycleStream(id));
    if (!seesCycle(await cmd.who(), state)) throw ruleError(EVALUATION_RULES.cycleNotFound, 'No such evaluation cycle in your scope');
    return state;
  }

  /** A fact the command needs: the person is in the units the cycle covers (who may act on them is evaluation.access.ts). */
  private async assertStaffInCycle(cycle: OpenCycleState, staffId: string): Promise<void> {
    const row = await this.resultQueries.staffInCycle(staffId, cycle.scopeUnitId);
    if (!row) throw ruleError(EVALUATION_RULES.hiddenStaff, 'No such staff member in your scope');
    if (!row.inCycle) throw ruleError(EVALUATION_RULES.staffNotInCycle, 'The person is not in the units this cycle covers');
  }

  private evaluate(
    cycle: OpenCycleState,
    staffId: string,
    command: { type: EvaluationCommand['type']; data: Record<string, unknown> },
    cmd: CommandCall,
  ): Promise<VersionResponse> {
    const data = { ...command.data, cycleId: cycle.cycleId, staffId, cycleClosed: cycle.status === 'closed' };
    return cmd.run(evaluationDecider, evaluationStream(cycle.cycleId, staffId), evaluationAccess, { type: command.type, data } as CommandInput<EvaluationCommand>);
  }
}

function cycleNotFound(id: string): HttpProblem {
  return new HttpProblem(404, 'evaluation.cycle_not_found', 'Not found', `No evaluation cycle ${id} in your scope`);
}

/** The policy per category: the given one where it covers the category, else the one in force for the year. */
function choosePolicies(year: number, policyId: string | undefined): CyclePolicyChoice[] {
  if (policyId) {
    const policy: Policy | undefined = POLICIES_BY_ID.get(policyId);
    if (!policy) throw ruleError(EVALUATION_RULES.unknownPolicy, `No policy ${policyId}`, [{ field: 'policyId', message: 'is not a known policy' }]);
    return [...new Set(policy.scope.map((s) => s.category))].map((category) => ({ category, policyId: policy.id, policyVersion: policy.version, chosenBy: 'given' as const }));
  }
  const out: CyclePolicyChoice[] = [];
  for (const category of STAFF_CATEGORIES as readonly EvaluationCategory[]) {
    const policy = selectPolicy(NATIONAL_POLICIES, { year, category });
    if (policy) out.push({ category, policyId: policy.id, policyVersion: policy.version, chosenBy: 'selected' });
  }
  return out;
}

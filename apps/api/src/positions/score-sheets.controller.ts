import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { POSITIONS_RULES, ruleError, scoreSheetAccess, scoreSheetDecider, scoreSheetStream, seesScoreSheet, type ScoreSheetCommand } from '#domain';
import { PositionQueries, ScoreSheetQueries, type ScoreSheetRow, type SheetFilter } from '#read-models';
import { HttpProblem } from '#platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { Cmd, type CommandCall } from '../commands/command-call.js';
import { CommandExecutor, type CommandInput } from '../commands/command-executor.js';
import { CommandsReadModels, ReadsModels } from '../consistency/reads-models.decorator.js';
import { CommandHeaders } from '../http/command-headers.js';
import { VersionResponse } from '../http/responses.js';
import { XLSX_CONTENT_TYPE } from '../evaluation/results-export.js';
import { exportRows, kpiRows } from './kpi-export.js';
import {
  BulkConfirmRequest,
  BulkConfirmResponse,
  ConfirmSheetRequest,
  ContestSheetRequest,
  DraftSheetsRequest,
  DraftSheetsResponse,
  KpiQuery,
  KpiResponse,
  PERIOD,
  ReviseSheetRequest,
  SheetDetailResponse,
  SheetListResponse,
  SheetListQuery,
  SheetSelfAssessmentRequest,
  SheetsQuery,
} from './positions.dto.js';
import { draftSheets } from './sheet-drafting.js';

const EXPORT_CONTENT = (schema: string) => ({
  'application/json': { schema: { $ref: getSchemaPath(schema) } },
  'text/csv': { schema: { type: 'string' } },
  [XLSX_CONTENT_TYPE]: { schema: { type: 'string', format: 'binary' } },
});

/**
 * Period score sheets (monthly by default): drafts computed from the record with the
 * catalogue in force in the period, the staff member's self-assessment, the manager's
 * confirmation with reasoned adjustments (one by one, or a unit's drafts in bulk),
 * publication, contest within the window and recorded revisions; and the KPI views
 * read from them, with CSV/XLSX export. Who may act: score-sheet.access.ts.
 */
@ApiTags('score-sheets')
@ApiExtraModels(SheetListResponse, KpiResponse)
@Controller()
@ReadsModels('score_sheets_v1', 'positions_v1', 'personnel_v1')
@CommandsReadModels('score_sheets_v1', 'positions_v1', 'personnel_v1')
export class ScoreSheetsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(PositionQueries) private readonly positions: PositionQueries,
    @Inject(ScoreSheetQueries) private readonly sheets: ScoreSheetQueries,
    @Inject(CommandExecutor) private readonly executor: CommandExecutor,
  ) {}

  @Post('score-sheets/drafts')
  @HttpCode(200)
  @Roles('hr', 'unit_head')
  @ApiOperation({
    summary: 'Compute (or recompute) the draft sheet of everyone whose main position is in a unit subtree for a period, from the work record and the catalogue in force then',
    description: 'A sheet already confirmed is left alone (it changes only by a recorded revision) and listed in `confirmedAlready`.',
  })
  @ApiOkResponse({ type: DraftSheetsResponse })
  async draft(@Body() b: DraftSheetsRequest, @Cmd() cmd: CommandCall): Promise<DraftSheetsResponse> {
    await this.scope.assertUnitInScope(cmd.principal, b.unitId);
    return draftSheets({ positions: this.positions, sheets: this.sheets, executor: this.executor }, b, cmd.ctx, await cmd.who());
  }

  @Post('score-sheets/confirmations')
  @HttpCode(200)
  @Roles('hr', 'unit_head')
  @ApiOperation({ summary: 'A unit head confirms every draft sheet of their unit subtree for a period, as computed; refusals are listed per person' })
  @ApiOkResponse({ type: BulkConfirmResponse })
  async confirmAll(@Body() b: BulkConfirmRequest, @Cmd() cmd: CommandCall): Promise<BulkConfirmResponse> {
    await this.scope.assertUnitInScope(cmd.principal, b.unitId);
    const who = await cmd.who();
    const confirmed: BulkConfirmResponse['confirmed'] = [];
    const refused: BulkConfirmResponse['refused'] = [];
    for (const staffId of await this.sheets.drafts(b.unitId, b.period)) {
      try {
        const outcome = await this.executor.execute({
          decider: scoreSheetDecider,
          stream: scoreSheetStream(staffId, b.period),
          access: scoreSheetAccess,
          command: { type: 'ConfirmScoreSheet', data: { staffId, period: b.period, adjustments: [], objectiveCauses: [] } },
          ctx: { ...cmd.ctx, ifMatch: undefined, idempotencyKey: undefined },
          who,
        });
        cmd.headers(outcome.version, outcome.position);
        confirmed.push({ staffId, version: outcome.version });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (!code) throw error;
        refused.push({ staffId, code });
      }
    }
    return { confirmed, refused };
  }

  @Post('score-sheets/:staffId/:period/self-assessment')
  @HttpCode(200)
  @Roles('staff')
  @CommandHeaders()
  @ApiOperation({ summary: 'The staff member\'s self-assessment of their draft sheet (comment and, optionally, the points they claim)' })
  @ApiOkResponse({ type: VersionResponse })
  selfAssess(@Param('staffId') staffId: string, @Param('period') period: string, @Body() b: SheetSelfAssessmentRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return this.run(staffId, period, { type: 'SelfAssessScoreSheet', data: { comment: b.comment, selfPoints: b.selfPoints ?? null } }, cmd);
  }

  @Post('score-sheets/:staffId/:period/confirmation')
  @HttpCode(200)
  @Roles('hr', 'unit_head')
  @CommandHeaders()
  @ApiOperation({ summary: 'The manager confirms the sheet, with adjustments (points, reason, rule each) and objective causes; confirming twice is 409 scoresheet.already_confirmed' })
  @ApiOkResponse({ type: VersionResponse })
  confirm(@Param('staffId') staffId: string, @Param('period') period: string, @Body() b: ConfirmSheetRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return this.run(staffId, period, { type: 'ConfirmScoreSheet', data: { adjustments: b.adjustments ?? [], objectiveCauses: b.objectiveCauses ?? [] } }, cmd);
  }

  @Post('score-sheets/:staffId/:period/publication')
  @HttpCode(200)
  @Roles('hr', 'unit_head')
  @CommandHeaders()
  @ApiOperation({ summary: 'Publish a confirmed sheet; the contest window opens' })
  @ApiOkResponse({ type: VersionResponse })
  publish(@Param('staffId') staffId: string, @Param('period') period: string, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return this.run(staffId, period, { type: 'PublishScoreSheet', data: {} }, cmd);
  }

  @Post('score-sheets/:staffId/:period/contest')
  @HttpCode(200)
  @Roles('staff')
  @CommandHeaders()
  @ApiOperation({ summary: 'The staff member contests a published sheet within the window' })
  @ApiOkResponse({ type: VersionResponse })
  contest(@Param('staffId') staffId: string, @Param('period') period: string, @Body() b: ContestSheetRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return this.run(staffId, period, { type: 'ContestScoreSheet', data: { grounds: b.grounds } }, cmd);
  }

  @Post('score-sheets/:staffId/:period/revisions')
  @HttpCode(200)
  @Roles('hr', 'unit_head')
  @CommandHeaders()
  @ApiOperation({ summary: 'A recorded revision of a confirmed or published sheet (answers a pending contest)' })
  @ApiOkResponse({ type: VersionResponse })
  revise(@Param('staffId') staffId: string, @Param('period') period: string, @Body() b: ReviseSheetRequest, @Cmd() cmd: CommandCall): Promise<VersionResponse> {
    return this.run(staffId, period, { type: 'ReviseScoreSheet', data: { reason: b.reason, adjustments: b.adjustments ?? [], objectiveCauses: b.objectiveCauses ?? [] } }, cmd);
  }

  @Get('score-sheets')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'Score sheets in your scope (staff: their own), with the rank in the task group; `format=csv|xlsx` exports' })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'JSON by default; CSV or XLSX with `format`', content: EXPORT_CONTENT('SheetListResponse') })
  async list(@Query() q: SheetListQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<SheetListResponse | string | StreamableFile> {
    if (q.format === 'csv' || q.format === 'xlsx') return exportRows('sheets', await this.visibleSheets(q, p), q.format, reply, `score-sheets-${q.period ?? q.year ?? 'all'}`);
    const filter = await this.sheetFilter(q, p);
    if (!filter) return { items: [], nextCursor: null };
    return this.sheets.page(filter, { cursor: q.cursor, limit: q.limit ?? 200 });
  }

  @Get('score-sheets/:staffId/:period')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'One sheet with its lines (per product: units, points, deductions) and adjustments' })
  @ApiOkResponse({ type: SheetDetailResponse })
  async get(@Param('staffId') staffId: string, @Param('period') period: string, @CurrentPrincipal() p: Principal): Promise<SheetDetailResponse> {
    if (!PERIOD.test(period)) throw ruleError(POSITIONS_RULES.sheetNotFound, 'No such score sheet in your scope');
    const [row] = await this.visibleSheets({ staffId, period }, p);
    const detail = row ? await this.sheets.detail(staffId, period) : null;
    if (!row || !detail) throw ruleError(POSITIONS_RULES.sheetNotFound, 'No such score sheet in your scope');
    return { ...row, lines: detail.lines as SheetDetailResponse['lines'], adjustments: detail.adjustments as SheetDetailResponse['adjustments'] };
  }

  @Get('kpi')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({
    summary: 'KPI per staff member, position or unit subtree and period: converted output, on-time share, quality share, task points, rank within the task group; `format=csv|xlsx` exports',
  })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: 'JSON by default; CSV or XLSX with `format`', content: EXPORT_CONTENT('KpiResponse') })
  async kpi(@Query() q: KpiQuery, @CurrentPrincipal() p: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<KpiResponse | string | StreamableFile> {
    const groupBy = q.groupBy ?? 'staff';
    const items = kpiRows(await this.visibleSheets(q, p), groupBy, q.unitId ?? 'all');
    if (q.format === 'csv' || q.format === 'xlsx') return exportRows('kpi', items, q.format, reply, `kpi-${groupBy}-${q.period ?? q.year ?? 'all'}`);
    return { groupBy, items };
  }

  /** Sheets the caller may read: managers and inspectors their unit scope, staff their own. */
  private async visibleSheets(q: SheetsQuery, p: Principal): Promise<ScoreSheetRow[]> {
    const filter = await this.sheetFilter(q, p);
    return filter ? this.sheets.sheets(filter) : [];
  }

  /** The caller's filter, or null when a staff member asks for someone else's sheets. */
  private async sheetFilter(q: SheetsQuery, p: Principal): Promise<SheetFilter | null> {
    const scoped = hasRole(p, 'hr', 'unit_head', 'inspector');
    if (q.unitId && scoped && !(await this.scope.canSeeUnit(p, q.unitId))) throw new HttpProblem(404, 'unit.not_found', 'Not found', `No unit ${q.unitId} in your scope`);
    if (!scoped && q.staffId && q.staffId !== p.sub) return null;
    return {
      scope: scoped ? this.scope.unitScope(p) : { all: true, units: [] },
      staffId: scoped ? q.staffId : p.sub,
      period: q.period,
      year: q.year,
      unitId: q.unitId,
      positionId: q.positionId,
      status: q.status,
    };
  }

  private async run(staffId: string, period: string, command: { type: ScoreSheetCommand['type']; data: Record<string, unknown> }, cmd: CommandCall): Promise<VersionResponse> {
    if (!PERIOD.test(period)) throw ruleError(POSITIONS_RULES.sheetNotFound, 'No such score sheet in your scope');
    // The sheet must be visible before anything else is said about it (seesScoreSheet; the access policy answers the capacity).
    const { state } = await this.executor.load(scoreSheetDecider, scoreSheetStream(staffId, period));
    if (!seesScoreSheet(await cmd.who(), state)) throw ruleError(POSITIONS_RULES.sheetNotFound, 'No such score sheet in your scope');
    return cmd.run(scoreSheetDecider, scoreSheetStream(staffId, period), scoreSheetAccess, { type: command.type, data: { ...command.data, staffId, period } } as CommandInput<ScoreSheetCommand>);
  }
}

import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { EXCUSED_SIGNAL, IndicatorQueries, serviceMonths } from '#read-models';
import { HttpProblem } from '#platform';
import { ReadsModels } from '../consistency/reads-models.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { StaffIndicatorsResponse, UnitIndicatorsResponse, WatchlistResponse } from './indicators.dto.js';

export class IndicatorsQuery {
  @ApiPropertyOptional({ example: 2026, description: 'Defaults to the current year' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 12 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(12) month?: number;
}

export class WatchlistQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._:-]{1,100}$/) unitId?: string;
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, description: 'Page size; default 50' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

/** The instant work is judged "past due" against: now, or the end of a past year. */
function asOf(year: number): Date {
  const end = new Date(Date.UTC(year + 1, 0, 1) - 7 * 3600_000);
  const now = new Date();
  return now < end ? now : end;
}

/** Per staff member: monthly and yearly indicators. */
@ApiTags('indicators')
@Controller('staff')
@ReadsModels('staff_indicators_v1', 'personnel_v1', 'inspections_v1')
export class StaffIndicatorsController {
  constructor(
    @Inject(ScopeService) private readonly scope: ScopeService,
    @Inject(IndicatorQueries) private readonly indicators: IndicatorQueries,
  ) {}

  @Get(':id/indicators')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'Indicators of one staff member for a year (or one month): work due, completed, on time, quality, handoffs, consultations, commendations, discipline, months worked, leave, leadership. Staff see their own.' })
  @ApiOkResponse({ type: StaffIndicatorsResponse })
  async staff(@Param('id') id: string, @Query() q: IndicatorsQuery, @CurrentPrincipal() p: Principal): Promise<StaffIndicatorsResponse> {
    const year = q.year ?? new Date().getUTCFullYear();
    const at = asOf(year).toISOString();
    // One statement reads the staff member, the period, the excused delays and the presence
    // checks; nothing of it is answered before the scope check.
    const { staff: s, totals, months, openPastDue, disciplinaryDecisions, excusedDelays, presenceChecks: presence } = await this.indicators.staffPeriod(id, { year, month: q.month }, at);
    if (!s || !(await this.scope.canSeeStaff(p, { id, unitId: s.unit_id }, 'hr', 'unit_head', 'inspector'))) {
      throw new HttpProblem(404, 'staff.not_found', 'Not found', `No staff ${id} in your scope`);
    }
    const presenceChecks = presence
      .filter((c) => !q.month || (c.checkedAt !== null && monthInVietnam(c.checkedAt) === q.month))
      .map(({ staffId: _s, ...c }) => c);
    const service = serviceMonths(year, s.joined_on, s.left_on, s.leaves);
    const yearStart = `${year}-01-01`;
    const yearEnd = `${year}-12-31`;
    return {
      staffId: id,
      unitId: s.unit_id,
      category: s.category,
      year,
      ...(q.month ? { month: q.month } : {}),
      totals,
      months,
      openPastDue: { asOf: at, ...openPastDue },
      disciplinaryDecisions,
      excusedDelays,
      presenceChecks,
      monthsWorked: service.monthsWorked,
      leaveMonths: service.leaveMonths,
      leadership: s.posts.filter((post) => post.from <= yearEnd && (post.to === null || post.to >= yearStart)),
    };
  }
}

/** Per unit: the aggregate of its whole subtree (unit heads are answerable for it). */
@ApiTags('indicators')
@Controller('units')
@ReadsModels('staff_indicators_v1', 'personnel_v1')
export class IndicatorsController {
  constructor(@Inject(ScopeService) private readonly scope: ScopeService, @Inject(IndicatorQueries) private readonly indicators: IndicatorQueries) {}

  @Get(':id/indicators')
  @Roles('hr', 'unit_head', 'inspector')
  @ApiOperation({ summary: 'Indicators of a unit and its subtree for a year: totals, by month, by staff member, open work past due' })
  @ApiOkResponse({ type: UnitIndicatorsResponse })
  async unit(@Param('id') id: string, @Query() q: IndicatorsQuery, @CurrentPrincipal() p: Principal): Promise<UnitIndicatorsResponse> {
    if (!(await this.scope.canSeeUnit(p, id))) throw new HttpProblem(404, 'unit.not_found', 'Not found', `No unit ${id} in your scope`);
    const year = q.year ?? new Date().getUTCFullYear();
    const period = await this.indicators.unitPeriod(id, { year, month: q.month }, asOf(year).toISOString());
    return { unitId: id, year, ...(q.month ? { month: q.month } : {}), ...period };
  }
}

export const WATCHLIST_NOTICE =
  'Avoidance signals are evidence to look at, never a verdict: each count links to the recorded events behind it, which have to be read in context (a handoff or an extension can be entirely justified).';

/** Staff ranked by avoidance signals, each with the events behind it. */
@ApiTags('indicators')
@Controller('watchlist')
@ReadsModels('staff_indicators_v1', 'personnel_v1')
export class WatchlistController {
  constructor(@Inject(ScopeService) private readonly scope: ScopeService, @Inject(IndicatorQueries) private readonly indicators: IndicatorQueries) {}

  @Get()
  @Roles('inspector', 'hr', 'unit_head')
  @ApiOperation({
    summary: 'Avoidance watchlist: staff ranked by the number of avoidance signals in a year',
    description: `${WATCHLIST_NOTICE} Signals: handoffs the holder made to push their own work away (a manager routing work within the unit they lead is not one), ping-pong, missed deadlines (charged to whoever held the work when the date passed, never to someone who received it already late; one an inspection found had an objective cause is not counted but listed under excusedDelays with the finding as excusedBy), declines, deadline extensions, consultations within own authority or of unrelated parties, late or no-position answers, dossiers returned to applicants more than once, open work past due (with its age; charged to whoever held it when its date passed).`,
  })
  @ApiOkResponse({ type: WatchlistResponse })
  async watchlist(@Query() q: WatchlistQuery, @CurrentPrincipal() p: Principal): Promise<WatchlistResponse> {
    const year = q.year ?? new Date().getUTCFullYear();
    const limit = q.limit ?? 50;
    if (q.unitId && !(await this.scope.canSeeUnit(p, q.unitId))) throw new HttpProblem(404, 'unit.not_found', 'Not found', `No unit ${q.unitId} in your scope`);
    const rows = await this.indicators.watchlistSignals(year, asOf(year).toISOString(), { unitId: q.unitId }, this.scope.unitScope(p));
    type Entry = { staffId: string; unitId: string; total: number; signals: Array<{ signal: string; count: number; events: Array<Record<string, unknown>> }>; excusedDelays: Array<Record<string, unknown>> };
    const byStaff = new Map<string, Entry>();
    for (const r of rows) {
      let entry = byStaff.get(r.staffId);
      if (!entry) byStaff.set(r.staffId, (entry = { staffId: r.staffId, unitId: r.unitId, total: 0, signals: [], excusedDelays: [] }));
      // A missed deadline excused by an objective-cause finding is not a signal: listed with the finding, never counted.
      if (r.signal === EXCUSED_SIGNAL) entry.excusedDelays.push(...r.events.slice(0, 50));
      else {
        entry.total += r.count;
        entry.signals.push({ signal: r.signal, count: r.count, events: r.events.slice(0, 50) });
      }
    }
    const items = [...byStaff.values()]
      .filter((e) => e.total > 0)
      .map((e) => ({ ...e, signals: e.signals.sort((a, b) => b.count - a.count || a.signal.localeCompare(b.signal)) }))
      .sort((a, b) => b.total - a.total || a.staffId.localeCompare(b.staffId))
      .slice(0, limit)
      .map((e, i) => ({ rank: i + 1, ...e }));
    return { notice: WATCHLIST_NOTICE, year, unitId: q.unitId ?? null, items };
  }
}

/** The month (1-12) of an instant in Vietnam time (UTC+7, no daylight saving). */
function monthInVietnam(instant: string): number {
  return new Date(Date.parse(instant) + 7 * 3_600_000).getUTCMonth() + 1;
}

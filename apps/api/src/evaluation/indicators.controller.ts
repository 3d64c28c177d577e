import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import pg from 'pg';
import { serviceMonths, type LeaveSpan } from '#read-models';
import { HttpProblem } from '#platform';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import type { Principal } from '../auth/principal.js';
import { Roles } from '../auth/roles.decorator.js';
import { ScopeService } from '../auth/scope.service.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';

export class IndicatorsQuery {
  @ApiPropertyOptional({ example: 2026, description: 'Defaults to the current year' }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 12 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(12) month?: number;
}

export class WatchlistQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._:-]{1,100}$/) unitId?: string;
  @ApiPropertyOptional({ example: 2026 }) @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

const SUMS = `COALESCE(sum(assigned), 0)::int AS assigned, COALESCE(sum(completed), 0)::int AS completed,
  COALESCE(sum(completed_on_time), 0)::int AS "completedOnTime", COALESCE(sum(on_time_meeting_quality), 0)::int AS "onTimeMeetingQuality",
  COALESCE(sum(late), 0)::int AS late, COALESCE(sum(quality_exceeded), 0)::int AS "qualityExceeded", COALESCE(sum(quality_met), 0)::int AS "qualityMet",
  COALESCE(sum(quality_below), 0)::int AS "qualityBelow", COALESCE(sum(handoffs_initiated), 0)::int AS "handoffsInitiated",
  COALESCE(sum(handoffs_received), 0)::int AS "handoffsReceived", COALESCE(sum(ping_pong), 0)::int AS "pingPong", COALESCE(sum(declines), 0)::int AS declines,
  COALESCE(sum(extensions), 0)::int AS extensions, COALESCE(sum(consultations_within_authority), 0)::int AS "consultationsWithinOwnAuthority",
  COALESCE(sum(consultations_unrelated_party), 0)::int AS "consultationsOfUnrelatedParties", COALESCE(sum(consultations_answered_late), 0)::int AS "consultationsAnsweredLate",
  COALESCE(sum(consultations_no_position), 0)::int AS "consultationsWithNoPosition", COALESCE(sum(dossiers_returned_repeat), 0)::int AS "dossiersReturnedMoreThanOnce",
  COALESCE(sum(commendations), 0)::int AS commendations`;

const REASONS = (column: string) =>
  `(SELECT COALESCE(jsonb_object_agg(k, n), '{}') FROM (SELECT k, sum(v::int)::int AS n FROM rows, jsonb_each_text(${column}) AS e(k, v) GROUP BY k) x)`;

/** The instant work is judged "past due" against: now, or the end of a past year. */
function asOf(year: number): Date {
  const end = new Date(Date.UTC(year + 1, 0, 1) - 7 * 3600_000);
  const now = new Date();
  return now < end ? now : end;
}

/** Per staff member: monthly and yearly indicators. */
@ApiTags('indicators')
@Controller('staff')
export class StaffIndicatorsController {
  constructor(@Inject(ScopeService) private readonly scope: ScopeService, @Inject(PG_POOL) private readonly pool: pg.Pool) {}

  @Get(':id/indicators')
  @Roles('hr', 'unit_head', 'inspector', 'staff')
  @ApiOperation({ summary: 'Indicators of one staff member for a year (or one month): work due, completed, on time, quality, handoffs, consultations, commendations, discipline, months worked, leave, leadership. Staff see their own.' })
  async staff(@Param('id') id: string, @Query() q: IndicatorsQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    const year = q.year ?? new Date().getUTCFullYear();
    const { rows: staffRows } = await this.pool.query<{ unit_id: string; category: string; joined_on: string; left_on: string | null; leaves: LeaveSpan[]; posts: Array<{ role: string; unitId: string; from: string; to: string | null }> }>(
      `SELECT unit_id, category, to_char(joined_on, 'YYYY-MM-DD') AS joined_on, to_char(left_on, 'YYYY-MM-DD') AS left_on, leaves, posts FROM indicator_staff_v1 WHERE staff_id = $1`,
      [id],
    );
    const s = staffRows[0];
    if (!s || !(await this.scope.canSeeStaff(p, { id, unitId: s.unit_id }, 'hr', 'unit_head', 'inspector'))) {
      throw new HttpProblem(404, 'staff.not_found', 'Not found', `No staff ${id} in your scope`);
    }
    const monthFilter = q.month ? ' AND month = $3' : '';
    const params = q.month ? [id, year, q.month] : [id, year];
    const [totals, months, open, discipline] = await Promise.all([
      this.pool.query(
        `WITH rows AS (SELECT * FROM staff_indicators_v1 WHERE staff_id = $1 AND year = $2${monthFilter})
         SELECT ${SUMS}, ${REASONS('handoffs_initiated_by_reason')} AS "handoffsInitiatedByReason", ${REASONS('handoffs_received_by_reason')} AS "handoffsReceivedByReason" FROM rows`,
        params,
      ),
      this.pool.query(
        `WITH rows AS (SELECT * FROM staff_indicators_v1 WHERE staff_id = $1 AND year = $2${monthFilter}) SELECT month, ${SUMS} FROM rows GROUP BY month ORDER BY month`,
        params,
      ),
      this.pool.query(
        `SELECT count(*)::int AS count, COALESCE(max(extract(epoch FROM ($2::timestamptz - due_at)) / 86400), 0)::float8 AS "oldestDays",
                COALESCE(jsonb_agg(jsonb_build_object('assignmentId', assignment_id, 'dueAt', due_at, 'streamId', stream_id) ORDER BY due_at) FILTER (WHERE assignment_id IS NOT NULL), '[]') AS items
           FROM indicator_assignments_v1 WHERE COALESCE(missed_by, holder) = $1 AND status = 'open' AND due_at < $2`,
        [id, asOf(year).toISOString()],
      ),
      this.pool.query(
        `SELECT case_id AS "caseId", form, decision_no AS "decisionNo", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", related_to_duties AS "relatedToDuties",
                decision_stream AS "streamId", decision_revision::int AS revision
           FROM indicator_discipline_v1 WHERE subject_id = $1 AND form IS NOT NULL AND NOT annulled AND extract(year FROM effective_from) = $2`,
        [id, year],
      ),
    ]);
    const service = serviceMonths(year, s.joined_on, s.left_on, s.leaves);
    const yearStart = `${year}-01-01`;
    const yearEnd = `${year}-12-31`;
    return {
      staffId: id,
      unitId: s.unit_id,
      category: s.category,
      year,
      ...(q.month ? { month: q.month } : {}),
      totals: totals.rows[0],
      months: months.rows,
      openPastDue: { asOf: asOf(year).toISOString(), ...open.rows[0] },
      disciplinaryDecisions: discipline.rows,
      monthsWorked: service.monthsWorked,
      leaveMonths: service.leaveMonths,
      leadership: s.posts.filter((post) => post.from <= yearEnd && (post.to === null || post.to >= yearStart)),
    };
  }
}

/** Per unit: the aggregate of its whole subtree (unit heads are answerable for it). */
@ApiTags('indicators')
@Controller('units')
export class IndicatorsController {
  constructor(@Inject(ScopeService) private readonly scope: ScopeService, @Inject(PG_POOL) private readonly pool: pg.Pool) {}

  @Get(':id/indicators')
  @Roles('hr', 'unit_head', 'inspector')
  @ApiOperation({ summary: 'Indicators of a unit and its subtree for a year: totals, by month, by staff member, open work past due' })
  async unit(@Param('id') id: string, @Query() q: IndicatorsQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    if (!(await this.scope.canSeeUnit(p, id))) throw new HttpProblem(404, 'unit.not_found', 'Not found', `No unit ${id} in your scope`);
    const year = q.year ?? new Date().getUTCFullYear();
    const pattern = `%/${id.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`;
    const members = `SELECT s.staff_id FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE u.path LIKE $1`;
    const monthFilter = q.month ? ' AND month = $3' : '';
    const params = q.month ? [pattern, year, q.month] : [pattern, year];
    const rowsCte = `WITH rows AS (SELECT * FROM staff_indicators_v1 WHERE year = $2${monthFilter} AND staff_id IN (${members}))`;
    const [totals, months, byStaff, open, staffCount] = await Promise.all([
      this.pool.query(`${rowsCte} SELECT ${SUMS}, ${REASONS('handoffs_initiated_by_reason')} AS "handoffsInitiatedByReason" FROM rows`, params),
      this.pool.query(`${rowsCte} SELECT month, ${SUMS} FROM rows GROUP BY month ORDER BY month`, params),
      this.pool.query(`${rowsCte} SELECT staff_id AS "staffId", ${SUMS} FROM rows GROUP BY staff_id ORDER BY staff_id LIMIT 2000`, params),
      this.pool.query(
        `SELECT count(*)::int AS count, COALESCE(max(extract(epoch FROM ($2::timestamptz - due_at)) / 86400), 0)::float8 AS "oldestDays"
           FROM indicator_assignments_v1 WHERE status = 'open' AND due_at < $2 AND COALESCE(missed_by, holder) IN (${members})`,
        [pattern, asOf(year).toISOString()],
      ),
      this.pool.query(`SELECT count(*)::int AS n FROM (${members}) m`, [pattern]),
    ]);
    return { unitId: id, year, ...(q.month ? { month: q.month } : {}), staffCount: staffCount.rows[0]?.n ?? 0, totals: totals.rows[0], months: months.rows, openPastDue: open.rows[0], byStaff: byStaff.rows };
  }
}

export const WATCHLIST_NOTICE =
  'Avoidance signals are evidence to look at, never a verdict: each count links to the recorded events behind it, which have to be read in context (a handoff or an extension can be entirely justified).';

/** Staff ranked by avoidance signals, each with the events behind it. */
@ApiTags('indicators')
@Controller('watchlist')
export class WatchlistController {
  constructor(@Inject(ScopeService) private readonly scope: ScopeService, @Inject(PG_POOL) private readonly pool: pg.Pool) {}

  @Get()
  @Roles('inspector', 'hr', 'unit_head')
  @ApiOperation({
    summary: 'Avoidance watchlist: staff ranked by the number of avoidance signals in a year',
    description: `${WATCHLIST_NOTICE} Signals: handoffs the holder made to push their own work away (a manager routing work within the unit they lead is not one), ping-pong, missed deadlines (charged to whoever held the work when the date passed, never to someone who received it already late), declines, deadline extensions, consultations within own authority or of unrelated parties, late or no-position answers, dossiers returned to applicants more than once, open work past due (with its age; charged to whoever held it when its date passed).`,
  })
  async watchlist(@Query() q: WatchlistQuery, @CurrentPrincipal() p: Principal): Promise<unknown> {
    const year = q.year ?? new Date().getUTCFullYear();
    const limit = q.limit ?? 50;
    if (q.unitId && !(await this.scope.canSeeUnit(p, q.unitId))) throw new HttpProblem(404, 'unit.not_found', 'Not found', `No unit ${q.unitId} in your scope`);
    const params: unknown[] = [year, asOf(year).toISOString()];
    let staffWhere = 'TRUE';
    if (q.unitId) {
      params.push(`%/${q.unitId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
      staffWhere = `s.unit_id IN (SELECT id FROM units_v1 WHERE path LIKE $${params.length})`;
    }
    const cond = this.scope.unitCondition(p, 's.unit_id', params.length);
    params.push(...cond.params);
    const { rows } = await this.pool.query<{ staffId: string; unitId: string; signal: string; count: number; events: unknown[] }>(
      `WITH scoped AS (SELECT s.staff_id, s.unit_id FROM indicator_staff_v1 s WHERE ${staffWhere} AND ${cond.sql}),
            signals AS (
              SELECT a.staff_id, a.signal, count(*)::int AS count,
                     (jsonb_agg(jsonb_build_object('eventId', a.event_id, 'streamId', a.stream_id, 'revision', a.revision, 'position', a.position::text,
                       'occurredAt', a.occurred_at, 'detail', a.detail) ORDER BY a.position))  AS events
                FROM avoidance_signals_v1 a JOIN scoped ON scoped.staff_id = a.staff_id WHERE a.year = $1 GROUP BY a.staff_id, a.signal
              UNION ALL
              SELECT COALESCE(i.missed_by, i.holder), 'open_past_due', count(*)::int,
                     jsonb_agg(jsonb_build_object('streamId', i.stream_id, 'revision', 0, 'dueAt', i.due_at,
                       'ageDays', round((extract(epoch FROM ($2::timestamptz - i.due_at)) / 86400)::numeric, 1)) ORDER BY i.due_at)
                FROM indicator_assignments_v1 i JOIN scoped ON scoped.staff_id = COALESCE(i.missed_by, i.holder)
               WHERE i.status = 'open' AND i.due_at < $2 AND extract(year FROM i.due_at) <= $1 GROUP BY COALESCE(i.missed_by, i.holder))
       SELECT sg.staff_id AS "staffId", sc.unit_id AS "unitId", sg.signal, sg.count, sg.events FROM signals sg JOIN scoped sc ON sc.staff_id = sg.staff_id`,
      params,
    );
    const byStaff = new Map<string, { staffId: string; unitId: string; total: number; signals: Array<{ signal: string; count: number; events: unknown[] }> }>();
    for (const r of rows) {
      let entry = byStaff.get(r.staffId);
      if (!entry) byStaff.set(r.staffId, (entry = { staffId: r.staffId, unitId: r.unitId, total: 0, signals: [] }));
      entry.total += r.count;
      entry.signals.push({ signal: r.signal, count: r.count, events: r.events.slice(0, 50) });
    }
    const items = [...byStaff.values()]
      .map((e) => ({ ...e, signals: e.signals.sort((a, b) => b.count - a.count || a.signal.localeCompare(b.signal)) }))
      .sort((a, b) => b.total - a.total || a.staffId.localeCompare(b.staffId))
      .slice(0, limit)
      .map((e, i) => ({ rank: i + 1, ...e }));
    return { notice: WATCHLIST_NOTICE, year, unitId: q.unitId ?? null, items };
  }
}

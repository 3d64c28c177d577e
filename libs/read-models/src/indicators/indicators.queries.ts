import type { LeaveSpan } from './indicators.model.js';
import { Params, subtreePatterns, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';
import { excusedDelaysSql, PRESENCE_CHECKED_AT, PRESENCE_COLUMNS, presenceChecksFrom, type PresenceCheckRow } from '../inspection/inspection.queries.js';

/**
 * The indicator columns of staff_indicators_v1 and their names as read: the one definition,
 * used by the summing statements (SUMS) and by the staff period read (summed in JS).
 */
const INDICATOR_COLUMNS = [
  ['assigned', 'assigned'],
  ['completed', 'completed'],
  ['completed_on_time', 'completedOnTime'],
  ['on_time_meeting_quality', 'onTimeMeetingQuality'],
  ['late', 'late'],
  ['quality_exceeded', 'qualityExceeded'],
  ['quality_met', 'qualityMet'],
  ['quality_below', 'qualityBelow'],
  ['handoffs_initiated', 'handoffsInitiated'],
  ['handoffs_received', 'handoffsReceived'],
  ['ping_pong', 'pingPong'],
  ['declines', 'declines'],
  ['extensions', 'extensions'],
  ['consultations_within_authority', 'consultationsWithinOwnAuthority'],
  ['consultations_unrelated_party', 'consultationsOfUnrelatedParties'],
  ['consultations_answered_late', 'consultationsAnsweredLate'],
  ['consultations_no_position', 'consultationsWithNoPosition'],
  ['dossiers_returned_repeat', 'dossiersReturnedMoreThanOnce'],
  ['commendations', 'commendations'],
] as const satisfies ReadonlyArray<readonly [string, keyof IndicatorSums]>;

/** Sums of the monthly indicator rows (staff_indicators_v1). */
const SUMS = INDICATOR_COLUMNS.map(([column, key]) => `COALESCE(sum(${column}), 0)::int AS "${key}"`).join(', ');

const REASONS = (column: string): string =>
  `(SELECT COALESCE(jsonb_object_agg(k, n), '{}') FROM (SELECT k, sum(v::int)::int AS n FROM rows, jsonb_each_text(${column}) AS e(k, v) GROUP BY k) x)`;

/** Summed indicators of a period. */
export interface IndicatorSums {
  readonly assigned: number;
  readonly completed: number;
  readonly completedOnTime: number;
  readonly onTimeMeetingQuality: number;
  readonly late: number;
  readonly qualityExceeded: number;
  readonly qualityMet: number;
  readonly qualityBelow: number;
  readonly handoffsInitiated: number;
  readonly handoffsReceived: number;
  readonly pingPong: number;
  readonly declines: number;
  readonly extensions: number;
  readonly consultationsWithinOwnAuthority: number;
  readonly consultationsOfUnrelatedParties: number;
  readonly consultationsAnsweredLate: number;
  readonly consultationsWithNoPosition: number;
  readonly dossiersReturnedMoreThanOnce: number;
  readonly commendations: number;
}

/** A staff member as the indicators projection knows them (indicator_staff_v1). */
export interface IndicatorStaff {
  readonly unit_id: string;
  readonly category: string;
  readonly joined_on: string;
  readonly left_on: string | null;
  readonly leaves: LeaveSpan[];
  readonly posts: Array<{ role: string; unitId: string; from: string; to: string | null }>;
}

export interface OpenPastDue {
  readonly count: number;
  readonly oldestDays: number;
}

export interface DisciplinaryDecisionRef {
  readonly caseId: string;
  readonly form: string;
  readonly decisionNo: string;
  readonly effectiveFrom: string;
  readonly relatedToDuties: boolean;
  readonly streamId: string;
  readonly revision: number;
}

/**
 * The pseudo-signal under which `watchlistSignals` lists missed deadlines excused by an
 * objective-cause finding: not a signal, never counted; each event names the finding.
 */
export const EXCUSED_SIGNAL = 'deadline_missed_excused';

export interface WatchlistSignalRow {
  readonly staffId: string;
  readonly unitId: string;
  readonly signal: string;
  readonly count: number;
  readonly events: Array<Record<string, unknown>>;
}

/** A period: a year, or one month of it. */
export interface IndicatorPeriod {
  readonly year: number;
  readonly month?: number;
}

type DisciplineOfYearRow = { subject_id: string; case_id: string; form: string | null; decision_no: string; related_to_duties: boolean; violation_ids: string[] };

/**
 * Disciplinary decisions of a cycle's year as their recorded consequences, one row per
 * (subject, case), for the staff `inScope` selects; $2 is the year's last day, $3 its
 * first. Shared by the whole-cycle read and the streamed one so both read the same facts.
 */
function disciplineOfYearSql(inScope: string): string {
  return `SELECT c.subject_id, c.case_id, max(c.form) AS form, max(c.decision_no) AS decision_no,
                bool_or(c.kind = 'classification_not_completed') AS related_to_duties,
                COALESCE((SELECT d.violation_ids FROM indicator_discipline_v1 d WHERE d.case_id = c.case_id), '[]'::jsonb) AS violation_ids
           FROM discipline_consequences_v1 c
          WHERE c.subject_id IN (${inScope})
            AND ((c.kind = 'decision_in_effect' AND c.from_date BETWEEN $3::date AND $2::date)
              OR (c.kind = 'classification_not_completed' AND c.from_date <= $2::date AND c.until_date >= $3::date))
          GROUP BY c.subject_id, c.case_id
          ORDER BY c.subject_id, c.case_id`;
}

/** Reads of the indicator read models (staff_indicators_v1, indicator_*_v1, avoidance_signals_v1), beside IndicatorsProjection. */
export class IndicatorQueries {
  constructor(private readonly db: Sql) {}

  async staff(staffId: string): Promise<IndicatorStaff | undefined> {
    const { rows } = await this.db.query<IndicatorStaff>(
      `SELECT unit_id, category, to_char(joined_on, 'YYYY-MM-DD') AS joined_on, to_char(left_on, 'YYYY-MM-DD') AS left_on, leaves, posts FROM indicator_staff_v1 WHERE staff_id = $1`,
      [staffId],
    );
    return rows[0];
  }

  /**
   * One staff member as the indicators projection knows them (undefined when unknown) and
   * their period: totals (with handoffs by reason), months, open work past due as of
   * `asOf`, disciplinary decisions of the year, the delays an objective-cause finding
   * excused and the presence checks of the year. ONE named statement (this route is read
   * often: it was five round trips, then three). The monthly rows come back as arrays and
   * are summed here: building the sums and JSON objects in SQL cost the database about
   * four times the rows' own read.
   */
  async staffPeriod(staffId: string, period: IndicatorPeriod, asOf: string) {
    const { rows } = await this.db.query<{
      staff: IndicatorStaff | null;
      months: MonthRow[] | null;
      open: OpenPastDue & { items: Array<{ assignmentId: string; dueAt: string; streamId: string }> };
      discipline: DisciplinaryDecisionRef[];
      excused: Array<{ assignmentId: string; dueAt: string; finding: string }>;
      presence: PresenceCheckRow[];
    }>({
      // Named (prepared once per connection): planning this statement cost more than running it.
      name: 'indicators-staff-period-v2',
      text: `SELECT
         (SELECT to_jsonb(s) FROM (SELECT unit_id, category, to_char(joined_on, 'YYYY-MM-DD') AS joined_on, to_char(left_on, 'YYYY-MM-DD') AS left_on, leaves, posts
                                     FROM indicator_staff_v1 WHERE staff_id = $1) s) AS staff,
         (SELECT json_agg(json_build_array(month, ${INDICATOR_COLUMNS.map(([column]) => column).join(', ')},
                                           NULLIF(handoffs_initiated_by_reason, '{}'), NULLIF(handoffs_received_by_reason, '{}')) ORDER BY month)
            FROM staff_indicators_v1 WHERE staff_id = $1 AND year = $2 AND ($4::int IS NULL OR month = $4)) AS months,
         (SELECT to_jsonb(o) FROM (
            SELECT count(*)::int AS count, COALESCE(max(extract(epoch FROM ($3::timestamptz - due_at)) / 86400), 0)::float8 AS "oldestDays",
                   COALESCE(jsonb_agg(jsonb_build_object('assignmentId', assignment_id, 'dueAt', due_at, 'streamId', stream_id) ORDER BY due_at) FILTER (WHERE assignment_id IS NOT NULL), '[]') AS items
              FROM indicator_assignments_v1 WHERE COALESCE(missed_by, holder) = $1 AND status = 'open' AND due_at < $3) o) AS open,
         (SELECT COALESCE(jsonb_agg(to_jsonb(d)), '[]') FROM (
            SELECT case_id AS "caseId", form, decision_no AS "decisionNo", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", related_to_duties AS "relatedToDuties",
                   decision_stream AS "streamId", decision_revision::int AS revision
              FROM indicator_discipline_v1 WHERE subject_id = $1 AND form IS NOT NULL AND NOT annulled AND extract(year FROM effective_from) = $2) d) AS discipline,
         (SELECT COALESCE(json_agg(x ORDER BY x."dueAt", x."assignmentId"), '[]') FROM (${excusedDelaysSql('$1', '$2', '$4')}) x) AS excused,
         (SELECT COALESCE(json_agg(json_build_object(${PRESENCE_COLUMNS.map(([key, sql]) => `'${key}', ${sql}`).join(', ')}) ORDER BY ${PRESENCE_CHECKED_AT}, c->>'staffId'), '[]')
            ${presenceChecksFrom(`c->>'staffId' = $1`, '$2')}) AS presence`,
      values: [staffId, period.year, asOf, period.month ?? null],
    });
    const r = rows[0]!;
    const months = r.months ?? [];
    return {
      staff: r.staff ?? undefined,
      totals: totalsOf(months),
      months: months.map(monthSums),
      openPastDue: r.open,
      disciplinaryDecisions: r.discipline,
      excusedDelays: r.excused,
      presenceChecks: r.presence,
    };
  }

  /** A unit subtree's period: totals, months, by staff member (first 2000), open work past due as of `asOf`, staff count. */
  async unitPeriod(unitId: string, period: IndicatorPeriod, asOf: string) {
    const [pattern] = subtreePatterns([unitId]);
    const members = `SELECT s.staff_id FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE u.path LIKE $1`;
    const monthFilter = period.month ? ' AND month = $3' : '';
    const params = period.month ? [pattern, period.year, period.month] : [pattern, period.year];
    const rowsCte = `WITH rows AS (SELECT * FROM staff_indicators_v1 WHERE year = $2${monthFilter} AND staff_id IN (${members}))`;
    const [totals, months, byStaff, open, staffCount] = await Promise.all([
      this.db.query<IndicatorSums & { handoffsInitiatedByReason: Record<string, number> }>(`${rowsCte} SELECT ${SUMS}, ${REASONS('handoffs_initiated_by_reason')} AS "handoffsInitiatedByReason" FROM rows`, params),
      this.db.query<IndicatorSums & { month: number }>(`${rowsCte} SELECT month, ${SUMS} FROM rows GROUP BY month ORDER BY month`, params),
      this.db.query<IndicatorSums & { staffId: string }>(`${rowsCte} SELECT staff_id AS "staffId", ${SUMS} FROM rows GROUP BY staff_id ORDER BY staff_id LIMIT 2000`, params),
      this.db.query<OpenPastDue>(
        `SELECT count(*)::int AS count, COALESCE(max(extract(epoch FROM ($2::timestamptz - due_at)) / 86400), 0)::float8 AS "oldestDays"
           FROM indicator_assignments_v1 WHERE status = 'open' AND due_at < $2 AND COALESCE(missed_by, holder) IN (${members})`,
        [pattern, asOf],
      ),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${members}) m`, [pattern]),
    ]);
    return { staffCount: staffCount.rows[0]?.n ?? 0, totals: totals.rows[0]!, months: months.rows, openPastDue: open.rows[0]!, byStaff: byStaff.rows };
  }

  /**
   * Avoidance signals of a year per staff member and signal, with the events behind
   * them, for staff of the scope (optionally of one unit subtree); open work past due
   * as of `asOf` counts as the signal `open_past_due`.
   */
  async watchlistSignals(year: number, asOf: string, filter: { unitId?: string }, scope: UnitScope): Promise<WatchlistSignalRow[]> {
    const p = new Params(year, asOf);
    const staffWhere = filter.unitId ? `s.unit_id IN (SELECT id FROM units_v1 WHERE path LIKE ${p.add(subtreePatterns([filter.unitId])[0])})` : 'TRUE';
    const inScope = unitScopeSql('s.unit_id', scope, p);
    const { rows } = await this.db.query<WatchlistSignalRow>(
      `WITH scoped AS (SELECT s.staff_id, s.unit_id FROM indicator_staff_v1 s WHERE ${staffWhere} AND ${inScope}),
            signals AS (
              SELECT a.staff_id, CASE WHEN x.finding IS NULL THEN a.signal ELSE '${EXCUSED_SIGNAL}' END AS signal, count(*)::int AS count,
                     (jsonb_agg(jsonb_build_object('eventId', a.event_id, 'streamId', a.stream_id, 'revision', a.revision, 'position', a.position::text,
                       'occurredAt', a.occurred_at, 'detail', a.detail) || CASE WHEN x.finding IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('excusedBy', x.finding) END
                       ORDER BY a.position))  AS events
                FROM avoidance_signals_v1 a JOIN scoped ON scoped.staff_id = a.staff_id
                -- A missed deadline an objective-cause finding excused is not charged (issue 15 item 2): listed apart, with the finding.
                -- Matched by identity: the work's stream and the event that showed the date passed (the delay keeps its id).
                LEFT JOIN LATERAL (
                  SELECT d->>'excusedBy' AS finding FROM indicator_assignments_v1 i, jsonb_array_elements(i.delays) d
                   WHERE a.signal = 'deadline_missed' AND i.stream_id = a.stream_id AND d->>'eventId' = a.event_id
                     AND d->>'staffId' = a.staff_id AND d->>'excusedBy' IS NOT NULL LIMIT 1) x ON TRUE
               WHERE a.year = $1 GROUP BY a.staff_id, 2
              UNION ALL
              -- Open work past due whose missed date an objective-cause finding excused (the latest delay, charged to
              -- whoever missed it) is not charged either, like closed work: listed apart with the finding.
              SELECT o.staff_id, CASE WHEN o.finding IS NULL THEN 'open_past_due' ELSE '${EXCUSED_SIGNAL}' END, count(*)::int,
                     jsonb_agg(jsonb_build_object('streamId', o.stream_id, 'revision', 0, 'dueAt', o.due_at,
                       'ageDays', round((extract(epoch FROM ($2::timestamptz - o.due_at)) / 86400)::numeric, 1))
                       || CASE WHEN o.finding IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('openPastDue', true, 'excusedBy', o.finding) END ORDER BY o.due_at)
                FROM (SELECT COALESCE(i.missed_by, i.holder) AS staff_id, i.stream_id, i.due_at,
                             CASE WHEN i.missed_by IS NOT NULL AND jsonb_typeof(i.delays) = 'array' AND i.delays->-1->>'staffId' = i.missed_by
                                  THEN i.delays->-1->>'excusedBy' END AS finding
                        FROM indicator_assignments_v1 i
                       WHERE i.status = 'open' AND i.due_at < $2 AND extract(year FROM i.due_at) <= $1) o
                JOIN scoped ON scoped.staff_id = o.staff_id
               GROUP BY o.staff_id, o.finding IS NULL)
       SELECT sg.staff_id AS "staffId", sc.unit_id AS "unitId", sg.signal, sg.count, sg.events FROM signals sg JOIN scoped sc ON sc.staff_id = sg.staff_id`,
      p.values,
    );
    return rows;
  }

  /**
   * Everything the classification of a cycle reads, for everyone of a unit subtree
   * employed in the year, in five bulk statements: staff, monthly rows (as arrays, the
   * largest result), disciplinary decisions of the year (from their recorded
   * consequences), general-criteria scores of the
   * cycle, and the units of the subtree with their parents.
   */
  async cycleRows(query: { readonly cycleId: string; readonly year: number; readonly scopeUnitId: string }) {
    const [pattern] = subtreePatterns([query.scopeUnitId]);
    const inScope = `SELECT s.staff_id FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id
                      WHERE u.path LIKE $1 AND s.joined_on <= $2::date AND (s.left_on IS NULL OR s.left_on > $3::date)`;
    const [rows, unitRes] = await Promise.all([
      this.yearRows(query, inScope, pattern),
      this.db.query<{ id: string; parent_unit_id: string | null }>('SELECT id, parent_unit_id FROM units_v1 WHERE path LIKE $1', [pattern]),
    ]);
    return { ...rows, unitRes };
  }

  /**
   * What a streamed classification run plans its parts from: the unit tree of the scope,
   * the staff count per unit, and the posts of those who hold one (home unit, posts).
   */
  async cyclePlan(query: { readonly year: number; readonly scopeUnitId: string }) {
    const [pattern] = subtreePatterns([query.scopeUnitId]);
    const yearStart = `${query.year}-01-01`;
    const yearEnd = `${query.year}-12-31`;
    const [units, counts, posts] = await Promise.all([
      this.db.query<{ id: string; parent_unit_id: string | null }>('SELECT id, parent_unit_id FROM units_v1 WHERE path LIKE $1', [pattern]),
      this.db.query<{ unit_id: string; n: number }>(
        `SELECT s.unit_id, count(*)::int AS n FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id
          WHERE u.path LIKE $1 AND s.joined_on <= $2::date AND (s.left_on IS NULL OR s.left_on > $3::date) GROUP BY s.unit_id`,
        [pattern, yearEnd, yearStart],
      ),
      this.db.query<{ unit_id: string; posts: IndicatorStaff['posts'] }>(
        `SELECT s.unit_id, s.posts FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id
          WHERE u.path LIKE $1 AND s.joined_on <= $2::date AND (s.left_on IS NULL OR s.left_on > $3::date) AND jsonb_array_length(s.posts) > 0`,
        [pattern, yearEnd, yearStart],
      ),
    ]);
    return { units: units.rows, counts: counts.rows, posts: posts.rows };
  }

  /**
   * `cycleRows` for the staff of the given units only (one part of a streamed run).
   *
   * The part's staff ids are read first (the unit index), then the four reads probe by
   * those ids (`IN (SELECT unnest(ids))`: nested loops over the tables' staff-id indexes).
   * Scoped by the units themselves, the planner hash-joined every part against a full
   * scan of `indicator_staff_v1` and `evaluation_results_v1`, so each part cost as much as
   * the whole cycle's tables and a streamed run grew with the square of the staff
   * (bench/README.md, classification at 200,000 staff).
   */
  async cycleRowsForUnits(query: { readonly cycleId: string; readonly year: number }, unitIds: readonly string[]) {
    const yearStart = `${query.year}-01-01`;
    const yearEnd = `${query.year}-12-31`;
    const { rows } = await this.db.query<[string]>({
      text: `SELECT s.staff_id FROM indicator_staff_v1 s
              WHERE s.unit_id = ANY($1::text[]) AND s.joined_on <= $2::date AND (s.left_on IS NULL OR s.left_on > $3::date)`,
      values: [[...unitIds], yearEnd, yearStart],
      rowMode: 'array',
    });
    // The employment window ($2, $3) was applied above; the condition only gives the parameters their types.
    const inScope = `SELECT unnest($1::text[]) WHERE $2::date >= $3::date`;
    return this.yearRows(query, inScope, rows.map((r) => r[0]));
  }

  /**
   * The year's rows of the staff `inScope` selects ($1 = `scope`, $2 the year's last day,
   * $3 its first): staff, monthly counters, disciplinary decisions (their recorded
   * consequences) and the cycle's general-criteria scores. One reading for the
   * whole-cycle run and the streamed one, so both classify the same facts.
   */
  private async yearRows(query: { readonly cycleId: string; readonly year: number }, inScope: string, scope: unknown) {
    const { year } = query;
    const yearStart = `${year}-01-01`;
    const yearEnd = `${year}-12-31`;
    const [staffRes, monthRes, disciplineRes, scoreRes] = await Promise.all([
      this.db.query<IndicatorStaff & { staff_id: string; job_position: string }>(
        `SELECT s.staff_id, s.category, s.unit_id, s.job_position, to_char(s.joined_on, 'YYYY-MM-DD') AS joined_on,
                to_char(s.left_on, 'YYYY-MM-DD') AS left_on, s.leaves, s.posts
           FROM indicator_staff_v1 s WHERE s.staff_id IN (${inScope})`,
        [scope, yearEnd, yearStart],
      ),
      this.db.query<[string, number, number, number, number, number, number, number, number, number]>({
        text: `SELECT i.staff_id, i.month, i.assigned, i.completed, i.completed_on_time, i.on_time_meeting_quality, i.late,
                      i.quality_exceeded, i.quality_met, i.quality_below
                 FROM staff_indicators_v1 i WHERE i.year = $4 AND i.staff_id IN (${inScope})`,
        values: [scope, yearEnd, yearStart, year],
        rowMode: 'array',
      }),
      this.db.query<DisciplineOfYearRow>(disciplineOfYearSql(inScope), [scope, yearEnd, yearStart]),
      this.db.query<{ staff_id: string; score: string }>(
        `SELECT staff_id, general_criteria_score AS score FROM evaluation_results_v1
          WHERE cycle_id = $4 AND general_criteria_score IS NOT NULL AND staff_id IN (${inScope})`,
        [scope, yearEnd, yearStart, query.cycleId],
      ),
    ]);
    return { staffRes, monthRes, disciplineRes, scoreRes };
  }
}

/** One monthly row as the staff period read returns it: month, the indicator columns in INDICATOR_COLUMNS order, then the two by-reason maps (NULL when empty). */
type MonthRow = Array<number | Record<string, number> | null>;

const REASONS_AT = INDICATOR_COLUMNS.length + 1;

function monthSums(row: MonthRow): IndicatorSums & { month: number } {
  const out: Record<string, number> = { month: row[0] as number };
  INDICATOR_COLUMNS.forEach(([, key], i) => (out[key] = row[i + 1] as number));
  return out as unknown as IndicatorSums & { month: number };
}

/** The period's totals: the monthly rows summed, with the handoffs by reason merged. */
function totalsOf(months: readonly MonthRow[]): IndicatorSums & { handoffsInitiatedByReason: Record<string, number>; handoffsReceivedByReason: Record<string, number> } {
  const sums: Record<string, number> = {};
  INDICATOR_COLUMNS.forEach(([, key], i) => (sums[key] = months.reduce((n, row) => n + (row[i + 1] as number), 0)));
  const byReason = (at: number) => {
    const out: Record<string, number> = {};
    for (const row of months) for (const [reason, n] of Object.entries((row[at] as Record<string, number> | null) ?? {})) out[reason] = (out[reason] ?? 0) + Number(n);
    return out;
  };
  return { ...(sums as unknown as IndicatorSums), handoffsInitiatedByReason: byReason(REASONS_AT), handoffsReceivedByReason: byReason(REASONS_AT + 1) };
}

import type { ScoreSheetPeriod } from '#classification';
import { cursorCodec, pageOf, type CursorKey, type Page } from '../shared/cursor.js';
import { Params, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

/** Keyset of the sheet list: period, unit, task group, rank in the group, staff id (the list's order). */
const SHEET_CURSOR = cursorCodec(['text', 'text', 'text', 'int8', 'text']);

/** One assignment of the work record as a score sheet reads it (work_products_v1). */
export interface WorkProductRow {
  assignmentId: string;
  title: string;
  dueAt: string;
  status: string;
  late: boolean;
  quality: 'exceeded' | 'met' | 'below' | null;
  belowReviews: number;
  positionId: string | null;
  productCode: string | null;
  productName: string | null;
  unitOfMeasure: string | null;
  quantity: number | null;
  coefficient: number | null;
  catalogueId: string | null;
  catalogueVersion: number | null;
  adHocReason: string | null;
}

/** A sheet as the KPI views and exports read it, with its rank in its task group. */
export interface ScoreSheetRow {
  staffId: string;
  fullName: string | null;
  period: string;
  unitId: string;
  positionId: string | null;
  /** The position's title (positions_v1), null when the sheet names no position. */
  positionTitle: string | null;
  taskGroup: string;
  status: string;
  plannedUnits: number;
  deliveredUnits: number;
  onTimeShare: number | null;
  qualityShare: number | null;
  computedPoints: number | null;
  taskPoints: number | null;
  adjustmentPoints: number;
  qualityDeductions: number;
  progressDeductions: number;
  selfAssessed: boolean;
  selfPoints: number | null;
  contestPending: boolean;
  revisions: number;
  products: Record<string, number>;
  /** Rank by task points within the unit's task group for the period (1 = best; ties share a rank). */
  rankInTaskGroup: number;
  groupSize: number;
  version: number;
}

export interface SheetFilter {
  readonly scope: UnitScope;
  readonly period?: string;
  /** Periods of a year (`YYYY-`). */
  readonly year?: number;
  readonly unitId?: string;
  readonly staffId?: string;
  readonly positionId?: string;
  readonly status?: string;
  readonly limit?: number;
  /** Rows after this key (keyset pagination, see `page`). */
  readonly after?: CursorKey<readonly ['text', 'text', 'text', 'int8', 'text']>;
}

const SHEET_COLUMNS = `r.staff_id AS "staffId", s.full_name AS "fullName", r.period, r.unit_id AS "unitId", r.position_id AS "positionId", pos.title AS "positionTitle", r.task_group AS "taskGroup",
  r.status, r.planned_units::float8 AS "plannedUnits", r.delivered_units::float8 AS "deliveredUnits",
  CASE WHEN r.planned_units > 0 THEN round(r.on_time_units / r.planned_units, 4)::float8 END AS "onTimeShare",
  CASE WHEN r.planned_units > 0 THEN round(r.meeting_quality_units / r.planned_units, 4)::float8 END AS "qualityShare",
  r.computed_points::float8 AS "computedPoints", r.task_points::float8 AS "taskPoints", r.adjustment_points::float8 AS "adjustmentPoints",
  r.quality_deductions AS "qualityDeductions", r.progress_deductions AS "progressDeductions", r.self_assessed AS "selfAssessed",
  r.self_points::float8 AS "selfPoints", r.contest_pending AS "contestPending", r.revisions, r.products, r.rank_in_group::int AS "rankInTaskGroup",
  r.group_size::int AS "groupSize", r.version`;

/** Reads of score_sheets_v1 and work_products_v1, beside ScoreSheetsProjection. */
export class ScoreSheetQueries {
  constructor(private readonly db: Sql) {}

  /** The person's work due in [from, until): what a draft is computed from (cancelled work excluded). */
  async workDue(staffId: string, from: string, until: string): Promise<WorkProductRow[]> {
    const { rows } = await this.db.query<WorkProductRow>(
      `SELECT assignment_id AS "assignmentId", title, due_at AS "dueAt", status, late, quality, below_reviews AS "belowReviews", position_id AS "positionId",
         product_code AS "productCode", product_name AS "productName", unit_of_measure AS "unitOfMeasure", quantity::float8, coefficient::float8,
         catalogue_id AS "catalogueId", catalogue_version AS "catalogueVersion", ad_hoc_reason AS "adHocReason"
       FROM work_products_v1 WHERE holder_id = $1 AND due_at >= $2 AND due_at < $3 AND status <> 'cancelled' ORDER BY due_at, assignment_id`,
      [staffId, from, until],
    );
    return rows.map((r) => ({ ...r, dueAt: new Date(r.dueAt).toISOString() }));
  }

  /**
   * The work due in [from, until) of many people at once, by holder: one scan for a
   * whole unit subtree's month (what a bulk draft reads).
   */
  async workDueOf(staffIds: readonly string[], from: string, until: string): Promise<Map<string, WorkProductRow[]>> {
    const out = new Map<string, WorkProductRow[]>();
    if (staffIds.length === 0) return out;
    const { rows } = await this.db.query<WorkProductRow & { holderId: string }>(
      `SELECT holder_id AS "holderId", assignment_id AS "assignmentId", title, due_at AS "dueAt", status, late, quality, below_reviews AS "belowReviews",
         position_id AS "positionId", product_code AS "productCode", product_name AS "productName", unit_of_measure AS "unitOfMeasure",
         quantity::float8, coefficient::float8, catalogue_id AS "catalogueId", catalogue_version AS "catalogueVersion", ad_hoc_reason AS "adHocReason"
       FROM work_products_v1 WHERE holder_id = ANY($1) AND due_at >= $2 AND due_at < $3 AND status <> 'cancelled' ORDER BY holder_id, due_at, assignment_id`,
      [staffIds, from, until],
    );
    for (const { holderId, ...r } of rows) {
      let list = out.get(holderId);
      if (!list) out.set(holderId, (list = []));
      list.push({ ...r, dueAt: new Date(r.dueAt).toISOString() });
    }
    return out;
  }

  /**
   * Objective causes confirmed by inspection findings (issue 15) for these assignments:
   * a finding of kind `objective_cause` naming the item and its failure (delay or
   * quality), not withdrawn. The reason is the finding's reference.
   */
  async objectiveCauses(assignmentIds: readonly string[]): Promise<Map<string, Array<{ assignmentId: string; kind: 'delay' | 'quality'; reason: string }>>> {
    const out = new Map<string, Array<{ assignmentId: string; kind: 'delay' | 'quality'; reason: string }>>();
    if (assignmentIds.length === 0) return out;
    const { rows } = await this.db.query<{ assignmentId: string; kind: 'delay' | 'quality'; reason: string }>(
      `SELECT assignment_id AS "assignmentId", failure AS kind, 'inspection finding inspection-' || inspection_id || '/' || finding_id AS reason
         FROM inspection_findings_v1
        WHERE kind = 'objective_cause' AND failure IN ('delay', 'quality') AND status <> 'withdrawn' AND assignment_id = ANY($1)
        ORDER BY assignment_id, failure, inspection_id, finding_id`,
      [assignmentIds],
    );
    for (const r of rows) {
      let list = out.get(r.assignmentId);
      if (!list) out.set(r.assignmentId, (list = []));
      if (!list.some((c) => c.kind === r.kind)) list.push(r);
    }
    return out;
  }

  /** Who of these people already has a sheet for the period (its stream exists, as far as the read model knows). */
  async withSheet(staffIds: readonly string[], period: string): Promise<Set<string>> {
    if (staffIds.length === 0) return new Set();
    const { rows } = await this.db.query<{ staffId: string }>('SELECT staff_id AS "staffId" FROM score_sheets_v1 WHERE staff_id = ANY($1) AND period = $2', [staffIds, period]);
    return new Set(rows.map((r) => r.staffId));
  }

  /** Sheets in the caller's scope, with their rank within their unit's task group for the period. */
  async sheets(f: SheetFilter): Promise<ScoreSheetRow[]> {
    const params = new Params();
    const inner: string[] = [];
    if (f.period) inner.push(`period = ${params.add(f.period)}`);
    if (f.year) inner.push(`period LIKE ${params.add(`${f.year}-%`)}`);
    const where = [unitScopeSql('r.unit_id', f.scope, params)];
    if (f.unitId) where.push(unitScopeSql('r.unit_id', { all: false, units: [f.unitId] }, params));
    if (f.staffId) where.push(`r.staff_id = ${params.add(f.staffId)}`);
    if (f.positionId) where.push(`r.position_id = ${params.add(f.positionId)}`);
    if (f.status) where.push(`r.status = ${params.add(f.status)}`);
    if (f.after) {
      const [period, unit, group, rank, staff] = f.after;
      where.push(`(r.period, r.unit_id, r.task_group, r.rank_in_group, r.staff_id) > (${params.add(period)}, ${params.add(unit)}, ${params.add(group)}, ${params.add(rank)}::bigint, ${params.add(staff)})`);
    }
    const limit = params.add(Math.min(f.limit ?? 5000, 50_000));
    const { rows } = await this.db.query<ScoreSheetRow>(
      `SELECT ${SHEET_COLUMNS} FROM (
         SELECT x.*, rank() OVER (PARTITION BY period, unit_id, task_group ORDER BY task_points DESC NULLS LAST) AS rank_in_group,
           count(*) OVER (PARTITION BY period, unit_id, task_group) AS group_size
         FROM score_sheets_v1 x ${inner.length ? `WHERE ${inner.join(' AND ')}` : ''}) r
       LEFT JOIN staff_v1 s ON s.id = r.staff_id
       LEFT JOIN positions_v1 pos ON pos.position_id = r.position_id
       WHERE ${where.join(' AND ')}
       ORDER BY r.period, r.unit_id, r.task_group, r.rank_in_group, r.staff_id LIMIT ${limit}`,
      params.values,
    );
    return rows;
  }

  /** One page of `sheets`, in the same order, with the cursor of the next. */
  async page(f: Omit<SheetFilter, 'after' | 'limit'>, page: { readonly cursor?: string; readonly limit: number }): Promise<Page<ScoreSheetRow>> {
    const after = SHEET_CURSOR.decode(page.cursor);
    const rows = await this.sheets({ ...f, limit: page.limit + 1, ...(after ? { after } : {}) });
    return pageOf(rows, page.limit, SHEET_CURSOR, (r) => [r.period, r.unitId, r.taskGroup, String(r.rankInTaskGroup), r.staffId] as const, (r) => r);
  }

  /** The lines and adjustments of one sheet (the detail view). */
  async detail(staffId: string, period: string): Promise<{ lines: unknown[]; adjustments: unknown[] } | null> {
    const { rows } = await this.db.query<{ lines: unknown[]; adjustments: unknown[] }>('SELECT lines, adjustments FROM score_sheets_v1 WHERE staff_id = $1 AND period = $2', [staffId, period]);
    return rows[0] ?? null;
  }

  /** Draft sheets of a unit subtree for a period (a unit head's bulk confirmation). */
  async drafts(unitId: string, period: string): Promise<string[]> {
    const params = new Params(period);
    const { rows } = await this.db.query<{ staffId: string }>(
      `SELECT staff_id AS "staffId" FROM score_sheets_v1 r WHERE period = $1 AND status = 'draft' AND ${unitScopeSql('r.unit_id', { all: false, units: [unitId] }, params)} ORDER BY staff_id`,
      params.values,
    );
    return rows.map((r) => r.staffId);
  }

  /** The year's sheets of the given people, as the classification reads them. */
  async forClassification(staffIds: readonly string[], year: number): Promise<Map<string, ScoreSheetPeriod[]>> {
    const out = new Map<string, ScoreSheetPeriod[]>();
    if (staffIds.length === 0) return out;
    const { rows } = await this.db.query<ScoreSheetPeriod & { staffId: string }>(
      `SELECT staff_id AS "staffId", period, status <> 'draft' AS confirmed, task_points::float8 AS "taskPoints", planned_units::float8 AS "plannedUnits",
         delivered_units::float8 AS "deliveredUnits", quality_deductions AS "qualityDeductions", progress_deductions AS "progressDeductions",
         adjustment_points::float8 AS "adjustmentPoints", products
       FROM score_sheets_v1 WHERE staff_id = ANY($1) AND period LIKE $2 ORDER BY staff_id, period`,
      [staffIds, `${year}-%`],
    );
    for (const { staffId, ...sheet } of rows) {
      let list = out.get(staffId);
      if (!list) out.set(staffId, (list = []));
      list.push(sheet);
    }
    return out;
  }
}

import type { EntityManager } from 'typeorm';
import type {
  AssignmentCompleted,
  AssignmentDeclined,
  AssignmentHandedOff,
  AssignmentIssued,
  AssignmentProductNamed,
  CompletionReviewed,
  ScoreSheetConfirmed,
  ScoreSheetDrafted,
  ScoreSheetPublished,
  ScoreSheetRevised,
  ScoreSheetSelfAssessed,
  SheetComputation,
  SheetItem,
} from '#domain';
import { isRepresentableInstant } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

const WORK = new Set([
  'AssignmentIssued', 'AssignmentProductNamed', 'AssignmentHandedOff', 'AssignmentDeclined', 'DeadlineExtended', 'ApologyIssued',
  'AssignmentCompleted', 'CompletionReviewed', 'AssignmentCancelled',
]);
const SHEETS = new Set(['ScoreSheetDrafted', 'ScoreSheetSelfAssessed', 'ScoreSheetConfirmed', 'ScoreSheetPublished', 'ScoreSheetContested', 'ScoreSheetRevised']);

/** Converted units per product code of a sheet (`ad-hoc` for work outside the catalogue). */
export function unitsByProduct(items: readonly SheetItem[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items ?? []) {
    const key = text(i?.productCode) ?? 'ad-hoc';
    const units = (num(i?.quantity) ?? 0) * (num(i?.coefficient) ?? 0);
    out[key] = Math.round(((out[key] ?? 0) + units) * 1e4) / 1e4;
  }
  return out;
}

/** A finite number, or null: a recorded event is a fact, odd values included (issue 12). */
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e12 ? v : null);
/** An instant PostgreSQL and JavaScript both represent, or null. */
const instant = (v: unknown): string | null => (isRepresentableInstant(v) ? v : null);
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function deductions(c: SheetComputation | undefined): { quality: number; progress: number } {
  let quality = 0;
  let progress = 0;
  for (const l of Array.isArray(c?.lines) ? c.lines : []) {
    quality += Number.isInteger(l?.qualityDeductions) ? l.qualityDeductions : 0;
    progress += Number.isInteger(l?.progressDeductions) ? l.progressDeductions : 0;
  }
  return { quality, progress };
}

/**
 * The work record per assignment with its product (`work_products_v1`, what sheets are
 * computed from) and the period score sheets (`score_sheets_v1`, what KPI views and the
 * classification read). Never throws on a recorded event.
 */
export class ScoreSheetsProjection implements Projection {
  readonly name = 'score_sheets_v1';
  readonly handles: ReadonlySet<string> = new Set([...WORK, ...SHEETS]);
  readonly tables = ['work_products_v1', 'score_sheets_v1'];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (WORK.has(e.type) && e.streamId.startsWith('assignment-')) await this.work(e, m);
      else if (SHEETS.has(e.type) && e.streamId.startsWith('scoresheet-')) await this.sheet(e, m);
    }
  }

  private async work(e: RecordedEvent, m: EntityManager): Promise<void> {
    const id = (e.data as { assignmentId?: string }).assignmentId ?? e.streamId.slice('assignment-'.length);
    const set = (sql: string, params: unknown[]) => m.query(`UPDATE work_products_v1 SET ${sql} WHERE assignment_id = $1`, [id, ...params]);
    switch (e.type) {
      case 'AssignmentIssued': {
        const d = e.data as AssignmentIssued['data'];
        await m.query(
          `INSERT INTO work_products_v1 (assignment_id, holder_id, unit_id, title, due_at, status) VALUES ($1,$2,$3,$4,$5,'open')
           ON CONFLICT (assignment_id) DO NOTHING`,
          [id, text(d.assignee) ?? '', text(d.unitId), text(d.title) ?? '', instant(d.dueAt)],
        );
        return;
      }
      case 'AssignmentProductNamed': {
        const d = e.data as AssignmentProductNamed['data'];
        await set('position_id = $2, product_code = $3, product_name = $4, unit_of_measure = $5, quantity = $6, coefficient = $7, catalogue_id = $8, catalogue_version = $9, ad_hoc_reason = $10', [
          text(d.positionId), text(d.productCode), text(d.productName), text(d.unitOfMeasure), num(d.quantity), num(d.coefficient), text(d.catalogueId),
          Number.isInteger(d.catalogueVersion) ? d.catalogueVersion : null, text(d.adHocReason),
        ]);
        return;
      }
      case 'AssignmentHandedOff':
        await set('holder_id = COALESCE($2, holder_id)', [text((e.data as AssignmentHandedOff['data']).to)]);
        return;
      case 'AssignmentDeclined':
        await set('holder_id = COALESCE($2, holder_id)', [text((e.data as AssignmentDeclined['data']).returnedTo)]);
        return;
      case 'DeadlineExtended':
      case 'ApologyIssued':
        await set('due_at = COALESCE($2, due_at)', [instant((e.data as { newDueAt?: string }).newDueAt)]);
        return;
      case 'AssignmentCompleted': {
        const d = e.data as AssignmentCompleted['data'];
        await set("status = 'completed', completed_at = $2, late = $3, holder_id = COALESCE($4, holder_id)", [instant(d.completedAt), d.late === true, text(d.completedBy)]);
        return;
      }
      case 'CompletionReviewed': {
        const q = (e.data as CompletionReviewed['data']).quality;
        // A review `below` is a failed assessment (Decree 335 art. 14: each deducts 25 % of the product's quality points).
        const quality = q === 'exceeded' || q === 'met' || q === 'below' ? q : null;
        await set(`status = 'reviewed', quality = $2::text, below_reviews = below_reviews + CASE WHEN $2::text = 'below' THEN 1 ELSE 0 END`, [quality]);
        return;
      }
      case 'AssignmentCancelled':
        await set("status = 'cancelled'", []);
        return;
    }
  }

  private async sheet(e: RecordedEvent, m: EntityManager): Promise<void> {
    const d = e.data as { staffId?: unknown; period?: unknown };
    if (typeof d.staffId !== 'string' || typeof d.period !== 'string') return;
    const version = Number(e.revision) + 1;
    const key = [d.staffId, d.period];
    const set = (sql: string, params: unknown[]) => m.query(`UPDATE score_sheets_v1 SET ${sql}, version = $3 WHERE staff_id = $1 AND period = $2`, [...key, version, ...params]);
    const figures = (c: SheetComputation | undefined) => [
      num(c?.plannedUnits) ?? 0, num(c?.deliveredUnits) ?? 0, num(c?.onTimeUnits) ?? 0, num(c?.meetingQualityUnits) ?? 0,
      num(c?.taskPoints), deductions(c).quality, deductions(c).progress, JSON.stringify(Array.isArray(c?.lines) ? c.lines : []),
    ];
    switch (e.type) {
      case 'ScoreSheetDrafted': {
        const s = e.data as unknown as ScoreSheetDrafted['data'];
        await m.query(
          `INSERT INTO score_sheets_v1 (staff_id, period, unit_id, position_id, task_group, status, planned_units, delivered_units, on_time_units,
             meeting_quality_units, computed_points, quality_deductions, progress_deductions, lines, task_points, products, version)
           VALUES ($1,$2,$3,$4,$5,'draft',$6,$7,$8,$9,$10,$11,$12,$13::jsonb,$10,$14::jsonb,$15)
           ON CONFLICT (staff_id, period) DO UPDATE SET unit_id = EXCLUDED.unit_id, position_id = EXCLUDED.position_id, task_group = EXCLUDED.task_group,
             status = 'draft', planned_units = EXCLUDED.planned_units, delivered_units = EXCLUDED.delivered_units, on_time_units = EXCLUDED.on_time_units,
             meeting_quality_units = EXCLUDED.meeting_quality_units, computed_points = EXCLUDED.computed_points, task_points = EXCLUDED.task_points,
             quality_deductions = EXCLUDED.quality_deductions, progress_deductions = EXCLUDED.progress_deductions, lines = EXCLUDED.lines,
             products = EXCLUDED.products, version = EXCLUDED.version`,
          [...key, text(s.unitId) ?? '', text(s.positionId), text(s.taskGroup) ?? '', ...figures(s.computation), JSON.stringify(unitsByProduct(Array.isArray(s.items) ? s.items : [])), version],
        );
        return;
      }
      case 'ScoreSheetSelfAssessed': {
        const s = e.data as unknown as ScoreSheetSelfAssessed['data'];
        await set('self_assessed = true, self_points = $4, self_comment = $5', [num(s.selfPoints), text(s.comment)]);
        return;
      }
      case 'ScoreSheetConfirmed':
      case 'ScoreSheetRevised': {
        const s = e.data as unknown as ScoreSheetConfirmed['data'] | ScoreSheetRevised['data'];
        const adjustments = Array.isArray(s.adjustments) ? s.adjustments : [];
        const adj = adjustments.reduce((sum, a) => sum + (num(a?.points) ?? 0), 0);
        const [, , , , computed, quality, progress, lines] = figures(s.computation);
        const revised = e.type === 'ScoreSheetRevised';
        await set(
          `status = CASE WHEN status = 'published' THEN 'published' ELSE 'confirmed' END, computed_points = $4, task_points = $5, adjustment_points = $6,
           quality_deductions = $7, progress_deductions = $8, lines = $9::jsonb, adjustments = $10::jsonb,
           revisions = revisions + $11, contest_pending = CASE WHEN $12 THEN false ELSE contest_pending END,
           contest_until = COALESCE($13::timestamptz, contest_until)`,
          [
            computed, num(s.taskPoints), adj, quality, progress, lines, JSON.stringify(adjustments), revised ? 1 : 0, revised && (s as ScoreSheetRevised['data']).answersContest === true,
            revised ? instant((s as ScoreSheetRevised['data']).contestUntil) : null,
          ],
        );
        return;
      }
      case 'ScoreSheetPublished':
        await set("status = 'published', contest_until = $4", [instant((e.data as unknown as ScoreSheetPublished['data']).contestUntil)]);
        return;
      case 'ScoreSheetContested':
        await set('contest_pending = true', []);
        return;
    }
  }
}

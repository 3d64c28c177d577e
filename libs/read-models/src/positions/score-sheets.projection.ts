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
import { TableBatch, json, type Row } from '../shared/table-batch.js';

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

  /** Set-based (issue 17): one read per table of the rows the batch touches, every event folded in memory, one upsert per table. */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const work = events.filter((e) => WORK.has(e.type) && e.streamId.startsWith('assignment-'));
    const sheets = events.filter((e) => SHEETS.has(e.type) && e.streamId.startsWith('scoresheet-'));
    if (work.length > 0) {
      const rows = new TableBatch('work_products_v1', ['assignment_id']);
      await rows.load(m, work.map((e) => ({ assignment_id: assignmentOf(e) })));
      for (const e of work) this.work(e, rows);
      await rows.write(m);
    }
    if (sheets.length > 0) {
      const rows = new TableBatch('score_sheets_v1', ['staff_id', 'period']);
      await rows.load(m, sheets.map((e) => e.data as Row).filter((d) => typeof d.staffId === 'string' && typeof d.period === 'string')
        .map((d) => ({ staff_id: d.staffId, period: d.period })));
      for (const e of sheets) this.sheet(e, rows);
      await rows.write(m);
    }
  }

  /** Pure: the next `work_products_v1` row (an event on an assignment without a row changes nothing, as the per-event UPDATE did). */
  private work(e: RecordedEvent, rows: TableBatch): void {
    const id = assignmentOf(e);
    const row = rows.get({ assignment_id: id });
    const set = (changes: Row) => {
      if (row) rows.set({ ...row, ...changes });
    };
    switch (e.type) {
      case 'AssignmentIssued': {
        if (row) return; // ON CONFLICT DO NOTHING
        const d = e.data as AssignmentIssued['data'];
        rows.set({
          assignment_id: id, holder_id: text(d.assignee) ?? '', unit_id: text(d.unitId), title: text(d.title) ?? '', due_at: instant(d.dueAt), status: 'open',
          completed_at: null, late: false, quality: null, below_reviews: 0, position_id: null, product_code: null, product_name: null, unit_of_measure: null,
          quantity: null, coefficient: null, catalogue_id: null, catalogue_version: null, ad_hoc_reason: null,
        });
        return;
      }
      case 'AssignmentProductNamed': {
        const d = e.data as AssignmentProductNamed['data'];
        set({
          position_id: text(d.positionId), product_code: text(d.productCode), product_name: text(d.productName), unit_of_measure: text(d.unitOfMeasure),
          quantity: num(d.quantity), coefficient: num(d.coefficient), catalogue_id: text(d.catalogueId),
          catalogue_version: Number.isInteger(d.catalogueVersion) ? d.catalogueVersion : null, ad_hoc_reason: text(d.adHocReason),
        });
        return;
      }
      case 'AssignmentHandedOff':
        set({ holder_id: text((e.data as AssignmentHandedOff['data']).to) ?? row?.holder_id });
        return;
      case 'AssignmentDeclined':
        set({ holder_id: text((e.data as AssignmentDeclined['data']).returnedTo) ?? row?.holder_id });
        return;
      case 'DeadlineExtended':
      case 'ApologyIssued':
        set({ due_at: instant((e.data as { newDueAt?: string }).newDueAt) ?? row?.due_at ?? null });
        return;
      case 'AssignmentCompleted': {
        const d = e.data as AssignmentCompleted['data'];
        set({ status: 'completed', completed_at: instant(d.completedAt), late: d.late === true, holder_id: text(d.completedBy) ?? row?.holder_id });
        return;
      }
      case 'CompletionReviewed': {
        const q = (e.data as CompletionReviewed['data']).quality;
        // A review `below` is a failed assessment (Decree 335 art. 14: each deducts 25 % of the product's quality points).
        const quality = q === 'exceeded' || q === 'met' || q === 'below' ? q : null;
        set({ status: 'reviewed', quality, below_reviews: Number(row?.below_reviews ?? 0) + (quality === 'below' ? 1 : 0) });
        return;
      }
      case 'AssignmentCancelled':
        set({ status: 'cancelled' });
        return;
    }
  }

  /** Pure: the next `score_sheets_v1` row (an event on a sheet without a row changes nothing, as the per-event UPDATE did). */
  private sheet(e: RecordedEvent, rows: TableBatch): void {
    const d = e.data as { staffId?: unknown; period?: unknown };
    if (typeof d.staffId !== 'string' || typeof d.period !== 'string') return;
    const version = Number(e.revision) + 1;
    const key = { staff_id: d.staffId, period: d.period };
    const row = rows.get(key);
    const set = (changes: Row) => {
      if (row) rows.set({ ...row, ...changes, version });
    };
    const figures = (c: SheetComputation | undefined) => ({
      planned_units: num(c?.plannedUnits) ?? 0, delivered_units: num(c?.deliveredUnits) ?? 0, on_time_units: num(c?.onTimeUnits) ?? 0,
      meeting_quality_units: num(c?.meetingQualityUnits) ?? 0, computed_points: num(c?.taskPoints), quality_deductions: deductions(c).quality,
      progress_deductions: deductions(c).progress, lines: json(Array.isArray(c?.lines) ? c.lines : []),
    });
    switch (e.type) {
      case 'ScoreSheetDrafted': {
        const s = e.data as unknown as ScoreSheetDrafted['data'];
        const f = figures(s.computation);
        const drafted = {
          ...key, unit_id: text(s.unitId) ?? '', position_id: text(s.positionId), task_group: text(s.taskGroup) ?? '', status: 'draft', ...f,
          task_points: f.computed_points, products: unitsByProduct(Array.isArray(s.items) ? s.items : []), version,
        };
        rows.set(row ? { ...row, ...drafted } : {
          adjustment_points: 0, self_assessed: false, self_points: null, self_comment: null, contest_pending: false, contest_until: null, revisions: 0,
          adjustments: [], ...drafted,
        });
        return;
      }
      case 'ScoreSheetSelfAssessed': {
        const s = e.data as unknown as ScoreSheetSelfAssessed['data'];
        set({ self_assessed: true, self_points: num(s.selfPoints), self_comment: text(s.comment) });
        return;
      }
      case 'ScoreSheetConfirmed':
      case 'ScoreSheetRevised': {
        const s = e.data as unknown as ScoreSheetConfirmed['data'] | ScoreSheetRevised['data'];
        const adjustments = Array.isArray(s.adjustments) ? s.adjustments : [];
        const adj = adjustments.reduce((sum, a) => sum + (num(a?.points) ?? 0), 0);
        const f = figures(s.computation);
        const revised = e.type === 'ScoreSheetRevised';
        const until = revised ? instant((s as ScoreSheetRevised['data']).contestUntil) : null;
        set({
          status: row?.status === 'published' ? 'published' : 'confirmed', computed_points: f.computed_points, task_points: num(s.taskPoints), adjustment_points: adj,
          quality_deductions: f.quality_deductions, progress_deductions: f.progress_deductions, lines: f.lines, adjustments: json(adjustments),
          revisions: Number(row?.revisions ?? 0) + (revised ? 1 : 0),
          contest_pending: revised && (s as ScoreSheetRevised['data']).answersContest === true ? false : row?.contest_pending,
          contest_until: until ?? row?.contest_until ?? null,
        });
        return;
      }
      case 'ScoreSheetPublished':
        set({ status: 'published', contest_until: instant((e.data as unknown as ScoreSheetPublished['data']).contestUntil) });
        return;
      case 'ScoreSheetContested':
        set({ contest_pending: true });
        return;
    }
  }
}

/** The assignment an event is about, as the per-event code bound it (a non-text id as PostgreSQL would have read the parameter). */
function assignmentOf(e: RecordedEvent): string {
  const raw = (e.data as { assignmentId?: unknown }).assignmentId;
  if (raw === undefined || raw === null) return e.streamId.slice('assignment-'.length);
  return typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
}

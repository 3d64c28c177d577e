import type { Instant } from '../shared/ids.js';

/**
 * The numbers a score sheet is computed with, taken from the classification policy in
 * force (Decree 335/2025: 70 task points, 25 % per failed assessment and per delay).
 * Each carries its source in the policy; the sheet records them as used.
 */
export interface SheetScoring {
  readonly taskMax: number;
  readonly split: { readonly quantity: number; readonly quality: number; readonly progress: number };
  readonly qualityDeduction: number;
  readonly progressDeduction: number;
  /** Days after publication during which the staff member may contest. */
  readonly contestWindowDays: number;
  /** Policy id and version the numbers come from. */
  readonly policy: string;
}

/** One piece of work due in the period, as the record has it (read model `work_products_v1`). */
export interface SheetItem {
  readonly assignmentId: string;
  readonly title: string;
  /** Catalogue product code; null for ad-hoc work. */
  readonly productCode: string | null;
  readonly productName: string | null;
  readonly unitOfMeasure: string | null;
  readonly quantity: number;
  /** Converted units per product: the catalogue's in force for the period, or the issuer's for ad-hoc work. */
  readonly coefficient: number;
  /** Where the coefficient comes from (`catalogue <id> v<n>`, `ad hoc: <reason>`, `at issue`). */
  readonly coefficientSource: string;
  readonly dueAt: Instant;
  readonly completed: boolean;
  /** Delays charged to this item (a completion after the due date in force counts one). */
  readonly delays: number;
  /** Final review: exceeded | met | below, or null when not reviewed. */
  readonly quality: 'exceeded' | 'met' | 'below' | null;
  /** Failed assessments (reviews `below`), each a 25 % deduction unless excused. */
  readonly belowReviews: number;
}

/** An objective cause confirmed by the manager for one item: its delays or its failed assessments do not deduct. */
export interface ObjectiveCause {
  readonly assignmentId: string;
  readonly kind: 'delay' | 'quality';
  readonly reason: string;
}

export interface SheetLine {
  readonly assignmentId: string;
  readonly productCode: string | null;
  readonly units: number;
  readonly deliveredUnits: number;
  readonly quantityPoints: number;
  readonly qualityPoints: number;
  readonly progressPoints: number;
  readonly qualityDeductions: number;
  readonly progressDeductions: number;
  readonly excused: readonly ('delay' | 'quality')[];
}

/** The computed sheet: planned vs delivered converted units and the three parts of the task points. */
export interface SheetComputation {
  readonly plannedUnits: number;
  readonly deliveredUnits: number;
  readonly onTimeUnits: number;
  readonly meetingQualityUnits: number;
  readonly quantityPoints: number;
  readonly qualityPoints: number;
  readonly progressPoints: number;
  /** 0..taskMax; null when nothing was planned (the period has no task score). */
  readonly taskPoints: number | null;
  readonly lines: readonly SheetLine[];
}

const r4 = (x: number) => Math.round((x + Number.EPSILON) * 1e4) / 1e4;

/**
 * Decree 335/2025 art. 14, per product in converted units (verified
 * https://news.laodong.vn/tu-van-phap-luat/cong-chuc-duoc-xac-dinh-ket-qua-thuc-hien-nhiem-vu-theo-tieu-chi-nao-1673341.ldo):
 * quantity = completed units / assigned units; quality = completed units meeting the
 * content requirements / assigned units, each failed assessment deducting 25 % of
 * that product's quality points; progress = completed units on time / assigned units,
 * each delay deducting 25 % of that product's progress points; an objective cause
 * confirmed by the competent person removes the deduction. An item finally judged
 * below earns no quality points (the literal reading, as the classification policy's
 * default `share_meeting_requirements`); deductions are floored at zero per item.
 */
export function computeSheet(items: readonly SheetItem[], scoring: SheetScoring, causes: readonly ObjectiveCause[] = []): SheetComputation {
  const excused = (id: string, kind: 'delay' | 'quality') => causes.some((c) => c.assignmentId === id && c.kind === kind);
  const planned = items.reduce((s, i) => s + i.quantity * i.coefficient, 0);
  const qMax = scoring.taskMax * scoring.split.quantity;
  const lMax = scoring.taskMax * scoring.split.quality;
  const pMax = scoring.taskMax * scoring.split.progress;
  let delivered = 0;
  let onTime = 0;
  let meeting = 0;
  // Totals from unrounded values: rounding each line first loses points (6 units of 12 x 0.5 summed to 69.9999).
  const raw = { quantityPoints: 0, qualityPoints: 0, progressPoints: 0 };
  const lines: SheetLine[] = items.map((i) => {
    const units = i.quantity * i.coefficient;
    const done = i.completed ? units : 0;
    const delayEx = excused(i.assignmentId, 'delay');
    const qualEx = excused(i.assignmentId, 'quality');
    const progressDeductions = delayEx ? 0 : i.delays;
    const qualityDeductions = qualEx ? 0 : i.belowReviews;
    const meets = i.completed && (i.quality === 'exceeded' || i.quality === 'met' || (qualEx && i.quality === 'below'));
    // Failed assessments beyond the final one were on an item reworked until it met the requirements.
    const qualityUnits = meets ? units * Math.max(0, 1 - scoring.qualityDeduction * qualityDeductions) : 0;
    const progressUnits = i.completed ? units * Math.max(0, 1 - scoring.progressDeduction * progressDeductions) : 0;
    delivered += done;
    if (i.completed && (i.delays === 0 || delayEx)) onTime += units;
    if (meets) meeting += units;
    if (planned > 0) {
      raw.quantityPoints += (qMax * done) / planned;
      raw.qualityPoints += (lMax * qualityUnits) / planned;
      raw.progressPoints += (pMax * progressUnits) / planned;
    }
    return {
      assignmentId: i.assignmentId,
      productCode: i.productCode,
      units: r4(units),
      deliveredUnits: r4(done),
      quantityPoints: planned > 0 ? r4((qMax * done) / planned) : 0,
      qualityPoints: planned > 0 ? r4((lMax * qualityUnits) / planned) : 0,
      progressPoints: planned > 0 ? r4((pMax * progressUnits) / planned) : 0,
      qualityDeductions,
      progressDeductions,
      excused: [...(delayEx ? (['delay'] as const) : []), ...(qualEx ? (['quality'] as const) : [])],
    };
  });
  const quantityPoints = r4(raw.quantityPoints);
  const qualityPoints = r4(raw.qualityPoints);
  const progressPoints = r4(raw.progressPoints);
  const total = r4(raw.quantityPoints + raw.qualityPoints + raw.progressPoints);
  return {
    plannedUnits: r4(planned),
    deliveredUnits: r4(delivered),
    onTimeUnits: r4(onTime),
    meetingQualityUnits: r4(meeting),
    quantityPoints,
    qualityPoints,
    progressPoints,
    taskPoints: planned > 0 ? Math.min(scoring.taskMax, total) : null,
    lines,
  };
}

/** A sheet's period: `YYYY-MM` (monthly, the default) or `YYYY-Qn` (quarterly per policy). */
export const PERIOD_PATTERN = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

/** First day and the day after the last of a period (local dates), or null when malformed. */
export function periodBounds(period: string): { from: string; until: string; year: number } | null {
  const m = PERIOD_PATTERN.exec(period);
  if (!m) return null;
  const year = Number(m[1]);
  const startMonth = m[2] ? Number(m[2]) : (Number(m[3]) - 1) * 3 + 1;
  const months = m[2] ? 1 : 3;
  const d = (y: number, mo: number) => `${y + Math.floor((mo - 1) / 12)}-${String(((mo - 1) % 12) + 1).padStart(2, '0')}-01`;
  return { from: d(year, startMonth), until: d(year, startMonth + months), year };
}

/**
 * Vietnam's civil time (UTC+7, no daylight saving): a period ends at local midnight.
 * Interpretation: the record's instants are UTC; the period is the local calendar's.
 */
export function periodEndInstant(period: string): string | null {
  const b = periodBounds(period);
  return b ? new Date(`${b.until}T00:00:00+07:00`).toISOString() : null;
}

/** The period (`YYYY-MM`) a due instant falls in, on Vietnam's civil calendar. */
export function monthOf(instant: Instant): string {
  return new Date(Date.parse(instant) + 7 * 3600_000).toISOString().slice(0, 7);
}

/** The period of a due instant under a period kind. */
export function periodOf(instant: Instant, kind: 'month' | 'quarter'): string {
  const month = monthOf(instant);
  if (kind === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5, 7)) / 3)}`;
}

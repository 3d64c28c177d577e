import type { StaffCategory } from './policy.types.js';

/** Kinds of leave, as recorded by `LeaveRecorded` in the personnel context. */
export type LeaveKind = 'maternity' | 'sick' | 'study' | 'unpaid' | 'other';

/**
 * One month of a staff member's work record. Counts are of assignments due in the
 * month (the denominator every ratio uses), so a month can be re-scored from the
 * trail alone.
 */
export interface PeriodCounts {
  /** Calendar month 1..12 of the assessment year. */
  readonly month: number;
  /** Assignments due in the month. */
  readonly assigned: number;
  /** Of those, completed and accepted (an item returned for rework counts once it is accepted). */
  readonly completed: number;
  /** Of the completed, completed by their due date. */
  readonly completedOnTime: number;
  /** Of the completed on time, also meeting quality requirements (review exceeded or met). */
  readonly onTimeMeetingQuality: number;
  /** Delays: each missed due date counts once, an item can be late more than once. */
  readonly late: number;
  /** Of the delays, those with an objective cause confirmed by the assessor. */
  readonly delaysWithObjectiveCause: number;
  /** Completed items whose final review was `exceeded`. */
  readonly qualityExceeded: number;
  /** Completed items whose final review was `met`. */
  readonly qualityMet: number;
  /** Below-requirement reviews (each return for rework counts once). */
  readonly qualityBelow: number;
  /** Of the below-requirement reviews, those with an objective cause confirmed. */
  readonly belowWithObjectiveCause: number;
}

/** A disciplinary decision that took effect in the assessment year. */
export interface DisciplinaryDecisionFact {
  /** The decision number, for the trace. */
  readonly decisionNo?: string;
  /** The form as issued (reprimand, warning, dismissal_from_post, ...). */
  readonly form: string;
  /** Reprimand or a heavier form. The read model decides, because form scales differ by instrument. */
  readonly reprimandOrAbove: boolean;
  /** The violation was committed in performing public duties. */
  readonly publicServiceViolation: boolean;
  /** Identifies the violation; several decisions on one violation count once. */
  readonly violationId: string;
  /** The violation was already counted against the classification of an earlier year. */
  readonly countedInEarlierYear?: boolean;
  /** The earlier cycle that counted it (for the trace). */
  readonly countedInCycle?: string;
}

/** Results of the unit a leader heads, for the leader rules. */
export interface UnitResults {
  /** Levels of the subordinates the leader directly manages, as counts. */
  readonly subordinateLevels?: {
    readonly excellent: number;
    readonly good: number;
    readonly completed: number;
    readonly not_completed: number;
  };
  /** Share of the unit's targets met, 0..1 (1 = all targets met). */
  readonly targetsMetRatio?: number;
  /** Share of the unit's targets exceeded, 0..1. */
  readonly targetsExceededRatio?: number;
  /** Share of the unit's tasks done on time and with quality, 0..1. */
  readonly onTimeWithQualityRatio?: number;
  /**
   * Levels of the units under the leader's direct management (Decree 90/2020: "đơn vị
   * thuộc thẩm quyền phụ trách, quản lý trực tiếp"), as counts. All zero when the leader
   * manages no unit directly; absent when they could not all be rated.
   */
  readonly directUnitLevels?: {
    readonly excellent: number;
    readonly good: number;
    readonly completed: number;
    readonly not_completed: number;
  };
}

/**
 * Everything the engine needs about one staff member for one assessment year. Plain
 * data: the read models fill it, the engine never looks anything up.
 */
export interface StaffYearIndicators {
  readonly staffId: string;
  readonly unitId: string;
  /** Group of similar tasks within the unit (the quota is applied per group). */
  readonly taskGroup: string;
  readonly category: StaffCategory;
  readonly isLeader: boolean;
  readonly year: number;
  /** Months actually worked in the year, leave excluded (0..12, fractions allowed). */
  readonly monthsWorked: number;
  /** Months of leave in the year by kind. */
  readonly leaveMonths: Readonly<Partial<Record<LeaveKind, number>>>;
  /** Per-month counts; months with no record may be omitted. */
  readonly periods: readonly PeriodCounts[];
  /** General criteria score given by the assessor (Decree 335/2025: 0..30). */
  readonly generalCriteriaScore?: number;
  readonly disciplinaryDecisions: readonly DisciplinaryDecisionFact[];
  /** A concluded finding of political, ethical or lifestyle degradation. */
  readonly degradationConcluded: boolean;
  /** For leaders: a unit under their direct charge was handled for corruption or waste in the year. */
  readonly unitHandledForCorruptionOrWaste: boolean;
  /** For leaders: their unit's results. */
  readonly unitResults?: UnitResults;
  /**
   * The period score sheets of the year (issue 14), when the person's work is measured
   * against a product catalogue. Present and non-empty: the task points are the
   * confirmed sheets' (the count-based computation from `periods` is the fallback for
   * cycles without a catalogue).
   */
  readonly scoreSheets?: readonly ScoreSheetPeriod[];
  /** The recorded findings behind the facts above, for the trace (issue 15). */
  readonly findingRefs?: FindingRefs;
}

/** One period's score sheet as the classification reads it. */
export interface ScoreSheetPeriod {
  /** `YYYY-MM` or `YYYY-Qn`. */
  readonly period: string;
  /** Confirmed (or published/revised): the task points are a fact; otherwise still a draft. */
  readonly confirmed: boolean;
  /** Task points 0..70 after adjustments and revisions; null when nothing was planned. */
  readonly taskPoints: number | null;
  readonly plannedUnits: number;
  readonly deliveredUnits: number;
  /** Deductions charged (failed assessments, delays) and adjustments, for the trace. */
  readonly qualityDeductions: number;
  readonly progressDeductions: number;
  readonly adjustmentPoints: number;
  /** Converted units per product code (`ad-hoc` for work outside the catalogue). */
  readonly products: Readonly<Record<string, number>>;
}

/**
 * Where the facts of {@link StaffYearIndicators} came from: references to the
 * inspection findings (`inspection-<id>/<findingId>`) that established them.
 */
export interface FindingRefs {
  /** By calendar month: the findings confirming an objective cause for a delay. */
  readonly delaysWithObjectiveCause?: Readonly<Record<number, readonly string[]>>;
  /** By calendar month: the findings confirming an objective cause for a failed review. */
  readonly belowWithObjectiveCause?: Readonly<Record<number, readonly string[]>>;
  readonly degradationConcluded?: readonly string[];
  readonly unitHandledForCorruptionOrWaste?: readonly string[];
}

/** Numeric fields of {@link PeriodCounts} (summed over the year for the ratios). */
export const COUNT_FIELDS = [
  'assigned',
  'completed',
  'completedOnTime',
  'onTimeMeetingQuality',
  'late',
  'delaysWithObjectiveCause',
  'qualityExceeded',
  'qualityMet',
  'qualityBelow',
  'belowWithObjectiveCause',
] as const;

/** A numeric field of {@link PeriodCounts}. */
export type CountField = (typeof COUNT_FIELDS)[number];

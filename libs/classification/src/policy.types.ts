import type { CountField, LeaveKind } from './indicators.js';

/** Staff categories of the Law on Cadres and Civil Servants and the Law on Public Employees. */
export type StaffCategory = 'cadre' | 'civil_servant' | 'public_employee' | 'worker';

/** Quality levels, best first. */
export type Level = 'excellent' | 'good' | 'completed' | 'not_completed';

/** A level, or no classification at all (e.g. worked under six months). */
export type Outcome = Level | 'not_classified';

/** The levels a ladder step can grant; `not_completed` is what is left when none is met. */
export type RatedLevel = Exclude<Level, 'not_completed'>;

/** Levels best first; the index is the rank used to take the lower of two levels. */
export const LEVELS_BEST_FIRST: readonly Level[] = ['excellent', 'good', 'completed', 'not_completed'];

/**
 * Where a number or rule comes from. `basis` keeps the legal text apart from choices
 * the engine had to make where the sources are silent, so a council can tell them apart.
 */
export interface LegalSource {
  /** The instrument, e.g. `Decree 335/2025/ND-CP`, or `engine` for an interpretation. */
  readonly document: string;
  /** What the instrument says, in short. */
  readonly provision: string;
  readonly basis: 'legal_text' | 'interpretation' | 'parameter_default' | 'local_rule';
  readonly note?: string;
}

/** A policy parameter with its source. */
export interface Sourced<T> {
  readonly value: T;
  readonly source: LegalSource;
}

/**
 * Metrics a condition can test. `total.*` are year sums of {@link CountField}; ratios
 * are over assignments due (`assigned`); `unit.*` come from the leader's unit results;
 * `score`, `taskResultsScore` exist only under a points policy. A metric that cannot be
 * computed (e.g. a ratio with nothing assigned) is missing and fails every condition.
 */
export type MetricName =
  | `total.${CountField}`
  | 'completedRatio'
  | 'onTimeRatio'
  | 'meetingQualityRatio'
  | 'onTimeWithQualityRatio'
  | 'shortRatio'
  | 'exceededRatio'
  | 'monthsWorked'
  | 'leaveMonths'
  | 'generalCriteriaScore'
  | 'taskResultsScore'
  | 'score'
  | 'unit.targetsMetRatio'
  | 'unit.targetsExceededRatio'
  | 'unit.onTimeWithQualityRatio'
  | 'unit.subordinates'
  | 'unit.subordinatesNotCompleted'
  | 'unit.directUnits'
  | 'unit.directUnitsAtLeastCompletedRatio'
  | 'unit.directUnitsGoodOrBetterRatio';

/** The left side of a condition: a named metric, or a ratio of two year totals. */
export type Operand =
  | { readonly metric: MetricName }
  | { readonly ratio: { readonly numerator: CountField; readonly denominator: CountField } };

export type Comparator = '>=' | '>' | '<=' | '<' | '==';

/** `operand op threshold`, with its source. */
export interface Condition {
  /** Stable id, unique within the policy; it names the rule in the trace. */
  readonly id: string;
  readonly operand: Operand;
  readonly op: Comparator;
  readonly threshold: number;
  readonly source: LegalSource;
}

/** A level is granted when all its conditions hold. */
export interface LevelRule {
  readonly level: RatedLevel;
  readonly conditions: readonly Condition[];
}

/**
 * Levels tried best first; the first whose conditions all hold is the ladder's level.
 * `notCompletedWhen` are explicit not_completed rules (any one decides); when no level
 * holds the result is not_completed too, and the trace says which gap it fell in.
 */
export interface Ladder {
  readonly id: string;
  readonly title: string;
  /** `leaders`: the ladder only runs for leaders and the lower of it and the others wins. */
  readonly appliesTo: 'everyone' | 'leaders';
  readonly levels: readonly LevelRule[];
  readonly notCompletedWhen: readonly Condition[];
  /** Source for "meets no level above not_completed". */
  readonly fallthrough: LegalSource;
}

/** How a points policy turns the record into a score (Decree 335/2025 style). */
export interface PointsScoring {
  readonly kind: 'points';
  readonly generalCriteriaMax: Sourced<number>;
  readonly taskResultsMax: Sourced<number>;
  /** Length of a scoring period; months are summed into quarters when `quarter`. */
  readonly period: Sourced<'month' | 'quarter'>;
  /** Shares of the task-results points for quantity, quality and progress (sum 1). */
  readonly split: Sourced<{ readonly quantity: number; readonly quality: number; readonly progress: number }>;
  /** Share of an item's quality points lost per unexcused below-requirement review. */
  readonly qualityDeductionPerBelowReview: Sourced<number>;
  /**
   * How the quality points read the reviews.
   * - `share_meeting_requirements` (the decree's words): quality is the share of the
   *   assigned items whose result meets the requirements; an item that does not meet
   *   them earns no quality points, and each unexcused failed assessment of an item that
   *   was reworked until it met them deducts `qualityDeductionPerBelowReview` of its share.
   * - `deduction_per_below_review`: every completed item carries its full quality share
   *   less the deduction per unexcused failed assessment, so an item finally judged
   *   below keeps 75 % of it.
   */
  readonly qualityReading: Sourced<'share_meeting_requirements' | 'deduction_per_below_review'>;
  /** Share of an item's progress points lost per unexcused delay. */
  readonly progressDeductionPerDelay: Sourced<number>;
  /** Periods with nothing assigned are left out of the average. */
  readonly periodsWithoutAssignedWork: Sourced<'excluded'>;
  /** Leaders' unit factor on the task-results part. */
  readonly leaderUnitFactor?: {
    readonly allSubordinatesAtLeastCompleted: Sourced<number>;
    readonly anySubordinateNotCompleted: Sourced<number>;
    readonly appliesTo: Sourced<'task_results'>;
  };
  /** The annual score is rounded half up to this many decimals before the thresholds. */
  readonly scoreDecimals: Sourced<number>;
  /**
   * Period score sheets (issue 14): `average_confirmed` averages the confirmed periods
   * and lists the others in the trace; `all_required` makes an unconfirmed period an
   * input error. Absent: `average_confirmed`.
   */
  readonly unconfirmedSheets?: Sourced<'average_confirmed' | 'all_required'>;
  /** Days after a period sheet's publication during which the person may contest it (issue 14). */
  readonly sheetContestWindowDays?: Sourced<number>;
}

/** Conditions to be classified at all; failing one gives `not_classified`. */
export type EligibilityRule =
  | {
      readonly kind: 'min_months_worked';
      readonly id: string;
      readonly minMonths: number;
      /** Leave of these kinds counts as worked (e.g. maternity). */
      readonly creditedLeaveKinds: readonly LeaveKind[];
      readonly source: LegalSource;
    }
  | { readonly kind: 'assigned_work_recorded'; readonly id: string; readonly source: LegalSource };

/** Upper bounds on the level. */
export interface AbsenceCap {
  readonly kind: 'absence';
  readonly id: string;
  /** Leave months in [fromMonths, belowMonths) cap the level. */
  readonly fromMonths: number;
  readonly belowMonths: number;
  /** Leave of these kinds is not counted as absence. */
  readonly exemptLeaveKinds: readonly LeaveKind[];
  readonly atMost: Level;
  readonly source: LegalSource;
}

/** Facts that force not_completed whatever the score. */
export type OverrideRule =
  | {
      readonly kind: 'discipline';
      readonly id: string;
      readonly requireReprimandOrAbove: boolean;
      readonly requirePublicServiceViolation: boolean;
      /** A violation already counted in an earlier year does not count again. */
      readonly oncePerViolation: boolean;
      readonly source: LegalSource;
    }
  | {
      readonly kind: 'fact';
      readonly id: string;
      readonly fact: 'degradationConcluded' | 'unitHandledForCorruptionOrWaste';
      readonly leadersOnly: boolean;
      readonly source: LegalSource;
    };

/** What the quota pass sorts on to pick who drops first; staff id ascending always ends the order. */
export interface QuotaOrderKey {
  readonly key: MetricName;
  readonly direction: 'asc' | 'desc';
}

/** Excellent at most `share` of the number rated good, within each scope group. */
export interface QuotaRule {
  readonly id: string;
  readonly share: Sourced<number>;
  /**
   * `classified`: the good count as classified, before the pass (the published result
   * then always satisfies the rule). `final`: the largest number of excellent that the
   * result after the pass satisfies (those dropped to good count as good).
   */
  readonly base: Sourced<'classified' | 'final'>;
  readonly rounding: Sourced<'floor' | 'round' | 'ceil'>;
  /** Grouping keys, applied one after the other, e.g. [[unit, task group], [unit]]. */
  readonly scopes: Sourced<readonly (readonly ('unitId' | 'taskGroup')[])[]>;
  /** Who drops first: the first key's lowest (asc) value first, and so on. */
  readonly dropOrder: Sourced<readonly QuotaOrderKey[]>;
  /**
   * The exception for organisations with outstanding achievements: a unit whose share the
   * competent authority decided (passed to the quota pass with the decision) uses that
   * share instead. Absent: the policy has no such exception.
   */
  readonly outstandingUnitException?: Sourced<'decided_share'>;
  /** How groups of similar tasks are formed (stated in the trace). */
  readonly grouping?: Sourced<'declared_job_position_sets'>;
}

/** A scope line: the policy covers this category for these assessment years. */
export interface PolicyScope {
  readonly category: StaffCategory;
  readonly fromYear: number;
  /** Inclusive; absent = until a newer policy covers the category. */
  readonly toYear?: number;
  readonly source: LegalSource;
}

/**
 * A classification policy: data only. The engine (`classify`) interprets it; nothing
 * about a particular decree is written in code.
 */
export interface Policy {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly scope: readonly PolicyScope[];
  readonly eligibility: readonly EligibilityRule[];
  readonly scoring?: PointsScoring;
  readonly ladders: readonly Ladder[];
  readonly caps: readonly AbsenceCap[];
  readonly overrides: readonly OverrideRule[];
  readonly quota?: QuotaRule;
  /** Ids of overlays already applied, in order. */
  readonly overlays: readonly string[];
}

/**
 * A jurisdiction's stricter local rules on top of a policy: extra conditions per level
 * of one ladder. Overlays only add conditions, so they can never make a level easier.
 */
export interface PolicyOverlay {
  readonly id: string;
  readonly title: string;
  /** The policy ids this overlay may extend. */
  readonly extends: readonly string[];
  /** Ladder to extend; defaults to the first ladder (the individual one). */
  readonly ladderId?: string;
  readonly conditions: Readonly<Partial<Record<RatedLevel, readonly Condition[]>>>;
}

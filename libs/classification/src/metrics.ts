import { COUNT_FIELDS, type CountField, type LeaveKind, type PeriodCounts, type StaffYearIndicators } from './indicators.js';
import type { ClassificationFieldError } from './errors.js';
import type { MetricName } from './policy.types.js';

/** Metric values by name; a missing key is a metric that cannot be computed. */
export type Metrics = Partial<Record<MetricName, number>>;

/** Every metric name a condition may use; the policy compiler rejects anything else. */
export const METRIC_NAMES: ReadonlySet<string> = new Set<MetricName>([
  ...COUNT_FIELDS.map((f) => `total.${f}` as const),
  'completedRatio',
  'onTimeRatio',
  'meetingQualityRatio',
  'onTimeWithQualityRatio',
  'shortRatio',
  'exceededRatio',
  'monthsWorked',
  'leaveMonths',
  'generalCriteriaScore',
  'taskResultsScore',
  'score',
  'unit.targetsMetRatio',
  'unit.targetsExceededRatio',
  'unit.onTimeWithQualityRatio',
  'unit.subordinates',
  'unit.subordinatesNotCompleted',
  'unit.directUnits',
  'unit.directUnitsAtLeastCompletedRatio',
  'unit.directUnitsGoodOrBetterRatio',
]);

export type Totals = Record<CountField, number>;

export function emptyTotals(): Totals {
  return {
    assigned: 0,
    completed: 0,
    completedOnTime: 0,
    onTimeMeetingQuality: 0,
    late: 0,
    delaysWithObjectiveCause: 0,
    qualityExceeded: 0,
    qualityMet: 0,
    qualityBelow: 0,
    belowWithObjectiveCause: 0,
  };
}

// Spelled out rather than looped over COUNT_FIELDS: keyed access by a variable is the
// hottest spot when a whole province is classified.
export function addCounts(into: Totals, p: PeriodCounts): void {
  into.assigned += p.assigned;
  into.completed += p.completed;
  into.completedOnTime += p.completedOnTime;
  into.onTimeMeetingQuality += p.onTimeMeetingQuality;
  into.late += p.late;
  into.delaysWithObjectiveCause += p.delaysWithObjectiveCause;
  into.qualityExceeded += p.qualityExceeded;
  into.qualityMet += p.qualityMet;
  into.qualityBelow += p.qualityBelow;
  into.belowWithObjectiveCause += p.belowWithObjectiveCause;
}

export function sumLeave(leave: StaffYearIndicators['leaveMonths'], except: readonly LeaveKind[] = []): number {
  let sum = 0;
  for (const [kind, months] of Object.entries(leave) as [LeaveKind, number | undefined][]) {
    if (months !== undefined && !except.includes(kind)) sum += months;
  }
  return sum;
}

const ratio = (num: number, den: number): number | undefined => (den > 0 ? num / den : undefined);

/** The metrics that do not depend on the policy (scores are added by the scoring step). */
export function baseMetrics(ind: StaffYearIndicators, totals: Totals): Metrics {
  const m: Metrics = {
    'total.assigned': totals.assigned,
    'total.completed': totals.completed,
    'total.completedOnTime': totals.completedOnTime,
    'total.onTimeMeetingQuality': totals.onTimeMeetingQuality,
    'total.late': totals.late,
    'total.delaysWithObjectiveCause': totals.delaysWithObjectiveCause,
    'total.qualityExceeded': totals.qualityExceeded,
    'total.qualityMet': totals.qualityMet,
    'total.qualityBelow': totals.qualityBelow,
    'total.belowWithObjectiveCause': totals.belowWithObjectiveCause,
  };
  const a = totals.assigned;
  set(m, 'completedRatio', ratio(totals.completed, a));
  set(m, 'onTimeRatio', ratio(totals.completedOnTime, a));
  set(m, 'meetingQualityRatio', ratio(totals.qualityExceeded + totals.qualityMet, a));
  set(m, 'onTimeWithQualityRatio', ratio(totals.onTimeMeetingQuality, a));
  // One division of exact integers, so a ratio equal to a decimal threshold compares equal.
  set(m, 'shortRatio', ratio(a - totals.onTimeMeetingQuality, a));
  set(m, 'exceededRatio', ratio(totals.qualityExceeded, a));
  m.monthsWorked = ind.monthsWorked;
  m.leaveMonths = sumLeave(ind.leaveMonths);
  set(m, 'generalCriteriaScore', ind.generalCriteriaScore);
  const u = ind.unitResults;
  if (u) {
    set(m, 'unit.targetsMetRatio', u.targetsMetRatio);
    set(m, 'unit.targetsExceededRatio', u.targetsExceededRatio);
    set(m, 'unit.onTimeWithQualityRatio', u.onTimeWithQualityRatio);
    const s = u.subordinateLevels;
    if (s) {
      m['unit.subordinates'] = s.excellent + s.good + s.completed + s.not_completed;
      m['unit.subordinatesNotCompleted'] = s.not_completed;
    }
    const d = u.directUnitLevels;
    if (d) {
      const n = d.excellent + d.good + d.completed + d.not_completed;
      m['unit.directUnits'] = n;
      // "100% of the units under direct management": met by a leader who manages none (nothing falls short).
      m['unit.directUnitsAtLeastCompletedRatio'] = n === 0 ? 1 : (n - d.not_completed) / n;
      m['unit.directUnitsGoodOrBetterRatio'] = n === 0 ? 1 : (d.excellent + d.good) / n;
    }
  }
  return m;
}

function set(m: Metrics, name: MetricName, value: number | undefined): void {
  if (value !== undefined) m[name] = value;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isShare = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;

function periodIsWellFormed(p: PeriodCounts): boolean {
  return (
    Number.isInteger(p.month) && p.month >= 1 && p.month <= 12 &&
    isCount(p.assigned) && isCount(p.completed) && isCount(p.completedOnTime) && isCount(p.onTimeMeetingQuality) &&
    isCount(p.late) && isCount(p.delaysWithObjectiveCause) && isCount(p.qualityExceeded) && isCount(p.qualityMet) &&
    isCount(p.qualityBelow) && isCount(p.belowWithObjectiveCause) &&
    p.completed <= p.assigned && p.completedOnTime <= p.completed && p.onTimeMeetingQuality <= p.completedOnTime &&
    p.delaysWithObjectiveCause <= p.late && p.belowWithObjectiveCause <= p.qualityBelow &&
    p.qualityExceeded + p.qualityMet <= p.completed && p.onTimeMeetingQuality <= p.qualityExceeded + p.qualityMet
  );
}

/** Structural checks on the indicators; the read models should never produce these. */
export function validateIndicators(ind: StaffYearIndicators): ClassificationFieldError[] {
  const errors: ClassificationFieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!ind.staffId) err('staffId', 'required');
  if (!ind.unitId) err('unitId', 'required');
  if (typeof ind.taskGroup !== 'string') err('taskGroup', 'required');
  if (!Number.isInteger(ind.year)) err('year', 'must be an integer year');
  if (!(ind.monthsWorked >= 0 && ind.monthsWorked <= 12)) err('monthsWorked', 'must be within 0..12');
  for (const [kind, months] of Object.entries(ind.leaveMonths)) {
    if (!(typeof months === 'number' && months >= 0 && months <= 12)) err(`leaveMonths.${kind}`, 'must be within 0..12');
  }
  if (ind.monthsWorked + sumLeave(ind.leaveMonths) > 12 + 1e-9) err('leaveMonths', 'months worked plus leave exceed 12');
  let seen = 0;
  ind.periods.forEach((p, i) => {
    if (periodIsWellFormed(p) && (seen & (1 << p.month)) === 0) {
      seen |= 1 << p.month;
      return;
    }
    // Slow path only for bad input: name every offending field.
    const at = `periods[${i}]`;
    if (!(Number.isInteger(p.month) && p.month >= 1 && p.month <= 12)) err(`${at}.month`, 'must be 1..12');
    else if ((seen & (1 << p.month)) !== 0) err(`${at}.month`, `month ${p.month} appears twice`);
    for (const f of COUNT_FIELDS) if (!isCount(p[f])) err(`${at}.${f}`, 'must be a non-negative integer');
    const le = (a: CountField, b: CountField) => {
      if (p[a] > p[b]) err(`${at}.${a}`, `must not exceed ${b}`);
    };
    le('completed', 'assigned');
    le('completedOnTime', 'completed');
    le('onTimeMeetingQuality', 'completedOnTime');
    le('delaysWithObjectiveCause', 'late');
    le('belowWithObjectiveCause', 'qualityBelow');
    if (p.qualityExceeded + p.qualityMet > p.completed) err(`${at}.qualityMet`, 'exceeded plus met must not exceed completed');
    if (p.onTimeMeetingQuality > p.qualityExceeded + p.qualityMet) {
      err(`${at}.onTimeMeetingQuality`, 'must not exceed exceeded plus met');
    }
  });
  ind.disciplinaryDecisions.forEach((d, i) => {
    if (!d.violationId) err(`disciplinaryDecisions[${i}].violationId`, 'required');
  });
  const u = ind.unitResults;
  if (u) {
    for (const k of ['targetsMetRatio', 'targetsExceededRatio', 'onTimeWithQualityRatio'] as const) {
      if (u[k] !== undefined && !isShare(u[k])) err(`unitResults.${k}`, 'must be within 0..1');
    }
    for (const field of ['subordinateLevels', 'directUnitLevels'] as const) {
      const s = u[field];
      if (!s) continue;
      for (const k of ['excellent', 'good', 'completed', 'not_completed'] as const) {
        if (!isCount(s[k])) err(`unitResults.${field}.${k}`, 'must be a non-negative integer');
      }
    }
  }
  return errors;
}

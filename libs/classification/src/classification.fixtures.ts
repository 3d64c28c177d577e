import type { PeriodCounts, StaffYearIndicators } from './indicators.js';

/** A month with `assigned` items, all completed on time, meeting quality, nothing late: override what the case needs. */
export function month(monthNo: number, counts: Partial<Omit<PeriodCounts, 'month'>> = {}): PeriodCounts {
  const assigned = counts.assigned ?? 10;
  const completed = counts.completed ?? assigned;
  const completedOnTime = counts.completedOnTime ?? completed;
  const qualityExceeded = counts.qualityExceeded ?? 0;
  const qualityMet = counts.qualityMet ?? completed - qualityExceeded;
  return {
    month: monthNo,
    assigned,
    completed,
    completedOnTime,
    onTimeMeetingQuality: counts.onTimeMeetingQuality ?? Math.min(completedOnTime, qualityExceeded + qualityMet),
    late: counts.late ?? 0,
    delaysWithObjectiveCause: counts.delaysWithObjectiveCause ?? 0,
    qualityExceeded,
    qualityMet,
    qualityBelow: counts.qualityBelow ?? 0,
    belowWithObjectiveCause: counts.belowWithObjectiveCause ?? 0,
  };
}

/** A non-leader civil servant with a clean record and one month of ten items done well. */
export function staff(overrides: Partial<StaffYearIndicators> = {}): StaffYearIndicators {
  return {
    staffId: 's-001',
    unitId: 'u-1',
    taskGroup: 'licensing',
    category: 'civil_servant',
    isLeader: false,
    year: 2026,
    monthsWorked: 12,
    leaveMonths: {},
    periods: [month(1)],
    generalCriteriaScore: 30,
    disciplinaryDecisions: [],
    degradationConcluded: false,
    unitHandledForCorruptionOrWaste: false,
    ...overrides,
  };
}

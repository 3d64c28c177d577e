import type { LocalDate } from '../shared/ids.js';
import { addDays, addYears } from './discipline.calendar.js';

/** How serious an alleged violation is, for the statute of limitations. */
export type ViolationSeverity = 'reprimand_level' | 'higher';

const LAW_2019_ART_80 = 'Law on Cadres and Civil Servants 2008 as amended 2019, art. 80';

/**
 * Time limits of disciplinary handling as data, each with its source (indicative: to be
 * confirmed by a legal reviewer, including whether the 2025 law kept the same numbers).
 */
export const DISCIPLINE_TIME_LIMITS = {
  id: 'discipline-time-limits',
  version: '2020-07-01',
  limitation: {
    reprimand_level: { years: 5, source: `${LAW_2019_ART_80}(1)(a): 5 years for reprimand-level violations (indicative)` },
    higher: { years: 10, source: `${LAW_2019_ART_80}(1)(b): 10 years for other violations (indicative)` },
  },
  processing: {
    days: 90,
    extendedDays: 150,
    source: `${LAW_2019_ART_80}(2): at most 90 days, extendable to at most 150 for complex cases (indicative)`,
  },
  council: {
    minPresent: 3,
    source:
      'Decree 112/2020/NĐ-CP as amended (council meetings): at least 3 members present, including the chair and the secretary (indicative)',
  },
  appeal: {
    days: 15,
    source:
      'Law on Complaints 2011 (No. 02/2011/QH13), art. 48: 15 days to complain against a disciplinary decision (indicative; counted here from the decision date)',
  },
  counting: 'Civil Code 2015 arts. 147-148: the day of the event is not counted; a period ends at the end of its last day (indicative)',
} as const;

/**
 * The last day disciplinary action may still be decided for a violation: the violation
 * date plus 5 or 10 years (the day itself is not counted, the period ends on the
 * corresponding day).
 */
export function limitationLastDay(violationDate: LocalDate, severity: ViolationSeverity): LocalDate {
  return addYears(violationDate, DISCIPLINE_TIME_LIMITS.limitation[severity].years);
}

/** A violation is time-barred on a date after its last day. */
export function isTimeBarred(violationDate: LocalDate, severity: ViolationSeverity, onDate: LocalDate): boolean {
  return onDate > limitationLastDay(violationDate, severity);
}

/** Last day to decide a case opened on `openedOn`, before any extension. */
export function processingDeadline(openedOn: LocalDate): LocalDate {
  return addDays(openedOn, DISCIPLINE_TIME_LIMITS.processing.days);
}

/** The latest the processing deadline can be extended to. */
export function maximumProcessingDeadline(openedOn: LocalDate): LocalDate {
  return addDays(openedOn, DISCIPLINE_TIME_LIMITS.processing.extendedDays);
}

/** Last day to file an appeal against a decision issued on `decidedOn`. */
export function appealDeadline(decidedOn: LocalDate): LocalDate {
  return addDays(decidedOn, DISCIPLINE_TIME_LIMITS.appeal.days);
}

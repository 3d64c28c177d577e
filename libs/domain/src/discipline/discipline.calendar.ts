import { toMillis, type Instant, type LocalDate } from '../shared/ids.js';

/**
 * Calendar arithmetic for legal time limits. Limits run in calendar days of Vietnam
 * (UTC+7, no daylight saving), so an instant is first turned into the Vietnamese date.
 */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date in Vietnam at an instant. */
export function vietnamDate(instant: Instant): LocalDate {
  return new Date(toMillis(instant) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The same day `years` later. A period in years ends on the corresponding day of the
 * last year, or on the last day of the month when there is none (29 February)
 * (Civil Code 2015 art. 148, indicative).
 */
export function addYears(date: LocalDate, years: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return new Date(Date.UTC(y + years, m - 1, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** The date `days` calendar days later. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same day `months` later, or the month's last day when there is none. */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (0 on the same day). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

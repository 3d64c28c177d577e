import { toMillis, type Instant, type LocalDate } from '../shared/ids.js';

/**
 * Working-day arithmetic for the statutory processing times of administrative
 * procedures (which run in working days). A calendar is data, per year, with the source
 * of every day off: the weekly rest days, the public holidays of the Labour Code and the
 * annual notice that places the Lunar New Year (Tết) and the National Day holidays.
 *
 * Time is counted in office time of Vietnam (UTC+7): a working day is the office hours
 * of one working day, so a stage that starts on a Friday afternoon uses the rest of the
 * Friday, then continues on Monday. A share of 0.5 day is half the office hours.
 */

const VN_OFFSET_MS = 7 * 3600_000;
const MINUTE = 60_000;

/** A day off other than a weekly rest day. */
export interface DayOff {
  readonly date: LocalDate;
  readonly name: string;
  readonly source: string;
}

/** One year of the calendar. */
export interface CalendarYear {
  readonly year: number;
  readonly daysOff: readonly DayOff[];
  /** Weekend days that are worked instead of a day off moved next to a holiday (ngày làm bù). */
  readonly workedWeekendDays: readonly DayOff[];
  readonly source: string;
}

const LABOUR_CODE_112 =
  'Labour Code 2019 (45/2019/QH14) art. 112(1): New Year 1 day, Tết 5 days, Hùng Kings 1 day (10/3 lunar), 30/4 1 day, 1/5 1 day, ' +
  'National Day 2 days (2/9 and a day before or after). verified: http://118.69.201.249:801/phap-luat/tim-tu-van?loc=end_news&page=62&q=L%E1%BB%85+gi%E1%BB%97+t%E1%BB%95+h%C3%B9ng+v%C6%B0%C6%A1ng (thuvienphapluat answer quoting art. 112(1)(d)-(e))';
const COMPENSATION = 'interpretation of Labour Code 2019 art. 112(3): a holiday on a weekly rest day is taken on the next working day';
const NOTICE_2026 =
  'Ministry of Home Affairs notice 9441/TB-BNV of 16/10/2025: Tết 2026 off from Monday 16/02/2026 to Friday 20/02/2026 (5 days). ' +
  'verified: https://vietbao.vn/bo-noi-vu-thong-bao-lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-568329.html';
const NATIONAL_DAY_2026 =
  'interpretation: National Day 2026 per art. 112(1)(đ) (Wednesday 2/9 and Tuesday 1/9) and the 9441/TB-BNV headline of 5 days off (29/08-02/09, so Monday 31/8 ' +
  'moved); the notice text on National Day and any Saturday worked in exchange were not read (no worked Saturday is in the data)';
const NOTICE_2025 =
  'interpretation: Tết 2025 (Ất Tỵ) off 27-31/01/2025, Hùng Kings 7/4, 30/4-1/5 with Friday 2/5 moved to Saturday 26/4, National Day 1-2/9; ' +
  'consistent with a secondary page read (https://www.tet-amlich.com/2024/11/cac-ngay-nghi-le-2025.html), the notices themselves not read';

/**
 * The calendars this ledger knows (data). A year not listed is counted with weekends and
 * the fixed-date holidays of art. 112 only, and `calendarFor` says so (`complete: false`).
 */
export const WORKING_CALENDARS: readonly CalendarYear[] = [
  {
    year: 2025,
    source: `${LABOUR_CODE_112}; ${NOTICE_2025}`,
    daysOff: [
      { date: '2025-01-01', name: 'New Year', source: LABOUR_CODE_112 },
      ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((date) => ({ date, name: 'Tết', source: NOTICE_2025 })),
      { date: '2025-04-07', name: 'Hùng Kings Commemoration (10/3 lunar)', source: LABOUR_CODE_112 },
      { date: '2025-04-30', name: 'Reunification Day', source: LABOUR_CODE_112 },
      { date: '2025-05-01', name: 'International Labour Day', source: LABOUR_CODE_112 },
      { date: '2025-05-02', name: 'moved day off (worked 26/4)', source: NOTICE_2025 },
      { date: '2025-09-01', name: 'National Day (adjacent day)', source: LABOUR_CODE_112 },
      { date: '2025-09-02', name: 'National Day', source: LABOUR_CODE_112 },
    ],
    workedWeekendDays: [{ date: '2025-04-26', name: 'worked instead of 2/5', source: NOTICE_2025 }],
  },
  {
    year: 2026,
    source: `${LABOUR_CODE_112}; ${NOTICE_2026}`,
    daysOff: [
      { date: '2026-01-01', name: 'New Year', source: LABOUR_CODE_112 },
      ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'].map((date) => ({ date, name: 'Tết', source: NOTICE_2026 })),
      { date: '2026-04-27', name: 'Hùng Kings Commemoration (10/3 lunar = Sunday 26/4), taken Monday', source: COMPENSATION },
      { date: '2026-04-30', name: 'Reunification Day', source: LABOUR_CODE_112 },
      { date: '2026-05-01', name: 'International Labour Day', source: LABOUR_CODE_112 },
      { date: '2026-08-31', name: 'National Day (moved day)', source: NATIONAL_DAY_2026 },
      { date: '2026-09-01', name: 'National Day (adjacent day)', source: NATIONAL_DAY_2026 },
      { date: '2026-09-02', name: 'National Day', source: LABOUR_CODE_112 },
    ],
    workedWeekendDays: [],
  },
];

/** Office hours of a working day, minutes after local midnight. */
export const OFFICE_HOURS = {
  periods: [
    [8 * 60, 12 * 60],
    [13 * 60, 17 * 60],
  ] as const,
  source:
    'interpretation: 8 working hours a day, 40 a week Monday to Friday (Decision 188/1999/QĐ-TTg on the 40-hour week); the hours themselves are set by each province (08:00-12:00, 13:00-17:00 here)',
} as const;

const MINUTES_PER_DAY = OFFICE_HOURS.periods.reduce((n, [a, b]) => n + (b - a), 0);

const FIXED_HOLIDAYS = ['01-01', '04-30', '05-01', '09-02'];

const byYear = new Map(WORKING_CALENDARS.map((c) => [c.year, { off: new Set(c.daysOff.map((d) => d.date)), worked: new Set(c.workedWeekendDays.map((d) => d.date)) }]));

/** Whether the calendar of a year is known in full (holidays placed by the annual notice). */
export function calendarFor(year: number): { readonly complete: boolean; readonly year: CalendarYear | null } {
  const c = WORKING_CALENDARS.find((y) => y.year === year) ?? null;
  return { complete: c !== null, year: c };
}

/** True on a working day (not a weekend unless worked instead, not a day off). */
export function isWorkingDay(date: LocalDate): boolean {
  const year = Number(date.slice(0, 4));
  const known = byYear.get(year);
  if (known?.worked.has(date)) return true;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (dow === 0 || dow === 6) return false;
  if (known) return !known.off.has(date);
  return !FIXED_HOLIDAYS.includes(date.slice(5));
}

/** Local day number (days since epoch in Vietnam time) and minute of the day of an instant. */
function local(instant: Instant): { day: number; minute: number } {
  const ms = toMillis(instant) + VN_OFFSET_MS;
  const day = Math.floor(ms / 86_400_000);
  return { day, minute: (ms - day * 86_400_000) / MINUTE };
}

function dateOf(day: number): LocalDate {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function instantOf(day: number, minute: number): Instant {
  return new Date(day * 86_400_000 + minute * MINUTE - VN_OFFSET_MS).toISOString();
}

/** Office minutes of a working day before `minute`. */
function officeMinutesBefore(minute: number): number {
  let n = 0;
  for (const [a, b] of OFFICE_HOURS.periods) n += Math.max(0, Math.min(b, minute) - a);
  return n;
}

/** The minute of the day at which `n` office minutes of that day have passed (n in 0..MINUTES_PER_DAY). */
function minuteAfterOffice(n: number): number {
  let left = n;
  for (const [a, b] of OFFICE_HOURS.periods) {
    if (left <= b - a) return a + left;
    left -= b - a;
  }
  const last = OFFICE_HOURS.periods[OFFICE_HOURS.periods.length - 1] as readonly [number, number];
  return last[1];
}

/** Upper bound on the days a search walks (guards odd data: a recorded event never throws). */
const MAX_DAYS = 366 * 20;

/**
 * The instant at which `days` working days (fractional: 0.5 = half the office hours)
 * have run from `start`. Time outside office hours and days off do not count; the due
 * instant is the end of the office time, so 1 day from Monday 08:00 is Monday 17:00 and
 * 1 day from Friday 14:00 is Monday 14:00.
 */
export function addWorkingDays(start: Instant, days: number): Instant {
  let remaining = Math.round(days * MINUTES_PER_DAY);
  const s = local(start);
  let day = s.day;
  let used = isWorkingDay(dateOf(day)) ? officeMinutesBefore(s.minute) : MINUTES_PER_DAY;
  if (remaining <= 0) return start;
  for (let i = 0; i < MAX_DAYS; i++) {
    if (isWorkingDay(dateOf(day))) {
      const free = MINUTES_PER_DAY - used;
      if (remaining <= free) return instantOf(day, minuteAfterOffice(used + remaining));
      remaining -= free;
    }
    day += 1;
    used = 0;
  }
  return instantOf(day, 0);
}

/**
 * Working days (fractional, office time) from `from` to `to`; negative when `to` is
 * before `from`. Rounded to 1/100 day.
 */
export function workingDaysBetween(from: Instant, to: Instant): number {
  if (toMillis(to) < toMillis(from)) return -workingDaysBetween(to, from);
  const a = local(from);
  const b = local(to);
  let minutes = 0;
  const span = Math.min(b.day - a.day, MAX_DAYS);
  for (let d = a.day; d <= a.day + span; d++) {
    if (!isWorkingDay(dateOf(d))) continue;
    const start = d === a.day ? officeMinutesBefore(a.minute) : 0;
    const end = d === b.day ? officeMinutesBefore(b.minute) : MINUTES_PER_DAY;
    minutes += Math.max(0, end - start);
  }
  return Math.round((minutes / MINUTES_PER_DAY) * 100) / 100;
}

/** The calendar date in Vietnam of an instant. */
export function vnDate(instant: Instant): LocalDate {
  return dateOf(local(instant).day);
}

import { addWorkingDays, calendarFor, isWorkingDay, workingDaysBetween } from './working-calendar.js';

/** Instants are written in Vietnam time (UTC+7), as the centre's clock shows them. */
const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

describe('working days (Labour Code 2019 art. 112; the annual holiday notice; office hours as data)', () => {
  it('a stage of 1 day starting on a Friday afternoon ends on Monday afternoon', () => {
    expect(addWorkingDays(vn('2026-03-06T14:00:00'), 1)).toBe(vn('2026-03-09T14:00:00'));
    expect(workingDaysBetween(vn('2026-03-06T14:00:00'), vn('2026-03-09T14:00:00'))).toBe(1);
  });

  it('1 day from Monday 08:00 ends Monday 17:00; half a day from 18:00 ends the next day at noon', () => {
    expect(addWorkingDays(vn('2026-03-02T08:00:00'), 1)).toBe(vn('2026-03-02T17:00:00'));
    expect(addWorkingDays(vn('2026-03-02T18:00:00'), 0.5)).toBe(vn('2026-03-03T12:00:00'));
    // The lunch break does not count.
    expect(addWorkingDays(vn('2026-03-02T11:00:00'), 0.25)).toBe(vn('2026-03-02T14:00:00'));
  });

  it('skips Tết 2026 (16-20/02, notice 9441/TB-BNV) and the weekends around it', () => {
    for (const d of ['2026-02-14', '2026-02-16', '2026-02-20', '2026-02-22']) expect(isWorkingDay(d)).toBe(false);
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(addWorkingDays(vn('2026-02-13T08:00:00'), 2)).toBe(vn('2026-02-23T17:00:00'));
  });

  it('skips 30/4 and 1/5, and the Hùng Kings day moved from Sunday 26/4/2026 to Monday', () => {
    expect(addWorkingDays(vn('2026-04-29T08:00:00'), 2)).toBe(vn('2026-05-04T17:00:00'));
    expect(isWorkingDay('2026-04-27')).toBe(false);
  });

  it('counts a Saturday worked instead of a moved day off (26/04/2025)', () => {
    expect(isWorkingDay('2025-04-26')).toBe(true);
    expect(isWorkingDay('2025-05-02')).toBe(false);
  });

  it('a year without its notice counts weekends and the fixed-date holidays only, and says so', () => {
    expect(calendarFor(2031).complete).toBe(false);
    expect(isWorkingDay('2031-01-01')).toBe(false);
    expect(isWorkingDay('2031-09-02')).toBe(false);
    expect(calendarFor(2026).complete).toBe(true);
  });

  it('counts backwards as negative and never throws on a long span', () => {
    expect(workingDaysBetween(vn('2026-03-09T14:00:00'), vn('2026-03-06T14:00:00'))).toBe(-1);
    expect(() => workingDaysBetween(vn('2026-01-01T00:00:00'), vn('2199-01-01T00:00:00'))).not.toThrow();
  });
});

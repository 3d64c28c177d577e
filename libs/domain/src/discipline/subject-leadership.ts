import type { LocalDate } from '../shared/ids.js';
import type { StaffEvent } from '../personnel/staff.events.js';
import type { Allegation } from './case.events.js';

/**
 * Whether a person held a leadership or management post on a date, read from their
 * staff history (LeadershipAppointed / LeadershipEnded with effective dates), not from
 * the directory as it is today: the forms open to a civil servant depend on the post
 * held when the violation happened (issue 13 item 10). A post ends on the day its
 * LeadershipEnded takes effect.
 */
export function heldLeadershipOn(history: readonly StaffEvent[], date: LocalDate): boolean {
  const open = new Map<string, LocalDate>();
  const periods: { from: LocalDate; until?: LocalDate }[] = [];
  for (const e of history) {
    if (e.type === 'LeadershipAppointed') open.set(`${e.data.role}@${e.data.unitId}`, e.data.effectiveOn);
    if (e.type === 'LeadershipEnded') {
      const key = `${e.data.role}@${e.data.unitId}`;
      const from = open.get(key);
      if (from !== undefined) periods.push({ from, until: e.data.effectiveOn });
      open.delete(key);
    }
  }
  for (const from of open.values()) periods.push({ from });
  return periods.some((p) => p.from <= date && (p.until === undefined || date < p.until));
}

/**
 * A subject is disciplined as a leader when they held a post on the day of any alleged
 * violation (for a continuing violation, on its first or last day). Interpretation: the
 * decree ties the forms to the post held; which day of a continuing violation counts is
 * not said, so either end counts.
 */
export function leaderAtViolation(history: readonly StaffEvent[], allegations: readonly Pick<Allegation, 'violationDate' | 'violationEndDate'>[]): boolean {
  return allegations.some(
    (a) => heldLeadershipOn(history, a.violationDate) || (a.violationEndDate !== undefined && heldLeadershipOn(history, a.violationEndDate)),
  );
}

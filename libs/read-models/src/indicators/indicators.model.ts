import type { AssignmentEvent, CompletionQuality } from '#domain';

/**
 * Pure parts of the indicators read model: what one assignment contributes to its
 * holder's monthly counts, and how leave and service turn into months worked. The
 * projection writes `new contribution - old contribution` on every assignment event,
 * so a moved deadline or a handoff moves the count to the right month and person.
 */

/** Months are bucketed in Vietnam time (UTC+7), the administration's calendar. */
const VN_OFFSET_MS = 7 * 3600_000;

export interface YearMonth {
  readonly year: number;
  readonly month: number;
}

export function monthOf(instant: string): YearMonth {
  const d = new Date(Date.parse(instant) + VN_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** Counter columns of `staff_indicators_v1` (whitelist for the SQL writer). */
export const COUNTER_COLUMNS = [
  'assigned',
  'completed',
  'completed_on_time',
  'on_time_meeting_quality',
  'late',
  'quality_exceeded',
  'quality_met',
  'quality_below',
  'handoffs_initiated',
  'handoffs_received',
  'ping_pong',
  'declines',
  'extensions',
  'consultations_within_authority',
  'consultations_unrelated_party',
  'consultations_answered_late',
  'consultations_no_position',
  'dossiers_returned_repeat',
  'commendations',
] as const;
export type CounterColumn = (typeof COUNTER_COLUMNS)[number];
export type Counts = Partial<Record<CounterColumn, number>>;

/** What the indicators keep about one assignment. */
export interface AssignmentTrack {
  readonly assignmentId: string;
  readonly kind: string;
  /** Whoever holds the work now (or completed it): the person it counts for. */
  readonly holder: string;
  readonly unitId: string | null;
  readonly dueAt: string;
  readonly status: 'open' | 'completed' | 'cancelled';
  readonly completedAt: string | null;
  /** Completed after the due date in force, or a late dossier with an apology. */
  readonly delayed: boolean;
  readonly quality: CompletionQuality | null;
  readonly returns: number;
}

/** The track after one event; undefined before the issue (events of unknown work are ignored). */
export function evolveAssignmentTrack(track: AssignmentTrack | undefined, event: AssignmentEvent): AssignmentTrack | undefined {
  if (event.type === 'AssignmentIssued') {
    const d = event.data;
    return { assignmentId: d.assignmentId, kind: d.kind, holder: d.assignee, unitId: d.unitId, dueAt: d.dueAt, status: 'open', completedAt: null, delayed: false, quality: null, returns: 0 };
  }
  if (!track) return undefined;
  switch (event.type) {
    case 'AssignmentHandedOff':
      return { ...track, holder: event.data.to, unitId: event.data.toUnitId ?? track.unitId };
    case 'AssignmentDeclined':
      return { ...track, holder: event.data.returnedTo };
    case 'DeadlineExtended':
      return { ...track, dueAt: event.data.newDueAt };
    case 'ApologyIssued':
      return { ...track, dueAt: event.data.newDueAt, delayed: true };
    case 'AssignmentCompleted':
      return { ...track, holder: event.data.completedBy, status: 'completed', completedAt: event.data.completedAt, delayed: track.delayed || event.data.late };
    case 'CompletionReviewed':
      return { ...track, quality: event.data.quality };
    case 'AssignmentCancelled':
      return { ...track, status: 'cancelled' };
    case 'DossierReturnedToApplicant':
      return { ...track, returns: track.returns + 1 };
    case 'AssignmentAccepted':
    case 'ProgressReported':
      return track;
    default:
      return track;
  }
}

/** One row's worth of counts for one person and month. */
export interface Contribution {
  readonly staffId: string;
  readonly year: number;
  readonly month: number;
  readonly counts: Counts;
}

/**
 * What an assignment adds to its holder's month (the month of its due date): due,
 * completed, on time, delayed, quality. Cancelled work counts for nobody.
 */
export function assignmentContribution(t: AssignmentTrack | undefined): Contribution | undefined {
  if (!t || t.status === 'cancelled') return undefined;
  const { year, month } = monthOf(t.dueAt);
  const completed = t.status === 'completed' ? 1 : 0;
  const onTime = completed && !t.delayed ? 1 : 0;
  const meets = t.quality === 'exceeded' || t.quality === 'met';
  return {
    staffId: t.holder,
    year,
    month,
    counts: {
      assigned: 1,
      completed,
      completed_on_time: onTime,
      on_time_meeting_quality: onTime && meets ? 1 : 0,
      late: t.delayed ? 1 : 0,
      quality_exceeded: completed && t.quality === 'exceeded' ? 1 : 0,
      quality_met: completed && t.quality === 'met' ? 1 : 0,
      quality_below: completed && t.quality === 'below' ? 1 : 0,
    },
  };
}

/** `after - before` as a list of per-row deltas (zero rows left out). */
export function contributionDelta(before: Contribution | undefined, after: Contribution | undefined): Contribution[] {
  const byKey = new Map<string, { staffId: string; year: number; month: number; counts: Record<string, number> }>();
  const add = (c: Contribution | undefined, sign: number) => {
    if (!c) return;
    const key = `${c.staffId}\u0000${c.year}\u0000${c.month}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { staffId: c.staffId, year: c.year, month: c.month, counts: {} }));
    for (const [k, v] of Object.entries(c.counts)) row.counts[k] = (row.counts[k] ?? 0) + sign * (v ?? 0);
  };
  add(before, -1);
  add(after, 1);
  const out: Contribution[] = [];
  for (const row of byKey.values()) {
    const counts = Object.fromEntries(Object.entries(row.counts).filter(([, v]) => v !== 0)) as Counts;
    if (Object.keys(counts).length) out.push({ staffId: row.staffId, year: row.year, month: row.month, counts });
  }
  return out;
}

export interface LeaveSpan {
  readonly kind: 'maternity' | 'sick' | 'study' | 'unpaid' | 'other';
  readonly from: string;
  readonly to: string;
}

/**
 * Months in service and leave by kind in a calendar year, day-accurate per month:
 * each month counts its employed days minus leave days over the month's length.
 * Rounded to 2 decimals.
 */
export function serviceMonths(
  year: number,
  joinedOn: string,
  leftOn: string | null,
  leaves: readonly LeaveSpan[],
): { monthsWorked: number; leaveMonths: Partial<Record<LeaveSpan['kind'], number>>; monthsInService: number } {
  const day = 86_400_000;
  const dayNo = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / day);
  const join = dayNo(joinedOn);
  const left = leftOn ? dayNo(leftOn) - 1 : Number.POSITIVE_INFINITY; // leftOn is the first day out
  let worked = 0;
  let inService = 0;
  const leave: Partial<Record<LeaveSpan['kind'], number>> = {};
  for (let m = 0; m < 12; m++) {
    const start = Date.UTC(year, m, 1) / day;
    const end = Date.UTC(year, m + 1, 1) / day - 1;
    const length = end - start + 1;
    const from = Math.max(start, join);
    const to = Math.min(end, left);
    if (to < from) continue;
    const employed = to - from + 1;
    let onLeave = 0;
    for (const l of leaves) {
      const lf = Math.max(from, dayNo(l.from));
      const lt = Math.min(to, dayNo(l.to));
      if (lt < lf) continue;
      const days = lt - lf + 1;
      onLeave += days;
      leave[l.kind] = (leave[l.kind] ?? 0) + days / length;
    }
    inService += employed / length;
    worked += Math.max(0, employed - onLeave) / length;
  }
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    monthsWorked: r(worked),
    monthsInService: r(inService),
    leaveMonths: Object.fromEntries(Object.entries(leave).map(([k, v]) => [k, r(v)])) as Partial<Record<LeaveSpan['kind'], number>>,
  };
}

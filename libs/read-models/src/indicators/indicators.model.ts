import { assignmentEventTime, dossierEventTime, isRepresentableInstant, watchDeadline, watchDossierDeadline, type AssignmentEvent, type DossierEvent, type ConsultationEvent, type AssignmentHandedOff, type CompletionQuality, type DeadlineWatch, type MissedDeadline } from '#domain';

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

/** A due date missed while `staffId` held the work (see `watchDeadline` in the work domain). */
export interface ChargedDelay {
  readonly staffId: string;
  readonly dueAt: string;
  /**
   * The inspection finding that confirmed an objective cause for this delay
   * (`inspection-<id>/<findingId>`): the delay stays on the record but no longer
   * counts as lateness (issue 15).
   */
  readonly excusedBy?: string;
  /**
   * The id of the event that showed the date passed (the `deadline_missed` signal's
   * event): how the watchlist finds the signal an excused delay is (issue 15 review: the
   * due date as text was no identity). Absent on delays projected before it was kept
   * (`npm run cli -- rebuild staff_indicators_v1` stamps them).
   */
  readonly eventId?: string;
}

/** The track with the delay the event just revealed (the last one) stamped with the event's id. */
export function stampRevealedDelay(track: AssignmentTrack, eventId: string): AssignmentTrack {
  const last = track.delays.at(-1);
  if (!last || last.eventId !== undefined) return track;
  return { ...track, delays: [...track.delays.slice(0, -1), { ...last, eventId }] };
}

/**
 * The track with every delay charged to `staffId` excused by the finding (an objective
 * cause confirmed), or no longer excused by it (the finding withdrawn). Pure; a finding
 * about a person the work never delayed changes nothing.
 */
export function excuseDelays(track: AssignmentTrack, staffId: string, finding: string, excused: boolean): AssignmentTrack {
  const delays = track.delays.map((d) => {
    if (d.staffId !== staffId) return d;
    if (excused) return d.excusedBy ? d : { ...d, excusedBy: finding };
    if (d.excusedBy !== finding) return d;
    const { excusedBy: _gone, ...rest } = d;
    return rest;
  });
  return { ...track, delays };
}

/** What the indicators keep about one assignment. */
export interface AssignmentTrack {
  readonly assignmentId: string;
  readonly kind: string;
  /** Whoever holds the work now (or completed it): the person the item itself counts for. */
  readonly holder: string;
  readonly unitId: string | null;
  /**
   * The due date in force; null when the recorded one is unusable (odd data written
   * behind the API: not an instant, a day that does not exist, a year the record
   * cannot hold): no date is in force, nobody is charged until a usable one is recorded,
   * and the item counts in the month it ends (`assignmentContributions`).
   */
  readonly dueAt: string | null;
  /** `paused`: a dossier waiting for the applicant's supplement (its clock is stopped: not open work past due). */
  readonly status: 'open' | 'paused' | 'completed' | 'cancelled';
  readonly completedAt: string | null;
  /**
   * Every due date that passed, each charged to whoever held the work when it passed.
   * Someone who received the work already late is charged only for a date in force
   * for them (after an apology or an extension) that they miss.
   */
  readonly delays: readonly ChargedDelay[];
  /** Who held the work when the due date in force passed; null while it has not passed as far as the record shows. */
  readonly missedBy: string | null;
  readonly quality: CompletionQuality | null;
  readonly returns: number;
}

/** A recorded instant the indicators can store and compare (a real day, years 1900..2200), else null. */
export function usableInstant(value: unknown): string | null {
  return isRepresentableInstant(value) ? value : null;
}

/**
 * The watch a track gives the attribution rule. When no usable date is in force, or the
 * event carries no usable time, nothing can be compared: the watch is not `open`, so the
 * rule charges nobody (and parses nothing), while the event's other effects (a new
 * holder, a new date) still apply. A recorded event with an odd date is never dropped.
 */
function watchOf(track: AssignmentTrack, eventAt: unknown): DeadlineWatch {
  const comparable = track.dueAt !== null && usableInstant(eventAt) !== null;
  return { holder: track.holder, dueAt: track.dueAt ?? '', missedBy: track.missedBy, open: track.status === 'open' && comparable };
}

/** The event's time, or null when the event is too odd to name one. */
function timeOf(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return null;
  }
}

/** The track after one event, and the missed due date the event revealed (if any). */
export function stepAssignmentTrack(
  track: AssignmentTrack | undefined,
  event: AssignmentEvent,
): { readonly track: AssignmentTrack | undefined; readonly missed: MissedDeadline | null } {
  if (event.type === 'AssignmentIssued') {
    const d = event.data;
    return {
      track: { assignmentId: d.assignmentId, kind: d.kind, holder: d.assignee, unitId: d.unitId, dueAt: usableInstant(d.dueAt), status: 'open', completedAt: null, delays: [], missedBy: null, quality: null, returns: 0 },
      missed: null,
    };
  }
  if (!track) return { track: undefined, missed: null };
  const { watch, missed } = watchDeadline(watchOf(track, timeOf(() => assignmentEventTime(event))), event);
  const w = watch as DeadlineWatch;
  const t: AssignmentTrack = {
    ...track,
    holder: typeof w.holder === 'string' ? w.holder : track.holder,
    dueAt: usableInstant(w.dueAt),
    missedBy: w.missedBy,
    delays: missed ? [...track.delays, { staffId: missed.staffId, dueAt: missed.dueAt }] : track.delays,
  };
  switch (event.type) {
    case 'AssignmentHandedOff':
      return { track: { ...t, unitId: event.data.toUnitId ?? t.unitId }, missed };
    case 'AssignmentCompleted':
      return { track: { ...t, status: 'completed', completedAt: usableInstant(event.data.completedAt) }, missed };
    case 'CompletionReviewed':
      return { track: { ...t, quality: event.data.quality }, missed };
    case 'AssignmentCancelled':
      return { track: { ...t, status: 'cancelled' }, missed };
    case 'DossierReturnedToApplicant':
      return { track: { ...t, returns: t.returns + 1 }, missed };
    default:
      return { track: t, missed };
  }
}

/**
 * A dossier (issue 19) as the indicators see it: the same track as an assignment, keyed
 * by its stream id, whose due date in force is the current stage's (watchDossierDeadline):
 * each stage date that passes is charged to that stage's holder, so the delay of the
 * second stage lands on its officer, not on the centre that hands the result back. The
 * item itself counts for whoever holds it at the end (the centre), like any work.
 */
export function stepDossierTrack(
  track: AssignmentTrack | undefined,
  event: DossierEvent,
  streamId: string,
): { readonly track: AssignmentTrack | undefined; readonly missed: MissedDeadline | null } {
  if (event.type === 'DossierReceived') {
    const d = event.data;
    // Odd data in a recorded event: no receiving officer, nobody to count the item for; an unusable stage date is no date in force.
    if (track || typeof d.receivedBy !== 'string') return { track, missed: null };
    return {
      track: { assignmentId: streamId, kind: 'dossier', holder: d.receivedBy, unitId: typeof d.centreUnitId === 'string' ? d.centreUnitId : null, dueAt: usableInstant(d.stageDueAt), status: 'open', completedAt: null, delays: [], missedBy: null, quality: null, returns: 0 },
      missed: null,
    };
  }
  if (!track) return { track: undefined, missed: null };
  // A hand-over or a supplement with an odd stage date still moves the dossier (new holder, unit, stage): only the date is not in force.
  const { watch, missed } = watchDossierDeadline(watchOf(track, timeOf(() => dossierEventTime(event))), event);
  const w = watch as DeadlineWatch;
  const t: AssignmentTrack = {
    ...track,
    holder: typeof w.holder === 'string' ? w.holder : track.holder,
    dueAt: usableInstant(w.dueAt),
    missedBy: w.missedBy,
    delays: missed ? [...track.delays, { staffId: missed.staffId, dueAt: missed.dueAt }] : track.delays,
  };
  switch (event.type) {
    case 'DossierHandedOver':
      return { track: { ...t, unitId: typeof event.data.toUnitId === 'string' ? event.data.toUnitId : t.unitId }, missed };
    case 'DossierCarriedAcrossMerger':
      return { track: t.unitId === event.data.fromUnitId ? { ...t, unitId: event.data.toUnitId } : t, missed };
    case 'DossierSupplementRequested':
      // The clock stops: no date is in force while the applicant supplements (the watchlist's open work past due leaves it out).
      return { track: t.status === 'open' ? { ...t, status: 'paused' } : t, missed };
    case 'DossierSupplementReceived':
      return { track: t.status === 'paused' ? { ...t, status: 'open' } : t, missed };
    case 'DossierResultReady':
      return { track: { ...t, status: 'completed', completedAt: usableInstant(event.data.readyAt) }, missed };
    case 'DossierReturnedWithReasons':
      return { track: { ...t, status: 'completed', completedAt: usableInstant(event.data.returnedAt), returns: t.returns + 1 }, missed };
    case 'DossierWithdrawn':
      // The applicant's choice: the item counts for nobody (like cancelled work).
      return { track: { ...t, status: 'cancelled' }, missed };
    default:
      return { track: t, missed };
  }
}

/** The avoidance signals of a dossier event: a missed stage date, and a supplement request that could have been avoided. */
export function dossierSignals(after: AssignmentTrack, event: DossierEvent, missed: MissedDeadline | null): SignalFact[] {
  const out: SignalFact[] = [];
  const dossierId = after.assignmentId;
  if (missed) out.push({ signal: 'deadline_missed', staffId: missed.staffId, at: missed.detectedAt, detail: { dossierId, dueAt: missed.dueAt } });
  if (event.type === 'DossierSupplementRequested' && event.data.avoidableItems.length > 0) {
    out.push({ signal: 'dossier_returned_repeat', staffId: event.data.requestedBy, at: event.data.requestedAt, detail: { dossierId, requestNo: event.data.requestNo, avoidableItems: event.data.avoidableItems } });
  }
  return out;
}

/** The track after one event; undefined before the issue (events of unknown work are ignored). */
export function evolveAssignmentTrack(track: AssignmentTrack | undefined, event: AssignmentEvent): AssignmentTrack | undefined {
  return stepAssignmentTrack(track, event).track;
}

/** Who is answerable for open work past its due date: whoever held it when the date passed. */
export function pastDueOwner(track: Pick<AssignmentTrack, 'holder' | 'missedBy'>): string {
  return track.missedBy ?? track.holder;
}

/** One row's worth of counts for one person and month. */
export interface Contribution {
  readonly staffId: string;
  readonly year: number;
  readonly month: number;
  readonly counts: Counts;
}

/**
 * What an assignment adds to the monthly rows. The item itself (due, completed, on
 * time, quality) counts for its holder in the month of the due date in force; it is on
 * time when no delay on it is charged to that holder. Each missed due date adds one
 * delay (`late`) to whoever held the work when it passed, in the month of that date.
 * Cancelled work counts for nobody.
 */
export function assignmentContributions(t: AssignmentTrack | undefined): Contribution[] {
  if (!t || t.status === 'cancelled') return [];
  // The month of the due date; with no usable due date, the month the item ended (until then it counts nowhere yet).
  const basis = t.dueAt ?? t.completedAt;
  const delays: Contribution[] = t.delays.filter((d) => !d.excusedBy).map((d) => ({ staffId: d.staffId, ...monthOf(d.dueAt), counts: { late: 1 } }));
  if (basis === null) return delays;
  const { year, month } = monthOf(basis);
  const completed = t.status === 'completed' ? 1 : 0;
  // A delay excused by an objective cause (inspection finding) is not the holder's lateness.
  const ownDelay = t.delays.some((d) => d.staffId === t.holder && !d.excusedBy);
  const onTime = completed && !ownDelay ? 1 : 0;
  const meets = t.quality === 'exceeded' || t.quality === 'met';
  const out: Contribution[] = [
    {
      staffId: t.holder,
      year,
      month,
      counts: {
        assigned: 1,
        completed,
        completed_on_time: onTime,
        on_time_meeting_quality: onTime && meets ? 1 : 0,
        late: 0,
        quality_exceeded: completed && t.quality === 'exceeded' ? 1 : 0,
        quality_met: completed && t.quality === 'met' ? 1 : 0,
        quality_below: completed && t.quality === 'below' ? 1 : 0,
      },
    },
    ...delays,
  ];
  return out;
}

/** `after - before` as a list of per-row deltas (zero rows left out). */
export function contributionDelta(before: readonly Contribution[], after: readonly Contribution[]): Contribution[] {
  const byKey = new Map<string, { staffId: string; year: number; month: number; counts: Record<string, number> }>();
  const add = (c: Contribution, sign: number) => {
    const key = `${c.staffId}\u0000${c.year}\u0000${c.month}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { staffId: c.staffId, year: c.year, month: c.month, counts: {} }));
    for (const [k, v] of Object.entries(c.counts)) row.counts[k] = (row.counts[k] ?? 0) + sign * (v ?? 0);
  };
  for (const c of before) add(c, -1);
  for (const c of after) add(c, 1);
  const out: Contribution[] = [];
  for (const row of byKey.values()) {
    const counts = Object.fromEntries(Object.entries(row.counts).filter(([, v]) => v !== 0)) as Counts;
    if (Object.keys(counts).length) out.push({ staffId: row.staffId, year: row.year, month: row.month, counts });
  }
  return out;
}

/** Avoidance signals written at event time (open work past due is computed at read time). */
export type AvoidanceSignal =
  | 'handoff_initiated'
  | 'ping_pong'
  | 'decline'
  | 'extension'
  | 'deadline_missed'
  | 'consultation_within_authority'
  | 'consultation_unrelated_party'
  | 'consultation_late_answer'
  | 'consultation_no_position'
  | 'dossier_returned_repeat';

/** A signal for a person at an instant, with what a reader needs to look it up. */
export interface SignalFact {
  readonly signal: AvoidanceSignal;
  readonly staffId: string;
  readonly at: string;
  readonly detail: Readonly<Record<string, unknown>>;
  /** The instant whose month the counter moves in, when not `at` (a flag counts in the month of the request or answer). */
  readonly countAt?: string;
}

/**
 * Who manages what, at the time of a handoff: enough to tell a manager routing work in
 * their scope from a holder pushing their own work away.
 */
export interface RoutingContext {
  /** Units the person who made the handoff headed or deputised on its date. */
  readonly byLeads: readonly string[];
  /** The work's unit and its ancestors (empty when unknown). */
  readonly workUnitLine: readonly string[];
  /** The receiver's unit and its ancestors (empty when unknown). */
  readonly toUnitLine: readonly string[];
}

/** Handoffs that are not the holder's choice. */
const NOT_CHOSEN_BY_HOLDER: ReadonlySet<string> = new Set(['restructure', 'leave']);

/**
 * True when a handoff is the holder pushing their own work away: the holder made it
 * (`by` = `from`), for a reason of their choosing, and it is not a manager routing work
 * within a unit they lead (the work and the receiver both in that unit's subtree). A
 * return to the sender is never routing. Someone else moving the holder's work (a head
 * reassigning it, HR in a restructure) is not the holder's doing.
 */
export function isHolderPushingAway(d: AssignmentHandedOff['data'], ctx: RoutingContext): boolean {
  if (d.by !== d.from || NOT_CHOSEN_BY_HOLDER.has(d.reason)) return false;
  if (d.reason === 'returned_to_sender') return true;
  const routedInScope = ctx.byLeads.some(
    (u) => ctx.toUnitLine.includes(u) && (ctx.workUnitLine.length === 0 || ctx.workUnitLine.includes(u)),
  );
  return !routedInScope;
}

/**
 * The avoidance signals an assignment event raises, with the counters they move. Pure:
 * `before`/`after` are the tracks around the event, `missed` the due date it showed as
 * passed, `routing` the management context of a handoff (only read for handoffs).
 */
export function assignmentSignals(
  before: AssignmentTrack | undefined,
  after: AssignmentTrack,
  event: AssignmentEvent,
  missed: MissedDeadline | null,
  routing: RoutingContext,
): SignalFact[] {
  const out: SignalFact[] = [];
  const assignmentId = after.assignmentId;
  if (missed) {
    out.push({ signal: 'deadline_missed', staffId: missed.staffId, at: missed.detectedAt, detail: { assignmentId, dueAt: missed.dueAt } });
  }
  switch (event.type) {
    case 'AssignmentHandedOff': {
      const d = event.data;
      if (!isHolderPushingAway(d, routing)) return out;
      out.push({ signal: 'handoff_initiated', staffId: d.from, at: d.handedOffAt, detail: { reason: d.reason, to: d.to, assignmentId } });
      // Counted against the holder who sent the work back to someone who had held it.
      if (d.pingPong) out.push({ signal: 'ping_pong', staffId: d.from, at: d.handedOffAt, detail: { to: d.to, reason: d.reason, assignmentId } });
      return out;
    }
    case 'AssignmentDeclined':
      out.push({ signal: 'decline', staffId: event.data.declinedBy, at: event.data.declinedAt, detail: { reason: event.data.reason, assignmentId } });
      return out;
    case 'DeadlineExtended':
      // The holder whose date moved, not the manager who approved (and recorded) it.
      if (before) {
        out.push({ signal: 'extension', staffId: before.holder, at: event.data.extendedAt, detail: { approvedBy: event.data.approvedBy, newDueAt: event.data.newDueAt, assignmentId } });
      }
      return out;
    case 'DossierReturnedToApplicant':
      // "Returned more than once": every return from the second on is a signal.
      if (after.returns >= 2) out.push({ signal: 'dossier_returned_repeat', staffId: event.data.returnedBy, at: event.data.returnedAt, detail: { returns: after.returns, assignmentId } });
      return out;
    default:
      return out;
  }
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

/** What the indicators keep about one consultation: who asked, who answered, and which signals were counted. */
export interface ConsultationTrack {
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly answeredBy: string | null;
  readonly answeredAt: string | null;
  readonly within: boolean;
  readonly unrelated: boolean;
  readonly late: boolean;
  readonly noPosition: boolean;
}

/**
 * The consultation signals an event raises, each at most once per consultation: asking
 * on a matter within one's own authority (declared or flagged) and asking an unrelated
 * party count against the requester; a late answer and an answer with no position (or a
 * vague one, when flagged) against whoever answered. A flag about an answer that was
 * never given raises nothing.
 */
export function stepConsultationTrack(
  track: ConsultationTrack | undefined,
  event: ConsultationEvent,
  consultationId: string,
): { readonly track: ConsultationTrack | undefined; readonly signals: SignalFact[] } {
  const signals: SignalFact[] = [];
  if (event.type === 'ConsultationRequested') {
    if (track) return { track, signals };
    const d = event.data;
    if (d.withinRequesterAuthority) {
      signals.push({ signal: 'consultation_within_authority', staffId: d.requestedBy, at: d.requestedAt, detail: { consultationId, declaredByRequester: true } });
    }
    return {
      track: { requestedBy: d.requestedBy, requestedAt: d.requestedAt, answeredBy: null, answeredAt: null, within: d.withinRequesterAuthority, unrelated: false, late: false, noPosition: false },
      signals,
    };
  }
  if (!track) return { track, signals };
  let t = track;
  switch (event.type) {
    case 'ConsultationAnswered': {
      const d = event.data;
      t = { ...t, answeredBy: d.answeredBy, answeredAt: d.answeredAt };
      if (d.late && !t.late) {
        t = { ...t, late: true };
        signals.push({ signal: 'consultation_late_answer', staffId: d.answeredBy, at: d.answeredAt, detail: { consultationId } });
      }
      if (d.position === 'no_position' && !t.noPosition) {
        t = { ...t, noPosition: true };
        signals.push({ signal: 'consultation_no_position', staffId: d.answeredBy, at: d.answeredAt, detail: { consultationId } });
      }
      return { track: t, signals };
    }
    case 'ConsultationFlagged': {
      const d = event.data;
      const at = d.flaggedAt;
      const answeredBy = t.answeredBy;
      if (d.flag === 'within_own_authority' && !t.within) {
        t = { ...t, within: true };
        signals.push({ signal: 'consultation_within_authority', staffId: t.requestedBy, at, countAt: t.requestedAt, detail: { consultationId, flaggedBy: d.by } });
      } else if (d.flag === 'unrelated_party' && !t.unrelated) {
        t = { ...t, unrelated: true };
        signals.push({ signal: 'consultation_unrelated_party', staffId: t.requestedBy, at, countAt: t.requestedAt, detail: { consultationId, flaggedBy: d.by } });
      } else if (d.flag === 'late_response' && !t.late && answeredBy) {
        t = { ...t, late: true };
        signals.push({ signal: 'consultation_late_answer', staffId: answeredBy, at, countAt: t.answeredAt ?? at, detail: { consultationId, flaggedBy: d.by } });
      } else if (d.flag === 'vague_response' && !t.noPosition && answeredBy) {
        t = { ...t, noPosition: true };
        signals.push({ signal: 'consultation_no_position', staffId: answeredBy, at, countAt: t.answeredAt ?? at, detail: { consultationId, flaggedBy: d.by, vague: true } });
      }
      return { track: t, signals };
    }
    default:
      return { track: t, signals };
  }
}

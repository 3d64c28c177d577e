import { assertNever } from '../shared/decider.js';
import { toMillis, type Instant } from '../shared/ids.js';
import type { AssignmentEvent } from './assignment.events.js';

/**
 * Who let a deadline pass. The rule (DESIGN.md, "Attribution rule"): a missed due date
 * belongs to whoever held the work when it passed. Whoever receives work that is
 * already late is charged only if they miss the due date in force for them, which an
 * apology (`ApologyIssued`) or an approved extension (`DeadlineExtended`) sets.
 *
 * The record has no clock tick at the due date: a passing is seen at the first event
 * recorded after it (a handoff, a decline, an apology, a late completion...). The
 * holder then is the one who held the work when the date passed, because the holder
 * only changes on events. Work still open past its date with no event since is the
 * current holder's (read models compute that against `now`).
 *
 * Pure; the indicators, the watchlist and the responsibility trail all fold the same
 * events through {@link watchDeadline}, so the rule lives here only.
 */
export interface DeadlineWatch {
  /** Who holds the work now. */
  readonly holder: string;
  /** The due date in force. */
  readonly dueAt: Instant;
  /** Who held the work when the due date in force passed; null while it has not passed as far as the record shows. */
  readonly missedBy: string | null;
  /** Still pending with someone (issued, accepted, declined). */
  readonly open: boolean;
}

/** One missed due date, charged to `staffId`. */
export interface MissedDeadline {
  readonly staffId: string;
  /** The due date that passed. */
  readonly dueAt: Instant;
  /** The instant of the first event recorded after it (when the record shows it had passed). */
  readonly detectedAt: Instant;
}

/** The business instant of an assignment event. */
export function assignmentEventTime(event: AssignmentEvent): Instant {
  switch (event.type) {
    case 'AssignmentIssued':
      return event.data.issuedAt;
    case 'AssignmentAccepted':
      return event.data.acceptedAt;
    case 'AssignmentDeclined':
      return event.data.declinedAt;
    case 'AssignmentHandedOff':
      return event.data.handedOffAt;
    case 'ProgressReported':
      return event.data.reportedAt;
    case 'DeadlineExtended':
      return event.data.extendedAt;
    case 'AssignmentCompleted':
      return event.data.completedAt;
    case 'CompletionReviewed':
      return event.data.reviewedAt;
    case 'AssignmentCancelled':
      return event.data.cancelledAt;
    case 'DossierReturnedToApplicant':
      return event.data.returnedAt;
    case 'ApologyIssued':
      return event.data.issuedAt;
    case 'AssignmentProductNamed':
      return event.data.namedAt;
    default:
      return assertNever(event, 'assignment event');
  }
}

/**
 * The watch after one event, and the due date this event shows was missed (if any).
 * Events before the issue are ignored (a recorded event never throws).
 */
export function watchDeadline(
  watch: DeadlineWatch | undefined,
  event: AssignmentEvent,
): { readonly watch: DeadlineWatch | undefined; readonly missed: MissedDeadline | null } {
  if (event.type === 'AssignmentIssued') {
    return { watch: { holder: event.data.assignee, dueAt: event.data.dueAt, missedBy: null, open: true }, missed: null };
  }
  if (!watch) return { watch: undefined, missed: null };
  let w = watch;
  let missed: MissedDeadline | null = null;
  const at = assignmentEventTime(event);
  // Strictly after, as `AssignmentCompleted.late` measures it.
  if (w.open && w.missedBy === null && toMillis(at) > toMillis(w.dueAt)) {
    missed = { staffId: w.holder, dueAt: w.dueAt, detectedAt: at };
    w = { ...w, missedBy: w.holder };
  }
  switch (event.type) {
    case 'AssignmentHandedOff':
      return { watch: { ...w, holder: event.data.to }, missed };
    case 'AssignmentDeclined':
      return { watch: { ...w, holder: event.data.returnedTo }, missed };
    case 'DeadlineExtended':
    case 'ApologyIssued':
      // A new date is in force for whoever holds the work from now on.
      return { watch: { ...w, dueAt: event.data.newDueAt, missedBy: null }, missed };
    case 'AssignmentCompleted':
      return { watch: { ...w, holder: event.data.completedBy, open: false }, missed };
    case 'AssignmentCancelled':
      return { watch: { ...w, open: false }, missed };
    case 'AssignmentAccepted':
    case 'ProgressReported':
    case 'CompletionReviewed':
    case 'DossierReturnedToApplicant':
    case 'AssignmentProductNamed':
      return { watch: w, missed };
    default:
      return assertNever(event, 'assignment event');
  }
}

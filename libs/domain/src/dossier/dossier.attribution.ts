import { assertNever } from '../shared/decider.js';
import { toMillis, type Instant } from '../shared/ids.js';
import type { DeadlineWatch, MissedDeadline } from '../work/deadline-attribution.js';
import type { DossierEvent } from './dossier.events.js';

/**
 * The attribution rule of the work context (deadline-attribution.ts) applied to the
 * stages of a dossier: the due date in force for a holder is the due date of the stage
 * they hold (its share of the statutory time from its start, moved by a supplement
 * pause). A missed stage date is charged to whoever held the stage when it passed, as
 * seen at the first event recorded after it (the hand-over that ends the stage, at the
 * latest). The next stage starts with its own full share, so a late stage does not make
 * the following ones late: the delay belongs to the stage whose share ran out, even
 * when the dossier is late only at the end. An apology changes the date promised to the
 * applicant, not the stage's date: the lateness stands.
 */
export function dossierEventTime(event: DossierEvent): Instant {
  switch (event.type) {
    case 'DossierReceived':
      return event.data.receivedAt;
    case 'DossierHandedOver':
      return event.data.handedOverAt;
    case 'DossierSupplementRequested':
      return event.data.requestedAt;
    case 'DossierSupplementReceived':
      return event.data.receivedAt;
    case 'DossierApologyIssued':
      return event.data.issuedAt;
    case 'DossierResultReady':
      return event.data.readyAt;
    case 'DossierResultDelivered':
      return event.data.deliveredAt;
    case 'DossierReturnedWithReasons':
      return event.data.returnedAt;
    case 'DossierWithdrawn':
      return event.data.withdrawnAt;
    case 'DossierFeedbackRecorded':
      return event.data.recordedAt;
    case 'DossierComplaintRouted':
      return event.data.routedAt;
    case 'DossierComplaintAnswered':
      return event.data.answeredAt;
    case 'DossierCarriedAcrossMerger':
      return event.data.carriedAt;
    default:
      return assertNever(event, 'dossier event');
  }
}

/** Events after the processing ended (feedback, delivery...) reveal no missed stage date. */
const AFTER_PROCESSING: ReadonlySet<DossierEvent['type']> = new Set([
  'DossierResultDelivered', 'DossierFeedbackRecorded', 'DossierComplaintRouted', 'DossierComplaintAnswered',
]);

/** The watch after one dossier event, and the stage date this event shows was missed (if any). Never throws on odd data. */
export function watchDossierDeadline(
  watch: DeadlineWatch | undefined,
  event: DossierEvent,
): { readonly watch: DeadlineWatch | undefined; readonly missed: MissedDeadline | null } {
  if (event.type === 'DossierReceived') {
    return { watch: { holder: event.data.receivedBy, dueAt: event.data.stageDueAt, missedBy: null, open: true }, missed: null };
  }
  if (!watch) return { watch: undefined, missed: null };
  let w = watch;
  let missed: MissedDeadline | null = null;
  const at = dossierEventTime(event);
  const ms = Date.parse(at);
  if (w.open && w.missedBy === null && !AFTER_PROCESSING.has(event.type) && !Number.isNaN(ms) && ms > toMillis(w.dueAt)) {
    missed = { staffId: w.holder, dueAt: w.dueAt, detectedAt: at };
    w = { ...w, missedBy: w.holder };
  }
  switch (event.type) {
    case 'DossierHandedOver':
      // A new stage: a new date in force for its holder.
      return { watch: { ...w, holder: event.data.to, dueAt: event.data.stageDueAt, missedBy: null }, missed };
    case 'DossierSupplementReceived':
      return { watch: { ...w, dueAt: event.data.stageDueAt }, missed };
    case 'DossierResultReady':
    case 'DossierReturnedWithReasons':
    case 'DossierWithdrawn':
      return { watch: { ...w, open: false }, missed };
    default:
      return { watch: w, missed };
  }
}

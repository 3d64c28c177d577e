import { requireCapacity } from '../shared/access.js';
import { isBlank, isInstant } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import { toMillis, type Instant } from '../shared/ids.js';
import { withTimeBounds } from '../shared/time-bounds.js';
import type { DossierCommand } from './dossier.commands.js';
import { DOSSIER_RULES as RULES } from './dossier.errors.js';
import type { DossierEvent, SatisfactionCriterion, StageOutcome } from './dossier.events.js';
import type { ProcedureStage } from './procedure.events.js';
import { addWorkingDays, vnDate, workingDaysBetween } from './working-calendar.js';

/** Stream of one dossier. */
export function dossierStream(dossierId: string): string {
  return `dossier-${dossierId}`;
}

export type DossierStatus = 'in_progress' | 'awaiting_supplement' | 'result_ready' | 'delivered' | 'returned' | 'withdrawn';

/** The stage the dossier is in now. */
export interface CurrentStage {
  readonly index: number;
  readonly unitId: string;
  readonly holder: string;
  readonly startedAt: Instant;
  readonly dueAt: Instant;
  /** Working days of this stage spent waiting for the applicant. */
  readonly pausedDays: number;
  /** The unit the stage's outcome is charged to when not `unitId`: the merged unit, when the stage was already late at the merger. */
  readonly chargedUnitId?: string;
}

export interface FeedbackEntry {
  readonly no: number;
  readonly complaint: boolean;
  readonly routedTo: string | null;
  readonly answerDueAt: Instant | null;
  readonly answered: boolean;
}

export interface ExistingDossier {
  readonly status: DossierStatus;
  readonly dossierId: string;
  readonly receiptCode: string;
  readonly procedureCode: string;
  readonly stages: readonly ProcedureStage[];
  readonly current: CurrentStage;
  readonly centreUnitId: string;
  readonly applicantRef: string;
  /** Statutory due date (moved only by supplement pauses): lateness is measured against it. */
  readonly statutoryDueAt: Instant;
  /** Date promised to the applicant (the statutory one, or the date of the last apology). */
  readonly appointmentAt: Instant;
  readonly supplementRequests: number;
  /** Documents the applicant supplied after a request. */
  readonly suppliedDocuments: readonly string[];
  readonly pausedAt: Instant | null;
  readonly feedback: readonly FeedbackEntry[];
  /** Everyone who held the dossier (they may see it). */
  readonly involved: readonly string[];
  /** Units of the stages the dossier went through (after mergers, the successor). */
  readonly unitsSeen: readonly string[];
  readonly trail: readonly StageOutcome[];
}

export type DossierState = { readonly status: 'none' } | ExistingDossier;

export const initialDossierState = (): DossierState => ({ status: 'none' });

const OPEN: readonly DossierStatus[] = ['in_progress', 'awaiting_supplement', 'result_ready'];
export const CRITERIA: readonly SatisfactionCriterion[] = ['access', 'procedure', 'civil_servant', 'result', 'feedback_handling'];
/** Working days a routed complaint has to be answered (see DOSSIER_SOURCES.complaintAnswer). */
export const COMPLAINT_ANSWER_DAYS = 10;

/** The outcome of the stage in hand if it ended at `at`. */
export function stageOutcome(s: ExistingDossier, at: Instant): StageOutcome {
  const stage = s.stages[s.current.index] as ProcedureStage;
  const used = Math.max(0, Math.round((workingDaysBetween(s.current.startedAt, at) - s.current.pausedDays) * 100) / 100);
  return {
    stageKey: stage.key,
    unitId: s.current.chargedUnitId ?? s.current.unitId,
    holder: s.current.holder,
    startedAt: s.current.startedAt,
    endedAt: at,
    dueAt: s.current.dueAt,
    allowedDays: stage.shareDays,
    usedDays: used,
    late: toMillis(at) > toMillis(s.current.dueAt),
  };
}

/** Early (a day before the due date or more), on time, or late, against the statutory due date. */
export function resultOutcome(readyAt: Instant, statutoryDueAt: Instant): 'early' | 'on_time' | 'late' {
  if (toMillis(readyAt) > toMillis(statutoryDueAt)) return 'late';
  return vnDate(readyAt) < vnDate(statutoryDueAt) ? 'early' : 'on_time';
}

/** The capacity is holder (and the actor holds the dossier) or manager. */
function holderOrManager(c: DossierCommand, s: ExistingDossier): void {
  const capacity = requireCapacity(c, ['holder', 'manager'], 'holder');
  if (capacity === 'holder' && c.actor !== s.current.holder) throw ruleError(RULES.notHolder, 'Only the holder of the dossier or a manager of its unit may do this');
}

function existing(state: DossierState): ExistingDossier {
  if (state.status === 'none') throw ruleError(RULES.notFound, 'No such dossier in your scope');
  return state;
}

function open(s: ExistingDossier): void {
  if (!OPEN.includes(s.status)) throw ruleError(RULES.closed, `The dossier is ${s.status}`);
}

function processing(s: ExistingDossier): void {
  open(s);
  if (s.status === 'awaiting_supplement') throw ruleError(RULES.awaitingSupplement, 'The dossier waits for the applicant to supplement it');
  if (s.status === 'result_ready') throw ruleError(RULES.resultReady, 'The result is at the centre; only delivery remains');
}

function receive(c: Extract<DossierCommand, { type: 'ReceiveDossier' }>, state: DossierState): DossierEvent[] {
  requireCapacity(c, ['centre_staff', 'manager']);
  if (state.status !== 'none') throw ruleError(RULES.alreadyReceived, 'A dossier with this id was already received');
  const d = c.data;
  const errors: FieldError[] = [];
  if (isBlank(d.receiptCode)) errors.push({ field: 'receiptCode', message: 'required' });
  if (isBlank(d.applicantRef)) errors.push({ field: 'applicantRef', message: 'required' });
  if (!Array.isArray(d.documents) || d.documents.length === 0 || d.documents.some((x) => isBlank(x))) errors.push({ field: 'documents', message: 'the components received, at least one' });
  if (errors.length) throw ruleError(RULES.invalid, 'The reception is incomplete', errors);
  const p = d.procedure;
  if (!p) throw ruleError(RULES.procedureNotInForce, 'The procedure has no version in force on the reception date', [{ field: 'procedureCode', message: 'no version in force' }]);
  const first = p.stages[0] as ProcedureStage;
  if (!first.unitIds.includes(d.centreUnitId)) {
    throw ruleError(RULES.unitNotInProcedure, 'This centre does not receive this procedure', [{ field: 'centreUnitId', message: `not a reception unit of ${p.procedureCode}` }]);
  }
  return [
    {
      type: 'DossierReceived',
      data: {
        dossierId: d.dossierId,
        receiptCode: d.receiptCode,
        procedureCode: p.procedureCode,
        procedureName: p.name,
        procedureVersion: p.effectiveFrom,
        statutoryDays: p.statutoryDays,
        stages: p.stages,
        centreUnitId: d.centreUnitId,
        receivedBy: c.actor,
        receivedAt: c.now,
        appointmentAt: addWorkingDays(c.now, p.statutoryDays),
        stageDueAt: addWorkingDays(c.now, first.shareDays),
        applicantRef: d.applicantRef,
        documents: [...d.documents],
      },
    },
  ];
}

function handOver(c: Extract<DossierCommand, { type: 'HandOverDossier' }>, s: ExistingDossier): DossierEvent[] {
  holderOrManager(c, s);
  processing(s);
  const nextIndex = s.current.index + 1;
  const next = s.stages[nextIndex];
  if (!next || next.key !== c.data.toStage) {
    throw ruleError(RULES.stageOutOfOrder, `The next stage is ${next?.key ?? 'none'}, not ${c.data.toStage}`, [{ field: 'toStage', message: `expected ${next?.key ?? 'none'}` }]);
  }
  if (!next.unitIds.includes(c.data.toUnitId)) {
    throw ruleError(RULES.unitNotInProcedure, `The procedure does not name this unit for stage ${next.key}`, [{ field: 'toUnitId', message: `not a unit of stage ${next.key}` }]);
  }
  if (isBlank(c.data.to)) throw ruleError(RULES.invalid, 'Name the person who receives the dossier', [{ field: 'to', message: 'required' }]);
  const from = s.stages[s.current.index] as ProcedureStage;
  const previous = stageOutcome(s, c.now);
  const events: DossierEvent[] = [
    {
      type: 'DossierHandedOver',
      data: {
        dossierId: s.dossierId,
        fromStage: from.key,
        toStage: next.key,
        fromUnitId: s.current.unitId,
        toUnitId: c.data.toUnitId,
        from: s.current.holder,
        to: c.data.to,
        by: c.actor,
        interAgency: from.agency !== next.agency,
        handedOverAt: c.now,
        stageDueAt: addWorkingDays(c.now, next.shareDays),
        previous,
      },
    },
  ];
  if (next.kind === 'return') {
    events.push({ type: 'DossierResultReady', data: { dossierId: s.dossierId, readyAt: c.now, statutoryDueAt: s.statutoryDueAt, outcome: resultOutcome(c.now, s.statutoryDueAt) } });
  }
  return events;
}

function requestSupplement(c: Extract<DossierCommand, { type: 'RequestSupplement' }>, s: ExistingDossier): DossierEvent[] {
  holderOrManager(c, s);
  processing(s);
  const items = c.data.items ?? [];
  if (items.length === 0 || items.some((i) => isBlank(i.document))) {
    throw ruleError(RULES.supplementItemsRequired, 'The one written request names every missing document', [{ field: 'items', message: 'each missing document, at least one' }]);
  }
  const repeat = s.supplementRequests > 0;
  // A later request may only concern what the applicant supplied since: anything else could have been asked the first time.
  const avoidableItems = repeat ? items.map((i) => i.document).filter((doc) => !s.suppliedDocuments.includes(doc)) : [];
  const stage = s.stages[s.current.index] as ProcedureStage;
  return [
    {
      type: 'DossierSupplementRequested',
      data: { dossierId: s.dossierId, requestNo: s.supplementRequests + 1, items: items.map((i) => ({ document: i.document, note: i.note ?? '' })), requestedBy: c.actor, unitId: s.current.unitId, stageKey: stage.key, requestedAt: c.now, repeat, avoidableItems },
    },
  ];
}

function recordSupplement(c: Extract<DossierCommand, { type: 'RecordSupplement' }>, s: ExistingDossier): DossierEvent[] {
  requireCapacity(c, ['centre_staff', 'manager']);
  open(s);
  if (s.status !== 'awaiting_supplement' || !s.pausedAt) throw ruleError(RULES.notAwaitingSupplement, 'No supplement was requested');
  if (!Array.isArray(c.data.documents) || c.data.documents.length === 0 || c.data.documents.some((x) => isBlank(x))) {
    throw ruleError(RULES.invalid, 'Name the documents supplied', [{ field: 'documents', message: 'at least one' }]);
  }
  const paused = Math.max(0, workingDaysBetween(s.pausedAt, c.now));
  return [
    {
      type: 'DossierSupplementReceived',
      data: {
        dossierId: s.dossierId,
        documents: [...c.data.documents],
        receivedBy: c.actor,
        receivedAt: c.now,
        pausedDays: paused,
        stageDueAt: addWorkingDays(s.current.dueAt, paused),
        statutoryDueAt: addWorkingDays(s.statutoryDueAt, paused),
        appointmentAt: addWorkingDays(s.appointmentAt, paused),
      },
    },
  ];
}

function apologise(c: Extract<DossierCommand, { type: 'IssueDossierApology' }>, s: ExistingDossier): DossierEvent[] {
  holderOrManager(c, s);
  processing(s);
  const errors: FieldError[] = [];
  if (isBlank(c.data.reason)) errors.push({ field: 'reason', message: 'the reason for the delay is required' });
  if (!isInstant(c.data.newAppointmentAt)) errors.push({ field: 'newAppointmentAt', message: 'the new date given to the applicant is required' });
  if (errors.length) throw ruleError(RULES.apologyIncomplete, 'An apology gives the reason and the new date', errors);
  const newAt = c.data.newAppointmentAt as Instant;
  if (toMillis(newAt) <= toMillis(s.appointmentAt) || toMillis(newAt) <= toMillis(c.now)) {
    throw ruleError(RULES.apologyDateNotLater, 'The new date is later than the one in force and than now', [{ field: 'newAppointmentAt', message: `after ${s.appointmentAt}` }]);
  }
  const stage = s.stages[s.current.index] as ProcedureStage;
  return [
    {
      type: 'DossierApologyIssued',
      data: {
        dossierId: s.dossierId,
        unitId: s.current.unitId,
        stageKey: stage.key,
        issuedBy: c.actor,
        reason: c.data.reason,
        previousAppointmentAt: s.appointmentAt,
        newAppointmentAt: newAt,
        issuedAt: c.now,
        beforeDue: toMillis(c.now) < toMillis(s.appointmentAt),
      },
    },
  ];
}

function decideDossier(c: DossierCommand, state: DossierState): readonly DossierEvent[] {
  if (c.type === 'ReceiveDossier') return receive(c, state);
  const s = existing(state);
  switch (c.type) {
    case 'HandOverDossier':
      return handOver(c, s);
    case 'RequestSupplement':
      return requestSupplement(c, s);
    case 'RecordSupplement':
      return recordSupplement(c, s);
    case 'IssueDossierApology':
      return apologise(c, s);
    case 'ReturnDossierWithReasons': {
      holderOrManager(c, s);
      open(s);
      if (s.status === 'result_ready') throw ruleError(RULES.resultReady, 'The result is at the centre; only delivery remains');
      const reasons = (c.data.reasons ?? []).filter((r) => !isBlank(r));
      if (reasons.length === 0) throw ruleError(RULES.reasonsRequired, 'A refusal gives its reasons in writing', [{ field: 'reasons', message: 'at least one reason' }]);
      return [{ type: 'DossierReturnedWithReasons', data: { dossierId: s.dossierId, reasons, returnedBy: c.actor, returnedAt: c.now, stage: stageOutcome(s, c.now) } }];
    }
    case 'DeliverResult':
      requireCapacity(c, ['centre_staff', 'manager']);
      open(s);
      if (s.status !== 'result_ready') throw ruleError(RULES.resultNotReady, 'The result has not reached the centre');
      return [{ type: 'DossierResultDelivered', data: { dossierId: s.dossierId, deliveredBy: c.actor, deliveredAt: c.now } }];
    case 'WithdrawDossier':
      requireCapacity(c, ['centre_staff', 'manager']);
      open(s);
      if (isBlank(c.data.reason)) throw ruleError(RULES.invalid, 'Record the applicant\'s written request', [{ field: 'reason', message: 'required' }]);
      return [{ type: 'DossierWithdrawn', data: { dossierId: s.dossierId, reason: c.data.reason, recordedBy: c.actor, withdrawnAt: c.now } }];
    case 'RecordFeedback': {
      requireCapacity(c, ['applicant_channel', 'centre_staff']);
      if (c.data.applicantRef !== s.applicantRef) throw ruleError(RULES.notApplicantsDossier, 'This dossier is not the applicant\'s');
      const ratings = c.data.ratings ?? [];
      const seen = new Set<string>();
      const bad = ratings.flatMap((r, i) => {
        const wrong = !CRITERIA.includes(r.criterion) || seen.has(r.criterion) || !Number.isInteger(r.score) || r.score < 1 || r.score > 5;
        seen.add(r.criterion);
        return wrong ? [{ field: `ratings[${i}]`, message: `a criterion of ${CRITERIA.join(', ')} once, score 1-5` }] : [];
      });
      if (bad.length || (ratings.length === 0 && !c.data.complaint)) {
        throw ruleError(RULES.ratingsInvalid, 'Ratings on the satisfaction criteria, or a complaint', bad.length ? bad : [{ field: 'ratings', message: 'at least one rating' }]);
      }
      if (c.data.complaint && c.data.textDigest === null) throw ruleError(RULES.invalid, 'A complaint says what it is about', [{ field: 'text', message: 'required for a complaint' }]);
      return [
        {
          type: 'DossierFeedbackRecorded',
          data: {
            dossierId: s.dossierId,
            feedbackNo: s.feedback.length + 1,
            applicantRef: s.applicantRef,
            channel: c.actingAs === 'applicant_channel' ? 'applicant_portal' : 'centre',
            ratings: ratings.map((r) => ({ criterion: r.criterion, score: r.score })),
            textDigest: c.data.textDigest,
            complaint: c.data.complaint,
            recordedBy: c.actor,
            recordedAt: c.now,
            // centre_staff is a member of the receiving centre (dossier.access.ts): that is the recorder's unit.
            onBehalf: c.actingAs !== 'applicant_channel',
            recorderUnitId: c.actingAs === 'applicant_channel' ? null : s.centreUnitId,
          },
        },
      ];
    }
    case 'RouteComplaint': {
      requireCapacity(c, ['centre_staff', 'manager']);
      const f = s.feedback.find((x) => x.no === c.data.feedbackNo);
      if (!f) throw ruleError(RULES.feedbackNotFound, 'No such feedback on this dossier');
      if (!f.complaint) throw ruleError(RULES.notAComplaint, 'Only a complaint is routed to a unit');
      if (f.answered) throw ruleError(RULES.complaintAnswered, 'The complaint was answered');
      if (!s.unitsSeen.includes(c.data.toUnitId) && !s.stages.some((st) => st.unitIds.includes(c.data.toUnitId))) {
        throw ruleError(RULES.unitNotInProcedure, 'The unit has no part in this dossier', [{ field: 'toUnitId', message: 'not a unit of the procedure' }]);
      }
      return [{ type: 'DossierComplaintRouted', data: { dossierId: s.dossierId, feedbackNo: f.no, toUnitId: c.data.toUnitId, routedBy: c.actor, routedAt: c.now, answerDueAt: addWorkingDays(c.now, COMPLAINT_ANSWER_DAYS) } }];
    }
    case 'AnswerComplaint': {
      requireCapacity(c, ['responsible_unit']);
      const f = s.feedback.find((x) => x.no === c.data.feedbackNo);
      if (!f) throw ruleError(RULES.feedbackNotFound, 'No such feedback on this dossier');
      if (!f.routedTo || !f.answerDueAt) throw ruleError(RULES.complaintNotRouted, 'The complaint was not routed to a unit');
      if (f.answered) throw ruleError(RULES.complaintAnswered, 'The complaint was answered');
      if (c.data.answerDigest === null || !/^[0-9a-f]{64}$/.test(c.data.answerDigest)) throw ruleError(RULES.invalid, 'The answer is required', [{ field: 'answer', message: 'required' }]);
      return [{ type: 'DossierComplaintAnswered', data: { dossierId: s.dossierId, feedbackNo: f.no, unitId: f.routedTo, answerDigest: c.data.answerDigest, answeredBy: c.actor, answeredAt: c.now, late: toMillis(c.now) > toMillis(f.answerDueAt) } }];
    }
    case 'CarryAcrossMerger': {
      requireCapacity(c, ['manager']);
      open(s);
      const involved = s.current.unitId === c.data.fromUnitId || s.stages.slice(s.current.index).some((st) => st.unitIds.includes(c.data.fromUnitId));
      if (!involved) throw ruleError(RULES.mergerUnitNotInvolved, 'The merged unit has no part in what remains of this dossier', [{ field: 'fromUnitId', message: 'not a unit of a remaining stage' }]);
      const stageLateAtMerger = s.current.unitId === c.data.fromUnitId && toMillis(c.now) > toMillis(s.current.dueAt);
      return [{ type: 'DossierCarriedAcrossMerger', data: { dossierId: s.dossierId, fromUnitId: c.data.fromUnitId, toUnitId: c.data.toUnitId, recordedBy: c.actor, carriedAt: c.now, stageLateAtMerger } }];
    }
    default:
      return assertNever(c, 'dossier command');
  }
}

const add = (list: readonly string[], x: string): readonly string[] => (list.includes(x) ? list : [...list, x]);

export function evolveDossier(state: DossierState, event: DossierEvent): DossierState {
  if (event.type === 'DossierReceived') {
    const d = event.data;
    if (state.status !== 'none') return state;
    return {
      status: 'in_progress',
      dossierId: d.dossierId,
      receiptCode: d.receiptCode,
      procedureCode: d.procedureCode,
      stages: d.stages,
      current: { index: 0, unitId: d.centreUnitId, holder: d.receivedBy, startedAt: d.receivedAt, dueAt: d.stageDueAt, pausedDays: 0 },
      centreUnitId: d.centreUnitId,
      applicantRef: d.applicantRef,
      statutoryDueAt: d.appointmentAt,
      appointmentAt: d.appointmentAt,
      supplementRequests: 0,
      suppliedDocuments: [],
      pausedAt: null,
      feedback: [],
      involved: [d.receivedBy],
      unitsSeen: [d.centreUnitId],
      trail: [],
    };
  }
  if (state.status === 'none') return state;
  const s = state;
  switch (event.type) {
    case 'DossierHandedOver': {
      const d = event.data;
      const index = s.stages.findIndex((st) => st.key === d.toStage);
      return {
        ...s,
        current: { index: index < 0 ? s.current.index + 1 : index, unitId: d.toUnitId, holder: d.to, startedAt: d.handedOverAt, dueAt: d.stageDueAt, pausedDays: 0 },
        involved: add(s.involved, d.to),
        unitsSeen: add(s.unitsSeen, d.toUnitId),
        trail: [...s.trail, d.previous],
      };
    }
    case 'DossierSupplementRequested':
      return { ...s, status: 'awaiting_supplement', supplementRequests: s.supplementRequests + 1, pausedAt: event.data.requestedAt };
    case 'DossierSupplementReceived': {
      const d = event.data;
      return {
        ...s,
        status: 'in_progress',
        pausedAt: null,
        suppliedDocuments: [...s.suppliedDocuments, ...d.documents],
        current: { ...s.current, dueAt: d.stageDueAt, pausedDays: s.current.pausedDays + d.pausedDays },
        statutoryDueAt: d.statutoryDueAt,
        appointmentAt: d.appointmentAt,
      };
    }
    case 'DossierApologyIssued':
      return { ...s, appointmentAt: event.data.newAppointmentAt };
    case 'DossierResultReady':
      return { ...s, status: 'result_ready' };
    case 'DossierResultDelivered':
      return { ...s, status: 'delivered' };
    case 'DossierReturnedWithReasons':
      return { ...s, status: 'returned', trail: [...s.trail, event.data.stage] };
    case 'DossierWithdrawn':
      return { ...s, status: 'withdrawn' };
    case 'DossierFeedbackRecorded':
      return { ...s, feedback: [...s.feedback, { no: event.data.feedbackNo, complaint: event.data.complaint, routedTo: null, answerDueAt: null, answered: false }] };
    case 'DossierComplaintRouted':
      // The unit a complaint is routed to sees the dossier (as the read model's `units` says), so it can answer before the dossier reaches it.
      return {
        ...s,
        unitsSeen: add(s.unitsSeen, event.data.toUnitId),
        feedback: s.feedback.map((f) => (f.no === event.data.feedbackNo ? { ...f, routedTo: event.data.toUnitId, answerDueAt: event.data.answerDueAt } : f)),
      };
    case 'DossierComplaintAnswered':
      return { ...s, feedback: s.feedback.map((f) => (f.no === event.data.feedbackNo ? { ...f, answered: true } : f)) };
    case 'DossierCarriedAcrossMerger': {
      const { fromUnitId, toUnitId } = event.data;
      return {
        ...s,
        // The successor holds the stage from now on; a delay already incurred stays charged to the merged unit.
        current: s.current.unitId === fromUnitId ? { ...s.current, unitId: toUnitId, ...(event.data.stageLateAtMerger && { chargedUnitId: fromUnitId }) } : s.current,
        centreUnitId: s.centreUnitId === fromUnitId ? toUnitId : s.centreUnitId,
        stages: s.stages.map((st, i) => (i >= s.current.index && st.unitIds.includes(fromUnitId) ? { ...st, unitIds: add(st.unitIds.filter((u) => u !== fromUnitId), toUnitId) } : st)),
        unitsSeen: add(s.unitsSeen, toUnitId),
      };
    }
    default:
      return assertNever(event, 'dossier event');
  }
}

export const dossierDecider: Decider<DossierState, DossierCommand, DossierEvent> = withTimeBounds({
  initialState: initialDossierState,
  evolve: evolveDossier,
  decide: decideDossier,
});

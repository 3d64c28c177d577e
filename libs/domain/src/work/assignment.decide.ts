import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isInstant } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import { toMillis, type Instant } from '../shared/ids.js';
import type {
  AcceptAssignment,
  AssignmentCommand,
  CancelAssignment,
  CompleteAssignment,
  DeclineAssignment,
  ExtendDeadline,
  HandOffAssignment,
  IssueApology,
  IssueAssignment,
  ReportProgress,
  ReturnDossierToApplicant,
  ReviewCompletion,
} from './assignment.commands.js';
import { refuseMergedUnit } from '../personnel/unit-standing.js';
import { productNamed } from '../positions/assignment-product.js';
import { assignmentCapacity } from './assignment.access.js';
import { ASSIGNMENT_RULES as RULES } from './assignment.errors.js';
import {
  ASSIGNMENT_KINDS,
  COMPLETION_QUALITIES,
  HANDOFF_REASONS,
  type AssignmentEvent,
  type AssignmentKind,
} from './assignment.events.js';

/** Stream of one assignment: `assignment-<id>` (EventStoreDB category `assignment`). */
export function assignmentStream(assignmentId: string): string {
  return `assignment-${assignmentId}`;
}

/**
 * Where the work stands. `issued`: waiting for the holder to accept (also after each
 * handoff); `declined`: back with the sender, to be routed again; `completed`:
 * waiting for review; `reviewed` and `cancelled` are closed for good.
 */
export type AssignmentStatus = 'issued' | 'accepted' | 'declined' | 'completed' | 'reviewed' | 'cancelled';

/** The statuses in which work is still pending with someone (what a unit merge hands over). */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['issued', 'accepted', 'declined'];

/** The facts about an assignment that the rules depend on. */
export interface AssignmentRecord {
  readonly assignmentId: string;
  readonly kind: AssignmentKind;
  readonly unitId: string | null;
  readonly assignedBy: string;
  readonly dueAt: Instant;
  /** Who has the work in hand now. */
  readonly holder: string;
  /** Who answers for the result now. */
  readonly responsible: string;
  /** Who put the work in the holder's hands: the target of `returned_to_sender` and of a decline. */
  readonly sender: string;
  /** Everyone who has held the work, in the order they first got it (for ping-pong). */
  readonly holders: readonly string[];
  /** Everyone the record names at any step (assigner, holders, responsible persons): who may know it exists. */
  readonly involved: readonly string[];
  readonly completedBy: string | null;
  /** When the current holder got the work (issue, handoff or decline). */
  readonly heldSince: Instant;
}

/** What the assignment decider knows; `status` is the discriminant. */
export type AssignmentState =
  | { readonly status: 'none' }
  | ({ readonly status: AssignmentStatus } & AssignmentRecord);

/** An assignment that exists, whatever its status. */
export type ExistingAssignment = Exclude<AssignmentState, { status: 'none' }>;

/** The state of an assignment stream with no events. */
export function initialAssignmentState(): AssignmentState {
  return { status: 'none' };
}

/** True when the work is still pending with someone: issued, accepted or declined. */
export function isOpenAssignment(state: AssignmentState): state is ExistingAssignment {
  return state.status !== 'none' && OPEN_ASSIGNMENT_STATUSES.includes(state.status);
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveAssignment(state: AssignmentState, event: AssignmentEvent): AssignmentState {
  if (event.type === 'AssignmentIssued') {
    const d = event.data;
    return {
      status: 'issued',
      assignmentId: d.assignmentId,
      kind: d.kind,
      unitId: d.unitId,
      assignedBy: d.assignedBy,
      dueAt: d.dueAt,
      holder: d.assignee,
      responsible: d.responsible,
      sender: d.assignedBy,
      holders: [d.assignee],
      involved: withHolder(withHolder([d.assignedBy], d.assignee), d.responsible),
      completedBy: null,
      heldSince: d.issuedAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AssignmentAccepted':
      return { ...state, status: 'accepted' };
    case 'AssignmentDeclined':
      return {
        ...state,
        status: 'declined',
        holder: event.data.returnedTo,
        responsible: event.data.responsible,
        holders: withHolder(state.holders, event.data.returnedTo),
        heldSince: event.data.declinedAt,
        involved: withHolder(withHolder(state.involved, event.data.returnedTo), event.data.responsible),
      };
    case 'AssignmentHandedOff':
      return {
        ...state,
        status: 'issued',
        holder: event.data.to,
        sender: event.data.by,
        responsible: event.data.responsible,
        unitId: event.data.toUnitId ?? state.unitId,
        holders: withHolder(state.holders, event.data.to),
        heldSince: event.data.handedOffAt,
        involved: withHolder(withHolder(state.involved, event.data.to), event.data.responsible),
      };
    case 'DeadlineExtended':
    case 'ApologyIssued':
      return { ...state, dueAt: event.data.newDueAt };
    case 'AssignmentCompleted':
      return { ...state, status: 'completed', completedBy: event.data.completedBy };
    case 'CompletionReviewed':
      return { ...state, status: 'reviewed' };
    case 'AssignmentCancelled':
      return { ...state, status: 'cancelled' };
    case 'ProgressReported':
    case 'DossierReturnedToApplicant':
    case 'AssignmentProductNamed':
      return state;
    default:
      return assertNever(event, 'assignment event');
  }
}

/** Decides which events an assignment command produces, or throws a DomainError naming the rule. */
export function decideAssignment(command: AssignmentCommand, state: AssignmentState): readonly AssignmentEvent[] {
  // Who may act (assignment.access.ts): the capacity must fit the command and this state.
  if (command.type !== 'IssueAssignment' && state.status !== 'none') assignmentCapacity(command, state);
  switch (command.type) {
    case 'IssueAssignment':
      return issue(command, state);
    case 'AcceptAssignment':
      return accept(command, state);
    case 'DeclineAssignment':
      return decline(command, state);
    case 'HandOffAssignment':
      return handOff(command, state);
    case 'ReportProgress':
      return reportProgress(command, state);
    case 'ExtendDeadline':
      return extendDeadline(command, state);
    case 'CompleteAssignment':
      return complete(command, state);
    case 'ReviewCompletion':
      return review(command, state);
    case 'CancelAssignment':
      return cancel(command, state);
    case 'ReturnDossierToApplicant':
      return returnDossier(command, state);
    case 'IssueApology':
      return apologise(command, state);
    default:
      return assertNever(command, 'assignment command');
  }
}

/** The assignment aggregate as one value, for `fold` and `deciderSpec`. */
export const assignmentDecider: Decider<AssignmentState, AssignmentCommand, AssignmentEvent> = withTimeBounds({
  initialState: initialAssignmentState,
  evolve: evolveAssignment,
  decide: decideAssignment,
});

/**
 * The "6 clear" gaps of an issue request, one entry per missing field, worded in the
 * terms of the "6 clear" so the caller can show them as they are. Empty when complete.
 */
export function sixClearGaps(data: IssueAssignment['data']): FieldError[] {
  const gaps: FieldError[] = [];
  const need = (field: keyof IssueAssignment['data'], message: string) => {
    if (isBlank(data[field] as string | null | undefined)) gaps.push({ field, message });
  };
  need('assignee', 'Clear person: the assignee is missing');
  need('title', 'Clear work: the title is missing');
  need('description', 'Clear work: the description is missing');
  need('deliverable', 'Clear result: the deliverable is missing');
  need('successCriteria', 'Clear result: the success criteria are missing');
  need('assignedBy', 'Clear authority: the person assigning the work is missing');
  need('authorityBasis', 'Clear authority: the authority basis is missing');
  if (isBlank(data.dueAt)) gaps.push({ field: 'dueAt', message: 'Clear deadline: the due date is missing' });
  else if (!isInstant(data.dueAt)) {
    gaps.push({ field: 'dueAt', message: 'Clear deadline: the due date is not an ISO 8601 instant' });
  }
  if (isBlank(data.responsible) && isBlank(data.assignee)) {
    gaps.push({
      field: 'responsible',
      message: 'Clear responsibility: the responsible person is missing (it defaults to the assignee, who is missing too)',
    });
  }
  return gaps;
}

function issue(command: IssueAssignment, state: AssignmentState): AssignmentEvent[] {
  const d = command.data;
  const gaps = sixClearGaps(d);
  const other: FieldError[] = [];
  if (isBlank(d.assignmentId)) other.push({ field: 'assignmentId', message: 'The assignment id is missing' });
  if (!ASSIGNMENT_KINDS.includes(d.kind)) other.push({ field: 'kind', message: `Expected one of ${ASSIGNMENT_KINDS.join(', ')}` });
  if (gaps.length > 0) {
    throw ruleError(RULES.sixClearIncomplete,
      `The assignment is not "6 clear": ${gaps.map((g) => g.field).join(', ')} missing`,
      [...gaps, ...other],
    );
  }
  throwIfInvalid(other);
  assignmentCapacity(command, state);
  if (state.status !== 'none') throw ruleError(RULES.alreadyIssued, `Assignment ${d.assignmentId} was already issued`);
  if (!isBlank(d.unitId)) refuseMergedUnit(d.unitId!, d.unit, 'unitId');
  const dueAt = d.dueAt!;
  requireAfterNow(dueAt, command.now, 'The due date');
  const assignee = d.assignee!.trim();
  return [
    {
      type: 'AssignmentIssued',
      data: {
        assignmentId: d.assignmentId,
        kind: d.kind,
        unitId: isBlank(d.unitId) ? null : d.unitId!,
        assignee,
        title: d.title!.trim(),
        description: d.description!.trim(),
        deliverable: d.deliverable!.trim(),
        successCriteria: d.successCriteria!.trim(),
        assignedBy: d.assignedBy!.trim(),
        authorityBasis: d.authorityBasis!.trim(),
        dueAt,
        responsible: isBlank(d.responsible) ? assignee : d.responsible!.trim(),
        issuedAt: command.now,
      },
    },
    ...productNamed(d.assignmentId, d.product, command.actor, command.now),
  ];
}

function accept(command: AcceptAssignment, state: AssignmentState): AssignmentEvent[] {
  const a = requireOpen(state, command.data.assignmentId);
  if (a.status === 'accepted') throw ruleError(RULES.alreadyAccepted, 'The work was already accepted');
  // In `declined` the holder is the sender, who may take the work on themself instead of routing it again.
  requireHolder(a, command.actor, 'accept');
  return [{ type: 'AssignmentAccepted', data: { assignmentId: a.assignmentId, acceptedBy: command.actor, acceptedAt: command.now } }];
}

function decline(command: DeclineAssignment, state: AssignmentState): AssignmentEvent[] {
  requireText(command.data.reason, 'reason', 'The reason for declining is missing');
  const a = requireOpen(state, command.data.assignmentId);
  if (a.status === 'accepted') {
    throw ruleError(RULES.alreadyAccepted, 'Accepted work cannot be declined; hand it off with a justification instead');
  }
  if (a.status === 'declined') throw ruleError(RULES.declined, 'The work was already declined and waits to be routed again');
  requireHolder(a, command.actor, 'decline');
  return [
    {
      type: 'AssignmentDeclined',
      data: {
        assignmentId: a.assignmentId,
        declinedBy: a.holder,
        reason: command.data.reason.trim(),
        returnedTo: a.sender,
        responsible: followsWork(a, a.sender),
        declinedAt: command.now,
      },
    },
  ];
}

function handOff(command: HandOffAssignment, state: AssignmentState): AssignmentEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.to)) errors.push({ field: 'to', message: 'The person receiving the work is missing' });
  if (!HANDOFF_REASONS.includes(d.reason)) errors.push({ field: 'reason', message: `Expected one of ${HANDOFF_REASONS.join(', ')}` });
  if (isBlank(d.justification)) errors.push({ field: 'justification', message: 'The justification is missing' });
  throwIfInvalid(errors);
  const a = requireOpen(state, d.assignmentId);
  const to = d.to.trim();
  if (to === a.holder) {
    if (command.actor === a.holder) throw ruleError(RULES.handoffToSelf, 'The holder cannot hand the work to themself');
    throw ruleError(RULES.handoffToHolder, `${to} already holds the work`);
  }
  if (d.reason === 'returned_to_sender') {
    requireHolder(a, command.actor, 'return to sender');
    if (to !== a.sender) throw ruleError(RULES.returnNotToSender, 'The work goes back only to the person who sent it to the holder');
  }
  return [
    {
      type: 'AssignmentHandedOff',
      data: {
        assignmentId: a.assignmentId,
        from: a.holder,
        to,
        reason: d.reason,
        justification: d.justification.trim(),
        by: command.actor,
        responsible: isBlank(d.responsible) ? followsWork(a, to) : d.responsible!.trim(),
        toUnitId: isBlank(d.toUnitId) || d.toUnitId === a.unitId ? null : d.toUnitId!,
        pingPong: a.holders.includes(to),
        handedOffAt: command.now,
      },
    },
  ];
}

function reportProgress(command: ReportProgress, state: AssignmentState): AssignmentEvent[] {
  const { note, percentComplete } = command.data;
  const errors: FieldError[] = [];
  if (isBlank(note)) errors.push({ field: 'note', message: 'The progress note is missing' });
  const percent = percentComplete ?? null;
  if (percent !== null && !(Number.isInteger(percent) && percent >= 0 && percent <= 100)) {
    errors.push({ field: 'percentComplete', message: 'Expected a whole number from 0 to 100' });
  }
  throwIfInvalid(errors);
  const a = requireAccepted(state, command.data.assignmentId);
  requireHolder(a, command.actor, 'report progress on');
  return [
    {
      type: 'ProgressReported',
      data: { assignmentId: a.assignmentId, reportedBy: command.actor, percentComplete: percent, note: note.trim(), reportedAt: command.now },
    },
  ];
}

function extendDeadline(command: ExtendDeadline, state: AssignmentState): AssignmentEvent[] {
  const { newDueAt, approvedBy, reason } = command.data;
  const errors: FieldError[] = [];
  if (!isInstant(newDueAt)) errors.push({ field: 'newDueAt', message: 'Expected an ISO 8601 instant' });
  if (isBlank(reason)) errors.push({ field: 'reason', message: 'The reason for the extension is missing' });
  throwIfInvalid(errors);
  const a = requireOpen(state, command.data.assignmentId);
  if (isBlank(approvedBy)) throw ruleError(RULES.extensionUnapproved, 'An extension needs an approver');
  const approver = approvedBy!.trim();
  if (approver === a.holder) {
    throw ruleError(RULES.extensionSelfApproved, 'The holder cannot approve an extension of their own deadline');
  }
  if (toMillis(newDueAt) <= toMillis(a.dueAt)) {
    throw ruleError(RULES.extensionNotLater, `The new due date must be after the current one (${a.dueAt})`);
  }
  requireAfterNow(newDueAt, command.now, 'The new due date');
  return [
    {
      type: 'DeadlineExtended',
      data: {
        assignmentId: a.assignmentId,
        previousDueAt: a.dueAt,
        newDueAt,
        approvedBy: approver,
        requestedBy: command.actor,
        reason: reason.trim(),
        extendedAt: command.now,
      },
    },
  ];
}

function complete(command: CompleteAssignment, state: AssignmentState): AssignmentEvent[] {
  requireText(command.data.deliverableRef, 'deliverableRef', 'The reference to the deliverable is missing');
  const a = requireAccepted(state, command.data.assignmentId);
  requireHolder(a, command.actor, 'complete');
  return [
    {
      type: 'AssignmentCompleted',
      data: {
        assignmentId: a.assignmentId,
        deliverableRef: command.data.deliverableRef.trim(),
        completedBy: command.actor,
        completedAt: command.now,
        dueAt: a.dueAt,
        late: toMillis(command.now) > toMillis(a.dueAt),
      },
    },
  ];
}

function review(command: ReviewCompletion, state: AssignmentState): AssignmentEvent[] {
  const { quality, comment } = command.data;
  if (!COMPLETION_QUALITIES.includes(quality)) {
    invalid([{ field: 'quality', message: `Expected one of ${COMPLETION_QUALITIES.join(', ')}` }]);
  }
  const a = requireExisting(state, command.data.assignmentId);
  if (a.status !== 'completed') throw ruleError(RULES.notCompleted, 'Only completed work can be reviewed');
  if (command.actor === a.completedBy) throw ruleError(RULES.selfReview, 'The person who completed the work cannot review it');
  return [
    {
      type: 'CompletionReviewed',
      data: {
        assignmentId: a.assignmentId,
        quality,
        reviewedBy: command.actor,
        comment: isBlank(comment) ? null : comment!.trim(),
        reviewedAt: command.now,
      },
    },
  ];
}

function cancel(command: CancelAssignment, state: AssignmentState): AssignmentEvent[] {
  requireText(command.data.reason, 'reason', 'The reason for cancelling is missing');
  const a = requireOpen(state, command.data.assignmentId);
  // Cancelling one's own pending work would be a quiet way out of it; the assigner may still withdraw work they gave themself.
  if (command.actor === a.holder && command.actor !== a.assignedBy) {
    throw ruleError(RULES.cancelByHolder, 'The holder cannot cancel work someone else assigned');
  }
  return [
    {
      type: 'AssignmentCancelled',
      data: { assignmentId: a.assignmentId, reason: command.data.reason.trim(), cancelledBy: command.actor, cancelledAt: command.now },
    },
  ];
}

function returnDossier(command: ReturnDossierToApplicant, state: AssignmentState): AssignmentEvent[] {
  requireText(command.data.reason, 'reason', 'The reason for returning the dossier is missing');
  const a = requireExisting(state, command.data.assignmentId);
  requireDossier(a);
  const accepted = requireAccepted(a, a.assignmentId);
  requireHolder(accepted, command.actor, 'return to the applicant');
  return [
    {
      type: 'DossierReturnedToApplicant',
      data: { assignmentId: a.assignmentId, reason: command.data.reason.trim(), returnedBy: command.actor, returnedAt: command.now },
    },
  ];
}

function apologise(command: IssueApology, state: AssignmentState): AssignmentEvent[] {
  const { newDueAt } = command.data;
  if (!isInstant(newDueAt)) invalid([{ field: 'newDueAt', message: 'Expected an ISO 8601 instant' }]);
  const a = requireExisting(state, command.data.assignmentId);
  requireDossier(a);
  const open = requireOpen(a, a.assignmentId);
  if (toMillis(command.now) <= toMillis(open.dueAt)) {
    throw ruleError(RULES.notLate, `The dossier is not late: it is due ${open.dueAt}`);
  }
  requireAfterNow(newDueAt, command.now, 'The new date promised to the applicant');
  return [
    {
      type: 'ApologyIssued',
      data: { assignmentId: a.assignmentId, previousDueAt: open.dueAt, newDueAt, issuedBy: command.actor, issuedAt: command.now },
    },
  ];
}

/** Exists and is not closed (reviewed or cancelled). */
function requireExisting(state: AssignmentState, assignmentId: string): ExistingAssignment {
  if (state.status === 'none') throw ruleError(RULES.notFound, `Assignment ${assignmentId} does not exist`);
  if (state.status === 'cancelled') throw ruleError(RULES.cancelled, 'The assignment was cancelled');
  if (state.status === 'reviewed') throw ruleError(RULES.closed, 'The assignment was completed and reviewed');
  return state;
}

/** Still pending with someone: issued, accepted or declined. */
function requireOpen(state: AssignmentState, assignmentId: string): ExistingAssignment {
  const a = requireExisting(state, assignmentId);
  if (a.status === 'completed') throw ruleError(RULES.completed, 'The work was completed; only the review remains');
  return a;
}

function requireAccepted(state: AssignmentState, assignmentId: string): ExistingAssignment {
  const a = requireOpen(state, assignmentId);
  if (a.status === 'declined') throw ruleError(RULES.declined, 'The work was declined and waits to be routed again');
  if (a.status !== 'accepted') throw ruleError(RULES.notAccepted, 'The holder has not accepted the work yet');
  return a;
}

function requireHolder(a: ExistingAssignment, actor: string, action: string): void {
  if (actor !== a.holder) throw ruleError(RULES.notHolder, `Only the current holder may ${action} this work`);
}

function requireDossier(a: ExistingAssignment): void {
  if (a.kind !== 'dossier') throw ruleError(RULES.notADossier, `This applies to dossiers only, not to a ${a.kind}`);
}

function requireAfterNow(instant: Instant, now: Instant, what: string): void {
  if (toMillis(instant) <= toMillis(now)) throw ruleError(RULES.dueNotInFuture, `${what} must be after now (${now})`);
}

/**
 * Responsibility follows the work when the holder was the one answerable for it; a
 * supervisor named as responsible stays answerable while the work moves below them.
 */
function followsWork(a: AssignmentRecord, newHolder: string): string {
  return a.responsible === a.holder ? newHolder : a.responsible;
}

function withHolder(holders: readonly string[], person: string): readonly string[] {
  return holders.includes(person) ? holders : [...holders, person];
}

function requireText(value: string | null | undefined, field: string, message: string): void {
  if (isBlank(value)) invalid([{ field, message }]);
}

function throwIfInvalid(errors: readonly FieldError[]): void {
  if (errors.length > 0) invalid(errors);
}

function invalid(errors: readonly FieldError[]): never {
  throw ruleError(RULES.invalid, 'The assignment command is incomplete', errors);
}

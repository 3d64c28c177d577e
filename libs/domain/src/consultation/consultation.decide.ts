import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isInstant } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import type { FieldError } from '../shared/errors.js';
import { isBefore, toMillis, type Instant } from '../shared/ids.js';
import type {
  AnswerConsultation,
  ConsultationCommand,
  FlagConsultation,
  RequestConsultation,
  WithdrawConsultation,
} from './consultation.commands.js';
import type {
  ConsultationAnswered,
  ConsultationEvent,
  ConsultationFlag,
  ConsultationRequested,
  ConsultationWithdrawn,
} from './consultation.events.js';
import { consultationCapacity } from './consultation.access.js';
import { CONSULTATION_RULES as RULES, consultationError } from './consultation.errors.js';

/** Stream of one consultation: `consultation-<id>`. */
export function consultationStream(id: string): string {
  return `consultation-${id}`;
}

type Request = ConsultationRequested['data'];

/** Folded state of one consultation. Flags survive every status: they describe the request. */
export type ConsultationState =
  | { readonly status: 'none' }
  | { readonly status: 'requested'; readonly request: Request; readonly flags: readonly ConsultationFlag[] }
  | {
      readonly status: 'answered';
      readonly request: Request;
      readonly answer: ConsultationAnswered['data'];
      readonly flags: readonly ConsultationFlag[];
    }
  | {
      readonly status: 'withdrawn';
      readonly request: Request;
      readonly withdrawal: ConsultationWithdrawn['data'];
      readonly flags: readonly ConsultationFlag[];
    };

/** State of a stream with no events. */
export function initialConsultationState(): ConsultationState {
  return { status: 'none' };
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveConsultation(state: ConsultationState, event: ConsultationEvent): ConsultationState {
  switch (event.type) {
    case 'ConsultationRequested':
      return { status: 'requested', request: event.data, flags: [] };
    case 'ConsultationAnswered':
      if (state.status === 'none') return state;
      return { status: 'answered', request: state.request, answer: event.data, flags: state.flags };
    case 'ConsultationFlagged':
      if (state.status === 'none' || state.flags.includes(event.data.flag)) return state;
      return { ...state, flags: [...state.flags, event.data.flag] };
    case 'ConsultationWithdrawn':
      if (state.status === 'none') return state;
      return { status: 'withdrawn', request: state.request, withdrawal: event.data, flags: state.flags };
    default:
      return assertNever(event, 'consultation event');
  }
}

/** Decides which events a command produces, or throws the rule it breaks. */
export function decideConsultation(
  command: ConsultationCommand,
  state: ConsultationState,
): readonly ConsultationEvent[] {
  // Who may act (consultation.access.ts): the capacity must fit the command and this state.
  if (command.type === 'RequestConsultation' || state.status !== 'none') consultationCapacity(command, state);
  switch (command.type) {
    case 'RequestConsultation':
      return request(command, state);
    case 'AnswerConsultation':
      return answer(command, state);
    case 'FlagConsultation':
      return flag(command, state);
    case 'WithdrawConsultation':
      return withdraw(command, state);
    default:
      return assertNever(command, 'consultation command');
  }
}

/** The consultation aggregate as a decider. */
export const consultationDecider: Decider<ConsultationState, ConsultationCommand, ConsultationEvent> = withTimeBounds({
  initialState: initialConsultationState,
  evolve: evolveConsultation,
  decide: decideConsultation,
});


function request(command: RequestConsultation, state: ConsultationState): ConsultationEvent[] {
  if (state.status !== 'none') {
    throw consultationError(RULES.alreadyRequested, `Consultation ${command.data.consultationId} already exists`);
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.requestedBy)) errors.push({ field: 'requestedBy', message: 'is required' });
  if (isBlank(d.requesterUnitId)) errors.push({ field: 'requesterUnitId', message: 'is required' });
  if (isBlank(d.question)) errors.push({ field: 'question', message: 'is required' });
  const hasUnit = !isBlank(d.consultedUnitId);
  const hasPerson = !isBlank(d.consultedPersonId);
  if (hasUnit === hasPerson) {
    const message = 'exactly one of consultedUnitId and consultedPersonId is required';
    errors.push({ field: 'consultedUnitId', message }, { field: 'consultedPersonId', message });
  }
  if (!isInstant(d.dueAt)) errors.push({ field: 'dueAt', message: 'must be an ISO 8601 instant' });
  if (errors.length > 0) throw consultationError(RULES.invalidRequest, 'Invalid consultation request', errors);

  if (hasUnit && d.consultedUnitId === d.requesterUnitId) {
    throw consultationError(RULES.consultedOwnUnit, 'A unit cannot consult itself', [
      { field: 'consultedUnitId', message: 'is the requester unit' },
    ]);
  }
  if (!isBefore(command.now, d.dueAt)) {
    throw consultationError(RULES.dueNotInFuture, 'The due time must be after the request', [
      { field: 'dueAt', message: 'must be after now' },
    ]);
  }
  const party = hasUnit
    ? { consultedUnitId: d.consultedUnitId as string }
    : { consultedPersonId: d.consultedPersonId as string };
  return [
    {
      type: 'ConsultationRequested',
      data: {
        consultationId: d.consultationId,
        requestedBy: d.requestedBy,
        requesterUnitId: d.requesterUnitId,
        ...party,
        question: d.question,
        withinRequesterAuthority: d.withinRequesterAuthority,
        ...(d.relatedAssignmentId !== undefined && { relatedAssignmentId: d.relatedAssignmentId }),
        dueAt: d.dueAt,
        requestedAt: command.now,
      },
    },
  ];
}

function answer(command: AnswerConsultation, state: ConsultationState): ConsultationEvent[] {
  switch (state.status) {
    case 'none':
      throw consultationError(RULES.notFound, 'No such consultation');
    case 'withdrawn':
      throw consultationError(RULES.withdrawn, 'The consultation was withdrawn');
    case 'answered':
      throw consultationError(RULES.alreadyAnswered, 'The consultation is already answered');
    case 'requested':
      break;
    default:
      return assertNever(state, 'consultation state');
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.answer)) errors.push({ field: 'answer', message: 'is required, even with no_position' });
  if (isBlank(d.answeredBy)) errors.push({ field: 'answeredBy', message: 'is required' });
  if (errors.length > 0) throw consultationError(RULES.invalidAnswer, 'Invalid answer', errors);
  if (d.answeredBy === state.request.requestedBy) {
    throw consultationError(RULES.requesterCannotAnswer, 'The requester cannot answer their own consultation', [
      { field: 'answeredBy', message: 'is the requester' },
    ]);
  }
  return [
    {
      type: 'ConsultationAnswered',
      data: {
        position: d.position,
        answer: d.answer,
        answeredBy: d.answeredBy,
        answeredAt: command.now,
        late: isLate(command.now, state.request.dueAt),
      },
    },
  ];
}

/** Late means strictly after the due instant: an answer at the due second is on time. */
function isLate(at: Instant, dueAt: Instant): boolean {
  return toMillis(at) > toMillis(dueAt);
}

function flag(command: FlagConsultation, state: ConsultationState): ConsultationEvent[] {
  if (state.status === 'none') throw consultationError(RULES.notFound, 'No such consultation');
  const d = command.data;
  if (isBlank(d.by)) {
    throw consultationError(RULES.invalidFlag, 'Invalid flag', [{ field: 'by', message: 'is required' }]);
  }
  if (state.flags.includes(d.flag)) {
    throw consultationError(RULES.flagAlreadyRaised, `Flag ${d.flag} is already raised`, [
      { field: 'flag', message: 'already raised' },
    ]);
  }
  if (d.flag === 'vague_response' && state.status !== 'answered') {
    throw consultationError(RULES.vagueFlagNeedsAnswer, 'Only an answer can be vague', [
      { field: 'flag', message: 'the consultation has no answer' },
    ]);
  }
  if (d.flag === 'late_response') {
    const late =
      state.status === 'answered'
        ? state.answer.late
        : state.status === 'requested' && isLate(command.now, state.request.dueAt);
    if (!late) {
      throw consultationError(RULES.notLate, 'The consultation is not late', [
        { field: 'flag', message: 'answered on time, withdrawn, or not yet due' },
      ]);
    }
  }
  return [
    {
      type: 'ConsultationFlagged',
      data: {
        flag: d.flag,
        by: d.by,
        ...(d.note !== undefined && { note: d.note }),
        flaggedAt: command.now,
      },
    },
  ];
}

function withdraw(command: WithdrawConsultation, state: ConsultationState): ConsultationEvent[] {
  switch (state.status) {
    case 'none':
      throw consultationError(RULES.notFound, 'No such consultation');
    case 'withdrawn':
      throw consultationError(RULES.alreadyWithdrawn, 'The consultation is already withdrawn');
    case 'answered':
      throw consultationError(RULES.alreadyAnswered, 'An answered consultation cannot be withdrawn');
    case 'requested':
      break;
    default:
      return assertNever(state, 'consultation state');
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.by)) errors.push({ field: 'by', message: 'is required' });
  if (isBlank(d.reason)) errors.push({ field: 'reason', message: 'is required' });
  if (errors.length > 0) throw consultationError(RULES.invalidWithdrawal, 'Invalid withdrawal', errors);
  return [{ type: 'ConsultationWithdrawn', data: { by: d.by, reason: d.reason, withdrawnAt: command.now } }];
}

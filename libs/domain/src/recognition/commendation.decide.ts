import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isLocalDate } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import type { FieldError } from '../shared/errors.js';
import type { CommendationCommand, GrantCommendation, RevokeCommendation } from './commendation.commands.js';
import { commendationCapacity } from './commendation.access.js';
import { COMMENDATION_RULES as RULES } from './commendation.errors.js';
import type { CommendationEvent, CommendationGranted, CommendationRevoked } from './commendation.events.js';
import { recognitionError } from './recognition.errors.js';

/** Stream of one commendation: `commendation-<id>`. */
export function commendationStream(id: string): string {
  return `commendation-${id}`;
}

/** Folded state of one commendation. */
export type CommendationState =
  | { readonly status: 'none' }
  | { readonly status: 'granted'; readonly grant: CommendationGranted['data'] }
  | {
      readonly status: 'revoked';
      readonly grant: CommendationGranted['data'];
      readonly revocation: CommendationRevoked['data'];
    };

/** State of a stream with no events. */
export function initialCommendationState(): CommendationState {
  return { status: 'none' };
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveCommendation(state: CommendationState, event: CommendationEvent): CommendationState {
  switch (event.type) {
    case 'CommendationGranted':
      return { status: 'granted', grant: event.data };
    case 'CommendationRevoked':
      if (state.status === 'none') return state;
      return { status: 'revoked', grant: state.grant, revocation: event.data };
    default:
      return assertNever(event, 'commendation event');
  }
}

/** Decides which events a command produces, or throws the rule it breaks. */
export function decideCommendation(
  command: CommendationCommand,
  state: CommendationState,
): readonly CommendationEvent[] {
  commendationCapacity(command); // who may act: commendation.access.ts
  switch (command.type) {
    case 'GrantCommendation':
      return grant(command, state);
    case 'RevokeCommendation':
      return revoke(command, state);
    default:
      return assertNever(command, 'commendation command');
  }
}

/** The commendation aggregate as a decider. */
export const commendationDecider: Decider<CommendationState, CommendationCommand, CommendationEvent> = withTimeBounds({
  initialState: initialCommendationState,
  evolve: evolveCommendation,
  decide: decideCommendation,
});


function grant(command: GrantCommendation, state: CommendationState): CommendationEvent[] {
  const d = command.data;
  if (state.status !== 'none') {
    throw recognitionError(RULES.alreadyGranted, `Commendation ${d.commendationId} already exists`);
  }
  const errors: FieldError[] = [];
  if (d.recipient.kind !== 'person' && d.recipient.kind !== 'unit') {
    errors.push({ field: 'recipient.kind', message: 'must be person or unit' });
  }
  if (isBlank(d.recipient.id)) errors.push({ field: 'recipient.id', message: 'is required' });
  for (const field of ['form', 'level', 'decisionNo', 'decidedBy', 'reason'] as const) {
    if (isBlank(d[field])) errors.push({ field, message: 'is required' });
  }
  for (const field of ['periodFrom', 'periodTo'] as const) {
    const value = d[field];
    if (value !== undefined && !isLocalDate(value)) errors.push({ field, message: 'must be YYYY-MM-DD' });
  }
  if (errors.length === 0 && d.periodFrom !== undefined && d.periodTo !== undefined && d.periodFrom > d.periodTo) {
    errors.push({ field: 'periodTo', message: 'must not be before periodFrom' });
  }
  if (errors.length > 0) throw recognitionError(RULES.invalidGrant, 'Invalid commendation', errors);

  // Units are not subjects of disciplinary cases; the flag only matters for a person.
  if (d.recipient.kind === 'person' && d.recipientHasOpenCase) {
    throw recognitionError(
      RULES.recipientUnderDisciplinaryConsideration,
      'The recipient is under disciplinary consideration; commendation waits until the case is closed',
      [{ field: 'recipient.id', message: 'has an open disciplinary case' }],
    );
  }
  const bars = d.recipient.kind === 'person' ? (d.recipientDisciplineBars ?? []) : [];
  if (bars.length > 0) {
    throw recognitionError(
      RULES.recipientDisciplined,
      `A disciplinary decision in effect bars commendation until ${bars.map((b) => b.until).sort().at(-1)}`,
      bars.map((b) => ({ field: 'recipient.id', message: `decision ${b.decisionNo} in effect until ${b.until}` })),
      `${RULES.recipientDisciplined.source}; ${bars[0]!.source}`,
    );
  }
  return [
    {
      type: 'CommendationGranted',
      data: {
        commendationId: d.commendationId,
        recipient: { kind: d.recipient.kind, id: d.recipient.id },
        form: d.form,
        level: d.level,
        decisionNo: d.decisionNo,
        decidedBy: d.decidedBy,
        reason: d.reason,
        ...(d.periodFrom !== undefined && { periodFrom: d.periodFrom }),
        ...(d.periodTo !== undefined && { periodTo: d.periodTo }),
        grantedAt: command.now,
      },
    },
  ];
}

function revoke(command: RevokeCommendation, state: CommendationState): CommendationEvent[] {
  switch (state.status) {
    case 'none':
      throw recognitionError(RULES.notFound, 'No such commendation');
    case 'revoked':
      throw recognitionError(RULES.alreadyRevoked, 'The commendation is already revoked');
    case 'granted':
      break;
    default:
      return assertNever(state, 'commendation state');
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.reason)) errors.push({ field: 'reason', message: 'is required' });
  if (isBlank(d.revokedBy)) errors.push({ field: 'revokedBy', message: 'is required' });
  // A revocation without a decision or a finding would be an unexplained removal of merit.
  if (isBlank(d.decisionNo) && isBlank(d.findingRef)) {
    const message = 'a revoking decision number or a finding reference is required';
    errors.push({ field: 'decisionNo', message }, { field: 'findingRef', message });
  }
  if (errors.length > 0) throw recognitionError(RULES.invalidRevocation, 'Invalid revocation', errors);
  return [
    {
      type: 'CommendationRevoked',
      data: {
        reason: d.reason,
        ...(d.decisionNo !== undefined && { decisionNo: d.decisionNo }),
        ...(d.findingRef !== undefined && { findingRef: d.findingRef }),
        revokedBy: d.revokedBy,
        revokedAt: command.now,
      },
    },
  ];
}

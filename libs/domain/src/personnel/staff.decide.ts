import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isLocalDate } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import type {
  AppointLeadership,
  EndLeadership,
  RecordDeparture,
  RecordLeave,
  RegisterStaff,
  StaffCommand,
  TransferStaff,
} from './staff.commands.js';
import { staffCapacity } from './staff.access.js';
import { STAFF_RULES } from './staff.errors.js';
import { refuseMergedUnit } from './unit-standing.js';
import {
  DEPARTURE_REASONS,
  STAFF_TRANSFER_REASONS,
  LEADERSHIP_END_REASONS,
  LEADERSHIP_ROLES,
  LEAVE_KINDS,
  STAFF_CATEGORIES,
  type LeadershipEnded,
  type LeadershipEndReason,
  type LeadershipRole,
  type LeaveKind,
  type StaffCategory,
  type StaffEvent,
} from './staff.events.js';

/** Stream of one person: `staff-<id>` (EventStoreDB category `staff`). */
export function staffStream(staffId: string): string {
  return `staff-${staffId}`;
}

/** A leadership post currently held. */
export interface LeadershipPost {
  readonly role: LeadershipRole;
  readonly unitId: string;
  readonly since: LocalDate;
}

/** A recorded absence, both days inclusive. */
export interface LeavePeriod {
  readonly kind: LeaveKind;
  readonly from: LocalDate;
  readonly to: LocalDate;
}

/** The facts about a person the staff rules depend on. */
export interface StaffRecord {
  readonly staffId: string;
  readonly personnelCode: string;
  readonly fullName: string;
  readonly category: StaffCategory;
  readonly unitId: string;
  readonly jobPosition: string;
  readonly joinedOn: LocalDate;
  readonly posts: readonly LeadershipPost[];
  readonly leaves: readonly LeavePeriod[];
}

/** What the staff decider knows about a person; `status` is the discriminant. */
export type StaffState =
  | { readonly status: 'none' }
  | ({ readonly status: 'active' } & StaffRecord)
  | ({ readonly status: 'left'; readonly leftOn: LocalDate } & StaffRecord);

/** The state of a staff stream with no events. */
export function initialStaffState(): StaffState {
  return { status: 'none' };
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  switch (event.type) {
    case 'StaffRegistered':
      return { status: 'active', ...event.data, posts: [], leaves: [] };
    case 'StaffTransferred':
      return state.status === 'none' ? state : { ...state, unitId: event.data.toUnitId, jobPosition: event.data.jobPosition };
    case 'LeadershipAppointed': {
      if (state.status === 'none') return state;
      const { role, unitId, effectiveOn } = event.data;
      return { ...state, posts: [...state.posts, { role, unitId, since: effectiveOn }] };
    }
    case 'LeadershipEnded': {
      if (state.status === 'none') return state;
      const { role, unitId } = event.data;
      return { ...state, posts: state.posts.filter((p) => !(p.role === role && p.unitId === unitId)) };
    }
    case 'LeaveRecorded': {
      if (state.status === 'none') return state;
      const { kind, from, to } = event.data;
      return { ...state, leaves: [...state.leaves, { kind, from, to }] };
    }
    case 'StaffLeft':
      return state.status === 'none' ? state : { ...state, status: 'left', leftOn: event.data.leftOn };
    default:
      return assertNever(event, 'staff event');
  }
}

/** Decides which events a staff command produces, or throws a DomainError naming the rule. */
export function decideStaff(command: StaffCommand, state: StaffState): readonly StaffEvent[] {
  staffCapacity(command); // who may act: staff.access.ts
  switch (command.type) {
    case 'RegisterStaff':
      return register(command, state);
    case 'TransferStaff':
      return transfer(command, state);
    case 'AppointLeadership':
      return appoint(command, state);
    case 'EndLeadership':
      return endLeadership(command, state);
    case 'RecordLeave':
      return recordLeave(command, state);
    case 'RecordDeparture':
      return recordDeparture(command, state);
    default:
      return assertNever(command, 'staff command');
  }
}

/** The staff aggregate as one value, for `fold` and `deciderSpec`. */
export const staffDecider: Decider<StaffState, StaffCommand, StaffEvent> = withTimeBounds({
  initialState: initialStaffState,
  evolve: evolveStaff,
  decide: decideStaff,
});

function register(command: RegisterStaff, state: StaffState): StaffEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.staffId)) errors.push({ field: 'staffId', message: 'The staff id is missing' });
  if (isBlank(d.personnelCode)) errors.push({ field: 'personnelCode', message: 'The personnel code is missing' });
  if (isBlank(d.fullName)) errors.push({ field: 'fullName', message: 'The full name is missing' });
  if (!STAFF_CATEGORIES.includes(d.category)) {
    errors.push({ field: 'category', message: `Expected one of ${STAFF_CATEGORIES.join(', ')}` });
  }
  if (isBlank(d.unitId)) errors.push({ field: 'unitId', message: 'The unit is missing' });
  if (isBlank(d.jobPosition)) errors.push({ field: 'jobPosition', message: 'The job position is missing' });
  if (!isLocalDate(d.joinedOn)) errors.push({ field: 'joinedOn', message: 'Expected a date YYYY-MM-DD' });
  throwIfInvalid(errors);
  if (state.status !== 'none') throw ruleError(STAFF_RULES.alreadyRegistered, `Staff ${d.staffId} is already registered`);
  refuseMergedUnit(d.unitId, d.unit, 'unitId');
  return [
    {
      type: 'StaffRegistered',
      data: {
        staffId: d.staffId,
        personnelCode: d.personnelCode.trim(),
        fullName: d.fullName.trim(),
        category: d.category,
        unitId: d.unitId,
        jobPosition: d.jobPosition.trim(),
        joinedOn: d.joinedOn,
      },
    },
  ];
}

function transfer(command: TransferStaff, state: StaffState): StaffEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.toUnitId)) errors.push({ field: 'toUnitId', message: 'The receiving unit is missing' });
  if (!isLocalDate(d.effectiveOn)) errors.push({ field: 'effectiveOn', message: 'Expected a date YYYY-MM-DD' });
  if (d.reason !== undefined && !STAFF_TRANSFER_REASONS.includes(d.reason)) {
    errors.push({ field: 'reason', message: `Expected one of ${STAFF_TRANSFER_REASONS.join(', ')}` });
  }
  throwIfInvalid(errors);
  const staff = requireActive(state, d.staffId);
  refuseMergedUnit(d.toUnitId, d.toUnit, 'toUnitId');
  if (d.toUnitId === staff.unitId) throw ruleError(STAFF_RULES.transferSameUnit, `Already in unit ${staff.unitId}`);
  requireNotBeforeJoining(staff, d.effectiveOn);
  // Leading a unit one no longer belongs to would leave the old unit's head answerable from outside it.
  const ended = endPosts(staff, (p) => p.unitId === staff.unitId, d.effectiveOn, 'transferred');
  return [
    ...ended,
    {
      type: 'StaffTransferred',
      data: {
        staffId: staff.staffId,
        fromUnitId: staff.unitId,
        toUnitId: d.toUnitId,
        jobPosition: isBlank(d.jobPosition) ? staff.jobPosition : d.jobPosition!.trim(),
        effectiveOn: d.effectiveOn,
        decisionRef: isBlank(d.decisionRef) ? null : d.decisionRef!.trim(),
        reason: d.reason ?? 'transfer',
      },
    },
  ];
}

function appoint(command: AppointLeadership, state: StaffState): StaffEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (!LEADERSHIP_ROLES.includes(d.role)) errors.push({ field: 'role', message: `Expected one of ${LEADERSHIP_ROLES.join(', ')}` });
  if (isBlank(d.unitId)) errors.push({ field: 'unitId', message: 'The unit is missing' });
  if (!isLocalDate(d.effectiveOn)) errors.push({ field: 'effectiveOn', message: 'Expected a date YYYY-MM-DD' });
  throwIfInvalid(errors);
  const staff = requireActive(state, d.staffId);
  if (staff.category === 'worker') {
    throw ruleError(STAFF_RULES.leadershipNotEligible, 'Workers on labour contracts do not hold leadership posts');
  }
  const held = staff.posts.find((p) => p.unitId === d.unitId);
  if (held) throw ruleError(STAFF_RULES.alreadyLeading, `Already ${held.role} of unit ${d.unitId} since ${held.since}`);
  requireNotBeforeJoining(staff, d.effectiveOn);
  return [
    {
      type: 'LeadershipAppointed',
      data: {
        staffId: staff.staffId,
        role: d.role,
        unitId: d.unitId,
        effectiveOn: d.effectiveOn,
        decisionRef: isBlank(d.decisionRef) ? null : d.decisionRef!.trim(),
      },
    },
  ];
}

function endLeadership(command: EndLeadership, state: StaffState): StaffEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (!LEADERSHIP_ROLES.includes(d.role)) errors.push({ field: 'role', message: `Expected one of ${LEADERSHIP_ROLES.join(', ')}` });
  if (isBlank(d.unitId)) errors.push({ field: 'unitId', message: 'The unit is missing' });
  if (!isLocalDate(d.effectiveOn)) errors.push({ field: 'effectiveOn', message: 'Expected a date YYYY-MM-DD' });
  if (!LEADERSHIP_END_REASONS.includes(d.reason)) {
    errors.push({ field: 'reason', message: `Expected one of ${LEADERSHIP_END_REASONS.join(', ')}` });
  }
  throwIfInvalid(errors);
  const staff = requireActive(state, d.staffId);
  if (!staff.posts.some((p) => p.role === d.role && p.unitId === d.unitId)) {
    throw ruleError(STAFF_RULES.notLeading, `Not ${d.role} of unit ${d.unitId}`);
  }
  return endPosts(staff, (p) => p.role === d.role && p.unitId === d.unitId, d.effectiveOn, d.reason);
}

function recordLeave(command: RecordLeave, state: StaffState): StaffEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (!LEAVE_KINDS.includes(d.kind)) errors.push({ field: 'kind', message: `Expected one of ${LEAVE_KINDS.join(', ')}` });
  if (!isLocalDate(d.from)) errors.push({ field: 'from', message: 'Expected a date YYYY-MM-DD' });
  if (!isLocalDate(d.to)) errors.push({ field: 'to', message: 'Expected a date YYYY-MM-DD' });
  else if (isLocalDate(d.from) && d.to < d.from) errors.push({ field: 'to', message: 'The leave ends before it starts' });
  throwIfInvalid(errors);
  const staff = requireActive(state, d.staffId);
  requireNotBeforeJoining(staff, d.from);
  const overlapping = staff.leaves.find((l) => l.from <= d.to && d.from <= l.to);
  if (overlapping) {
    throw ruleError(STAFF_RULES.leaveOverlaps, `Overlaps the ${overlapping.kind} leave ${overlapping.from}..${overlapping.to}`);
  }
  return [
    {
      type: 'LeaveRecorded',
      data: { staffId: staff.staffId, kind: d.kind, from: d.from, to: d.to, note: isBlank(d.note) ? null : d.note!.trim() },
    },
  ];
}

function recordDeparture(command: RecordDeparture, state: StaffState): StaffEvent[] {
  const d = command.data;
  const errors: FieldError[] = [];
  if (!isLocalDate(d.leftOn)) errors.push({ field: 'leftOn', message: 'Expected a date YYYY-MM-DD' });
  if (!DEPARTURE_REASONS.includes(d.reason)) {
    errors.push({ field: 'reason', message: `Expected one of ${DEPARTURE_REASONS.join(', ')}` });
  }
  throwIfInvalid(errors);
  const staff = requireActive(state, d.staffId);
  requireNotBeforeJoining(staff, d.leftOn);
  // Posts end explicitly so that "who headed the unit on date D" never needs the StaffLeft rule.
  const ended = endPosts(staff, () => true, d.leftOn, 'left');
  return [...ended, { type: 'StaffLeft', data: { staffId: staff.staffId, leftOn: d.leftOn, reason: d.reason } }];
}

type ActiveStaff = Extract<StaffState, { status: 'active' }>;

function requireActive(state: StaffState, staffId: string): ActiveStaff {
  if (state.status === 'none') throw ruleError(STAFF_RULES.notFound, `Staff ${staffId} is not registered`);
  if (state.status === 'left') throw ruleError(STAFF_RULES.left, `Staff ${state.staffId} left on ${state.leftOn}`);
  return state;
}

function requireNotBeforeJoining(staff: StaffRecord, date: LocalDate): void {
  // ISO dates compare correctly as strings.
  if (date < staff.joinedOn) throw ruleError(STAFF_RULES.dateBeforeJoining, `Joined on ${staff.joinedOn}`);
}

function endPosts(
  staff: StaffRecord,
  which: (post: LeadershipPost) => boolean,
  effectiveOn: LocalDate,
  reason: LeadershipEndReason,
): LeadershipEnded[] {
  return staff.posts.filter(which).map((post) => {
    if (effectiveOn < post.since) {
      throw ruleError(STAFF_RULES.leadershipEndBeforeStart,
        `The ${post.role} post in unit ${post.unitId} started on ${post.since}`,
      );
    }
    return {
      type: 'LeadershipEnded' as const,
      data: { staffId: staff.staffId, role: post.role, unitId: post.unitId, effectiveOn, reason },
    };
  });
}

function throwIfInvalid(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw ruleError(STAFF_RULES.invalid, 'The staff command is incomplete', errors);
}

import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import { isRepresentableDate, withTimeBounds } from '../shared/time-bounds.js';
import { positionCapacity } from './position.access.js';
import type { EstablishPosition, PositionCommand } from './position.commands.js';
import { POSITION_CATEGORIES, type Competency, type PositionCategory, type PositionEvent } from './position.events.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';

/** Stream of one job position: `position-<id>`. */
export function positionStream(positionId: string): string {
  return `position-${positionId}`;
}

export interface Appointment {
  readonly staffId: string;
  readonly main: boolean;
  readonly from: LocalDate;
  readonly to: LocalDate | null;
}

export type PositionState =
  | { readonly status: 'none' }
  | {
      readonly status: 'established';
      readonly positionId: string;
      readonly unitId: string;
      readonly code: string;
      readonly title: string;
      readonly category: PositionCategory;
      readonly competencies: readonly Competency[];
      readonly taskGroup: string;
      readonly effectiveFrom: LocalDate;
      readonly effectiveTo: LocalDate | null;
      /** Every appointment, oldest first (the history). */
      readonly appointments: readonly Appointment[];
    };

export function initialPositionState(): PositionState {
  return { status: 'none' };
}

/** The appointment of a person that is open (no end date), if any. */
export function openAppointment(state: PositionState, staffId: string): Appointment | undefined {
  return state.status === 'none' ? undefined : state.appointments.find((a) => a.staffId === staffId && a.to === null);
}

/** Never throws: a recorded event is a fact. */
export function evolvePosition(state: PositionState, event: PositionEvent): PositionState {
  switch (event.type) {
    case 'PositionEstablished': {
      const d = event.data;
      return {
        status: 'established', positionId: d.positionId, unitId: d.unitId, code: d.code, title: d.title, category: d.category,
        competencies: d.competencies, taskGroup: d.taskGroup, effectiveFrom: d.effectiveFrom, effectiveTo: d.effectiveTo, appointments: [],
      };
    }
    case 'StaffAppointedToPosition':
      if (state.status === 'none') return state;
      return { ...state, appointments: [...state.appointments, { staffId: event.data.staffId, main: event.data.main, from: event.data.from, to: null }] };
    case 'StaffAppointmentEnded':
      if (state.status === 'none') return state;
      return {
        ...state,
        appointments: state.appointments.map((a) => (a.staffId === event.data.staffId && a.to === null ? { ...a, to: event.data.to } : a)),
      };
    default:
      return state;
  }
}

export function decidePosition(command: PositionCommand, state: PositionState): PositionEvent[] {
  positionCapacity(command); // who may act: position.access.ts
  switch (command.type) {
    case 'EstablishPosition': {
      if (state.status !== 'none') throw ruleError(RULES.alreadyEstablished, `Position ${command.data.positionId} was already established`);
      validateEstablish(command);
      const d = command.data;
      if (d.unitKnown === false) throw ruleError(RULES.unknownUnit, `No unit ${d.unitId} in the record`, [{ field: 'unitId', message: 'is not a unit of the record' }]);
      return [
        {
          type: 'PositionEstablished',
          data: {
            positionId: d.positionId, unitId: d.unitId, code: d.code.trim(), title: d.title.trim(), category: d.category,
            competencies: d.competencies.map((c) => ({ name: c.name.trim(), level: c.level })), taskGroup: d.taskGroup.trim(),
            effectiveFrom: d.effectiveFrom, effectiveTo: d.effectiveTo, establishedBy: command.actor, establishedAt: command.now,
          },
        },
      ];
    }
    case 'AppointStaff': {
      if (state.status === 'none') throw ruleError(RULES.notFound, `No position ${command.data.positionId}`);
      const d = command.data;
      check([isBlank(d.staffId) && { field: 'staffId', message: 'is required' }, !isRepresentableDate(d.from) && { field: 'from', message: 'must be a date YYYY-MM-DD' }]);
      if (d.from < state.effectiveFrom || (state.effectiveTo !== null && d.from > state.effectiveTo)) {
        throw ruleError(RULES.notInEffect, `The position is in effect from ${state.effectiveFrom}${state.effectiveTo ? ` to ${state.effectiveTo}` : ''}`, [{ field: 'from', message: 'outside the position\'s effective dates' }]);
      }
      if (openAppointment(state, d.staffId)) throw ruleError(RULES.alreadyAppointed, 'The person already holds this position');
      if (d.main && d.mainPositionElsewhere !== null && d.mainPositionElsewhere !== d.positionId) {
        throw ruleError(RULES.mainPositionHeld, 'The person already has a main position; end that appointment first (one main position at a time)', [
          { field: 'main', message: 'another main position is in force' },
        ]);
      }
      return [{ type: 'StaffAppointedToPosition', data: { positionId: d.positionId, staffId: d.staffId, main: d.main, from: d.from, appointedBy: command.actor, appointedAt: command.now } }];
    }
    case 'EndAppointment': {
      if (state.status === 'none') throw ruleError(RULES.notFound, `No position ${command.data.positionId}`);
      const d = command.data;
      const open = openAppointment(state, d.staffId);
      if (!open) throw ruleError(RULES.notAppointed, 'The person holds no open appointment to this position');
      check([
        !isRepresentableDate(d.to) && { field: 'to', message: 'must be a date YYYY-MM-DD' },
        isRepresentableDate(d.to) && d.to < open.from && { field: 'to', message: `must not be before the appointment began (${open.from})` },
        isBlank(d.reason) && { field: 'reason', message: 'is required' },
      ]);
      return [{ type: 'StaffAppointmentEnded', data: { positionId: d.positionId, staffId: d.staffId, to: d.to, reason: d.reason.trim(), endedBy: command.actor, endedAt: command.now } }];
    }
    default:
      return assertNever(command, 'position command');
  }
}

function validateEstablish(command: EstablishPosition): void {
  const d = command.data;
  const names = new Set<string>();
  check([
    isBlank(d.positionId) && { field: 'positionId', message: 'is required' },
    isBlank(d.unitId) && { field: 'unitId', message: 'is required' },
    isBlank(d.code) && { field: 'code', message: 'is required' },
    isBlank(d.title) && { field: 'title', message: 'is required' },
    !POSITION_CATEGORIES.includes(d.category) && { field: 'category', message: `one of ${POSITION_CATEGORIES.join(', ')}` },
    isBlank(d.taskGroup) && { field: 'taskGroup', message: 'is required' },
    !isRepresentableDate(d.effectiveFrom) && { field: 'effectiveFrom', message: 'must be a date YYYY-MM-DD' },
    d.effectiveTo !== null && (!isRepresentableDate(d.effectiveTo) || d.effectiveTo < d.effectiveFrom) && { field: 'effectiveTo', message: 'must be a date not before effectiveFrom' },
    ...d.competencies.flatMap((c, i): (FieldError | false)[] => {
      const dup = names.has(c.name?.trim());
      names.add(c.name?.trim());
      return [
        (isBlank(c.name) || dup) && { field: `competencies[${i}].name`, message: dup ? 'appears twice' : 'is required' },
        !(Number.isInteger(c.level) && c.level >= 1 && c.level <= 5) && { field: `competencies[${i}].level`, message: 'must be an integer level 1..5' },
      ];
    }),
  ]);
}

function check(candidates: readonly (FieldError | false)[]): void {
  const errors = candidates.filter((e): e is FieldError => e !== false);
  if (errors.length) throw ruleError(RULES.invalid, 'The position command is not valid', errors);
}

/** The job-position aggregate. */
export const positionDecider: Decider<PositionState, PositionCommand, PositionEvent> = withTimeBounds({
  initialState: initialPositionState,
  evolve: evolvePosition,
  decide: decidePosition,
});

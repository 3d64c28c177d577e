import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank, isLocalDate } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { LocalDate } from '../shared/ids.js';
import type { EstablishUnit, MergeUnit, RenameUnit, UnitCommand } from './unit.commands.js';
import { unitCapacity } from './unit.access.js';
import { UNIT_RULES } from './unit.errors.js';
import type { UnitEvent } from './unit.events.js';

/** Stream of one unit: `unit-<id>` (EventStoreDB category `unit`). */
export function unitStream(unitId: string): string {
  return `unit-${unitId}`;
}

/** What the unit decider knows about a unit; `status` is the discriminant. */
export type UnitState =
  | { readonly status: 'none' }
  | {
      readonly status: 'active';
      readonly unitId: string;
      readonly name: string;
      readonly parentUnitId: string | null;
      readonly establishedOn: LocalDate;
    }
  | {
      readonly status: 'merged';
      readonly unitId: string;
      readonly name: string;
      readonly parentUnitId: string | null;
      readonly establishedOn: LocalDate;
      readonly intoUnitId: string;
      readonly mergedOn: LocalDate;
    };

/** The state of a unit stream with no events. */
export function initialUnitState(): UnitState {
  return { status: 'none' };
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveUnit(state: UnitState, event: UnitEvent): UnitState {
  switch (event.type) {
    case 'UnitEstablished':
      return {
        status: 'active',
        unitId: event.data.unitId,
        name: event.data.name,
        parentUnitId: event.data.parentUnitId,
        establishedOn: event.data.establishedOn,
      };
    case 'UnitRenamed':
      return state.status === 'none' ? state : { ...state, name: event.data.name };
    case 'UnitMerged':
      return state.status === 'none'
        ? state
        : {
            status: 'merged',
            unitId: state.unitId,
            name: state.name,
            parentUnitId: state.parentUnitId,
            establishedOn: state.establishedOn,
            intoUnitId: event.data.intoUnitId,
            mergedOn: event.data.mergedOn,
          };
    default:
      return assertNever(event, 'unit event');
  }
}

/** Decides which events a unit command produces, or throws a DomainError naming the rule. */
export function decideUnit(command: UnitCommand, state: UnitState): readonly UnitEvent[] {
  unitCapacity(command); // who may act: unit.access.ts
  switch (command.type) {
    case 'EstablishUnit':
      return establish(command, state);
    case 'RenameUnit':
      return rename(command, state);
    case 'MergeUnit':
      return merge(command, state);
    default:
      return assertNever(command, 'unit command');
  }
}

/** The unit aggregate as one value, for `fold` and `deciderSpec`. */
export const unitDecider: Decider<UnitState, UnitCommand, UnitEvent> = withTimeBounds({
  initialState: initialUnitState,
  evolve: evolveUnit,
  decide: decideUnit,
});

function establish(command: EstablishUnit, state: UnitState): UnitEvent[] {
  const { unitId, name, establishedOn } = command.data;
  const parentUnitId = isBlank(command.data.parentUnitId) ? null : command.data.parentUnitId!;
  const errors: FieldError[] = [];
  if (isBlank(unitId)) errors.push({ field: 'unitId', message: 'The unit id is missing' });
  if (isBlank(name)) errors.push({ field: 'name', message: 'The unit name is missing' });
  if (!isLocalDate(establishedOn)) errors.push({ field: 'establishedOn', message: 'Expected a date YYYY-MM-DD' });
  throwIfInvalid(errors);
  if (state.status !== 'none') throw ruleError(UNIT_RULES.alreadyExists, `Unit ${unitId} already exists`);
  if (parentUnitId === unitId) throw ruleError(UNIT_RULES.parentSelf, 'A unit cannot report to itself');
  return [{ type: 'UnitEstablished', data: { unitId, name: name.trim(), parentUnitId, establishedOn } }];
}

function rename(command: RenameUnit, state: UnitState): UnitEvent[] {
  const { unitId, name, effectiveOn } = command.data;
  const errors: FieldError[] = [];
  if (isBlank(name)) errors.push({ field: 'name', message: 'The unit name is missing' });
  if (!isLocalDate(effectiveOn)) errors.push({ field: 'effectiveOn', message: 'Expected a date YYYY-MM-DD' });
  throwIfInvalid(errors);
  const active = requireActive(state, unitId);
  if (name.trim() === active.name) throw ruleError(UNIT_RULES.nameUnchanged, 'The unit already has this name');
  requireNotBeforeEstablished(active.establishedOn, effectiveOn);
  return [{ type: 'UnitRenamed', data: { unitId: active.unitId, name: name.trim(), previousName: active.name, effectiveOn } }];
}

function merge(command: MergeUnit, state: UnitState): UnitEvent[] {
  const { unitId, intoUnitId, mergedOn, decisionRef } = command.data;
  const errors: FieldError[] = [];
  if (isBlank(intoUnitId)) errors.push({ field: 'intoUnitId', message: 'The receiving unit is missing' });
  if (!isLocalDate(mergedOn)) errors.push({ field: 'mergedOn', message: 'Expected a date YYYY-MM-DD' });
  if (isBlank(decisionRef)) errors.push({ field: 'decisionRef', message: 'The decision ordering the merge is missing' });
  throwIfInvalid(errors);
  const active = requireActive(state, unitId);
  if (intoUnitId === active.unitId) throw ruleError(UNIT_RULES.mergeIntoSelf, 'A unit cannot be merged into itself');
  requireNotBeforeEstablished(active.establishedOn, mergedOn);
  return [{ type: 'UnitMerged', data: { unitId: active.unitId, intoUnitId, mergedOn, decisionRef: decisionRef.trim() } }];
}

type ActiveUnit = Extract<UnitState, { status: 'active' }>;

function requireActive(state: UnitState, unitId: string): ActiveUnit {
  if (state.status === 'none') throw ruleError(UNIT_RULES.notFound, `Unit ${unitId} does not exist`);
  if (state.status === 'merged') {
    throw ruleError(UNIT_RULES.merged, `Unit ${state.unitId} was merged into ${state.intoUnitId} on ${state.mergedOn}`);
  }
  return state;
}

function requireNotBeforeEstablished(establishedOn: LocalDate, date: LocalDate): void {
  // ISO dates compare correctly as strings.
  if (date < establishedOn) {
    throw ruleError(UNIT_RULES.dateBeforeEstablished, `The unit was established on ${establishedOn}`);
  }
}

function throwIfInvalid(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw ruleError(UNIT_RULES.invalid, 'The unit command is incomplete', errors);
}

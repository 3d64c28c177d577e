import { ruleError } from '../shared/errors.js';
import type { UnitState } from './unit.decide.js';
import { UNIT_RULES } from './unit.errors.js';

/**
 * What a command about a unit's people or work needs to know of the unit, loaded from
 * the unit's stream by whoever sends the command (the API, the CLI, an importer):
 * `merged` units are history (2-level local government reform) and accept nothing new.
 */
export type UnitStanding =
  | { readonly status: 'active' }
  | { readonly status: 'merged'; readonly intoUnitId: string }
  /** Nothing recorded under this id (the directory may still know it from an import). */
  | { readonly status: 'none' };

/** The standing of a unit from its folded state. */
export function unitStandingOf(state: UnitState): UnitStanding {
  if (state.status === 'merged') return { status: 'merged', intoUnitId: state.intoUnitId };
  return state.status === 'active' ? { status: 'active' } : { status: 'none' };
}

/**
 * A merged unit refuses new work and new people (409 `unit.merged`): they belong to the
 * unit that absorbed it, whose head answers for them.
 */
export function refuseMergedUnit(unitId: string, standing: UnitStanding, field: string): void {
  if (standing.status !== 'merged') return;
  throw ruleError(UNIT_RULES.mergedTakesNothingNew, `Unit ${unitId} was merged into unit ${standing.intoUnitId}; use that unit`, [
    { field, message: `was merged into ${standing.intoUnitId}` },
  ]);
}

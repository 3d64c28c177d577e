import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { UnitCommand } from './unit.commands.js';
import type { UnitState } from './unit.decide.js';
import { UNIT_RULES as RULES } from './unit.errors.js';

/**
 * WHO MAY CHANGE THE ORGANISATION: hr (or admin). A unit is established under a
 * parent in the caller's scope (a top-level unit only by callers scoped to every
 * unit); an existing unit is renamed or merged only within scope, and a unit outside
 * it answers `unit.not_found` as if it did not exist (issue 12 item 9).
 */
export type UnitCapacity = 'hr';

function inScopeUnit(who: Actor, s: UnitState) {
  if (s.status === 'none' || !who.is('hr') || !who.inScope(s.unitId)) return deny(RULES.notFound, 'No such unit in your scope');
  return 'hr' as const;
}

/** Who may issue each unit command, and as what. */
export const unitAccess = {
  EstablishUnit: (who, _s, c) => {
    if (!who.is('hr')) return deny(RULES.outsideUnitScope, 'Only hr establishes units');
    const parent = c.data.parentUnitId ?? null;
    if (parent === null) return who.inScope(null) ? 'hr' : deny(RULES.outsideUnitScope, 'Only callers scoped to every unit (*) may establish a top-level unit');
    return who.inScope(parent) ? 'hr' : deny(RULES.outsideUnitScope, 'The parent unit is outside your unit scope');
  },
  RenameUnit: inScopeUnit,
  MergeUnit: (who, s, c) => {
    const own = inScopeUnit(who, s);
    if (typeof own !== 'string') return own;
    return who.inScope(c.data.intoUnitId) ? 'hr' : deny(RULES.outsideUnitScope, 'The receiving unit is outside your unit scope');
  },
} satisfies AccessPolicy<UnitState, UnitCommand>;

/** Decider side: the organisation changes only in the hr capacity. */
export function unitCapacity(command: UnitCommand): UnitCapacity {
  return requireCapacity(command, ['hr'] as const);
}

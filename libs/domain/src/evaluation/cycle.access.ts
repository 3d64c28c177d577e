import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { CycleCommand } from './cycle.commands.js';
import type { CycleState } from './cycle.decide.js';
import { EVALUATION_RULES as RULES } from './evaluation.errors.js';

/**
 * WHO MAY OPEN OR CLOSE AN EVALUATION CYCLE: hr with the cycle's unit subtree in
 * scope. A cycle outside the scope answers `evaluation.cycle_not_found`, as for an id
 * never used.
 */
export type CycleCapacity = 'hr';

/** May the caller see the cycle? hr, unit heads and inspectors in scope; staff act on their own evaluation inside it. */
export function seesCycle(who: Actor, s: CycleState): s is Exclude<CycleState, { status: 'none' }> {
  if (s.status === 'none') return false;
  return (who.is('hr', 'unit_head', 'inspector') && who.inScope(s.scopeUnitId)) || who.roles.includes('staff');
}

/** Who may issue each cycle command, and as what. */
export const cycleAccess = {
  OpenCycle: (who, _s, c) =>
    who.is('hr') && who.inScope(c.data.scopeUnitId) ? 'hr' : deny(RULES.outsideUnitScope, 'The unit is outside your unit scope'),
  CloseCycle: (who, s) => (s.status !== 'none' && who.is('hr') && who.inScope(s.scopeUnitId) ? 'hr' : deny(RULES.cycleNotFound, 'No such evaluation cycle in your scope')),
} satisfies AccessPolicy<CycleState, CycleCommand>;

/** Decider side: cycles are opened and closed only in the hr capacity. */
export function cycleCapacity(command: CycleCommand): CycleCapacity {
  return requireCapacity(command, ['hr'] as const);
}

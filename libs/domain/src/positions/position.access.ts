import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { PositionCommand } from './position.commands.js';
import type { PositionState } from './position.decide.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';

/**
 * WHO MAY ACT ON A JOB POSITION: hr with the position's unit in scope (establish,
 * appoint, end an appointment); to appoint, the person's unit in scope too. Unit heads read their subtree's positions (the GET
 * routes); a position outside the caller's scope answers `position.not_found`.
 */
export type PositionCapacity = 'hr';

/** May the caller see the position? hr, unit heads and inspectors with the unit in scope. */
export function seesPosition(who: Actor, s: PositionState): boolean {
  return s.status !== 'none' && who.is('hr', 'unit_head', 'inspector') && who.inScope(s.unitId);
}

const hrOfPosition = (who: Actor, s: PositionState) =>
  s.status !== 'none' && who.is('hr') && who.inScope(s.unitId) ? 'hr' : deny(RULES.notFound, 'No such job position in your scope');

export const positionAccess = {
  EstablishPosition: (who, _s, c) => (who.is('hr') && who.inScope(c.data.unitId) ? 'hr' : deny(RULES.outsideUnitScope, 'The unit is outside your unit scope')),
  // The person appointed must be in hr's scope too: a position would otherwise pull an outsider's work record into the unit's sheets.
  AppointStaff: (who, s, c) => {
    const capacity = hrOfPosition(who, s);
    const unit = c.data.staffUnitId;
    return capacity === 'hr' && typeof unit === 'string' && !who.inScope(unit) ? deny(RULES.outsideUnitScope, 'The person is outside your unit scope') : capacity;
  },
  EndAppointment: hrOfPosition,
} satisfies AccessPolicy<PositionState, PositionCommand>;

export function positionCapacity(command: PositionCommand): PositionCapacity {
  return requireCapacity(command, ['hr'] as const);
}

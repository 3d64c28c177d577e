import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { StaffCommand } from './staff.commands.js';
import type { StaffState } from './staff.decide.js';
import { STAFF_RULES as RULES } from './staff.errors.js';

/**
 * WHO MAY CHANGE A PERSONNEL RECORD: hr (or admin) whose unit scope holds the
 * person's unit, and for a registration, transfer or appointment also the unit the
 * command names. A record outside the caller's scope answers `staff.not_found`, the
 * same as an id nobody registered, naming no unit (issue 12 item 9).
 */
export type StaffCapacity = 'hr';

const unitOutside = () => deny(RULES.outsideUnitScope, 'The unit named in the request is outside your unit scope');

function onRecord(extraUnit?: (c: StaffCommand) => string | undefined) {
  return (who: Actor, s: StaffState, c: StaffCommand) => {
    if (s.status === 'none' || !who.is('hr') || !who.inScope(s.unitId)) return deny(RULES.notFound, 'No such staff member in your scope');
    const target = extraUnit?.(c);
    if (target !== undefined && !who.inScope(target)) return unitOutside();
    return 'hr';
  };
}

/** Who may issue each staff command, and as what. */
export const staffAccess = {
  RegisterStaff: (who, _s, c) => (who.is('hr') && who.inScope(c.data.unitId) ? 'hr' : unitOutside()),
  TransferStaff: onRecord((c) => (c.type === 'TransferStaff' ? c.data.toUnitId : undefined)),
  AppointLeadership: onRecord((c) => (c.type === 'AppointLeadership' ? c.data.unitId : undefined)),
  EndLeadership: onRecord(),
  RecordLeave: onRecord(),
  RecordDeparture: onRecord(),
} satisfies AccessPolicy<StaffState, StaffCommand>;

/** Decider side: personnel records change only in the hr capacity. */
export function staffCapacity(command: StaffCommand): StaffCapacity {
  return requireCapacity(command, ['hr'] as const);
}

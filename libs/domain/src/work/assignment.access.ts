import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import { ruleError } from '../shared/errors.js';
import type { AssignmentCommand } from './assignment.commands.js';
import type { AssignmentState, ExistingAssignment } from './assignment.decide.js';
import { ASSIGNMENT_RULES as RULES } from './assignment.errors.js';

/**
 * WHO MAY ACT ON AN ASSIGNMENT, and as what. This file is the whole answer; the
 * routes only name the roles that may call them at all.
 *
 * - `holder`: the person who has the work in hand now (`sub` = holder).
 * - `manager`: a unit head, hr or importer whose unit scope holds the assignment's unit
 *   (an assignment of no unit: only callers scoped to every unit).
 *
 * | command | capacities |
 * | --- | --- |
 * | IssueAssignment | manager of the target unit |
 * | AcceptAssignment, DeclineAssignment, ReportProgress, CompleteAssignment, ReturnDossierToApplicant | holder |
 * | HandOffAssignment, IssueApology | holder, or manager |
 * | ExtendDeadline, ReviewCompletion, CancelAssignment | manager |
 *
 * Someone who may not see the assignment (not involved, not in scope) gets
 * `assignment.not_found`, exactly as for an id that was never issued, and no
 * refusal names another person (issue 12 item 9).
 */
export type AssignmentCapacity = 'holder' | 'manager';

const CAPACITIES = {
  IssueAssignment: ['manager'],
  AcceptAssignment: ['holder'],
  DeclineAssignment: ['holder'],
  ReportProgress: ['holder'],
  CompleteAssignment: ['holder'],
  ReturnDossierToApplicant: ['holder'],
  HandOffAssignment: ['holder', 'manager'],
  IssueApology: ['holder', 'manager'],
  ExtendDeadline: ['manager'],
  ReviewCompletion: ['manager'],
  CancelAssignment: ['manager'],
} as const satisfies Record<AssignmentCommand['type'], readonly AssignmentCapacity[]>;

/** May the caller know that this assignment exists? (the same rule as the board's reads) */
export function seesAssignment(who: Actor, s: ExistingAssignment): boolean {
  return who.is('council') || s.involved.includes(who.sub) || (who.is('hr', 'unit_head', 'inspector', 'importer') && who.inScope(s.unitId));
}

const notFound = () => deny(RULES.notFound, 'No such assignment in your scope');

/** The holder acts as holder; otherwise a manager of the unit may (when `managerToo`), else a refusal. */
function holderOr(managerToo: boolean) {
  return (who: Actor, s: AssignmentState) => {
    if (s.status === 'none' || !seesAssignment(who, s)) return notFound();
    if (s.holder === who.sub) return 'holder';
    if (managerToo && who.manages(s.unitId)) return 'manager';
    return deny(RULES.notAssignmentHolder, managerToo ? 'Only the current holder or a manager of the unit may do this' : 'Only the current holder may do this');
  };
}

function managerOnly(who: Actor, s: AssignmentState) {
  if (s.status === 'none' || !seesAssignment(who, s)) return notFound();
  if (who.manages(s.unitId)) return 'manager';
  return deny(RULES.notManager, 'Only a unit head, hr or importer whose scope holds the unit may do this');
}

/** Who may issue each assignment command, and as what (asked on the state the command is decided on). */
export const assignmentAccess = {
  IssueAssignment: (who, _s, c) =>
    who.manages(c.data.unitId ?? null) ? 'manager' : deny(RULES.outsideUnitScope, 'The unit is outside your unit scope'),
  AcceptAssignment: holderOr(false),
  DeclineAssignment: holderOr(false),
  ReportProgress: holderOr(false),
  CompleteAssignment: holderOr(false),
  ReturnDossierToApplicant: holderOr(false),
  HandOffAssignment: holderOr(true),
  IssueApology: holderOr(true),
  ExtendDeadline: managerOnly,
  ReviewCompletion: managerOnly,
  CancelAssignment: managerOnly,
} satisfies AccessPolicy<AssignmentState, AssignmentCommand>;

/**
 * Decider side: the command's capacity fits it, and a `holder` is the holder of this
 * state. A command that names no capacity acts as the holder where the command
 * accepts one, so a stranger's handoff is refused by the decider itself.
 */
export function assignmentCapacity(command: AssignmentCommand, state: AssignmentState): AssignmentCapacity {
  const allowed: readonly AssignmentCapacity[] = CAPACITIES[command.type];
  const capacity = requireCapacity(command, allowed, allowed.includes('holder') ? 'holder' : undefined);
  if (capacity === 'holder' && state.status !== 'none' && state.holder !== command.actor) {
    throw ruleError(RULES.notHolder, 'Only the current holder may do this');
  }
  return capacity;
}

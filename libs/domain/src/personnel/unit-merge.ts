import { RuleViolation } from '../shared/errors.js';
import { isBlank } from '../shared/checks.js';
import type { AssignmentEvent } from '../work/assignment.events.js';
import { decideAssignment, isOpenAssignment, type AssignmentState } from '../work/assignment.decide.js';
import type { MergeUnit } from './unit.commands.js';
import { decideUnit, type UnitState } from './unit.decide.js';
import { UnitErrorCode } from './unit.errors.js';
import type { UnitEvent } from './unit.events.js';

/** An assignment of the merged unit, as loaded from its stream. */
export interface AssignmentToHandOver {
  readonly assignmentId: string;
  readonly state: AssignmentState;
}

/** Everything a unit merge needs to decide, all loaded by the caller. */
export interface UnitMergeInput {
  readonly command: MergeUnit;
  /** State of the unit being merged away. */
  readonly unit: UnitState;
  /** State of the unit that absorbs it (`command.data.intoUnitId`). */
  readonly receivingUnit: UnitState;
  /**
   * The merged unit's assignments that the read side lists as open. Each state comes
   * from its own stream; ones that turn out closed are left alone.
   */
  readonly openAssignments: readonly AssignmentToHandOver[];
  /** Who takes over the open work, usually the head of the receiving unit; only needed when there is open work. */
  readonly receivingHolder: string | null;
}

/** The outcome of one merge command: events for the unit stream and for each assignment stream. */
export interface UnitMergePlan {
  readonly unitEvents: readonly UnitEvent[];
  readonly assignmentEvents: ReadonlyArray<{ readonly assignmentId: string; readonly events: readonly AssignmentEvent[] }>;
}

/**
 * Decides a unit merge together with the handover of the unit's open work: one
 * `AssignmentHandedOff` with reason `restructure` per open assignment, so the trail
 * shows who took over each item and why. The unit decider does not know assignments,
 * hence this function; each handoff goes through the assignment decider, so its
 * rules hold here too. Assignments already held by the receiving holder need no
 * handoff and get no events.
 */
export function planUnitMerge(input: UnitMergeInput): UnitMergePlan {
  const { command, unit, receivingUnit, openAssignments } = input;
  const unitEvents = decideUnit(command, unit);
  const { unitId, intoUnitId, mergedOn, decisionRef } = command.data;
  if (receivingUnit.status !== 'active') {
    throw new RuleViolation(
      UnitErrorCode.mergeTargetNotActive,
      receivingUnit.status === 'merged'
        ? `Unit ${intoUnitId} was itself merged into ${receivingUnit.intoUnitId}`
        : `Unit ${intoUnitId} does not exist`,
    );
  }
  if (receivingUnit.unitId !== intoUnitId) {
    throw new Error(`planUnitMerge was given unit ${receivingUnit.unitId} as the receiving unit, expected ${intoUnitId}`);
  }

  const seen = new Set<string>();
  const open = openAssignments.filter((a) => {
    if (seen.has(a.assignmentId) || !isOpenAssignment(a.state)) return false;
    seen.add(a.assignmentId);
    return true;
  });
  if (open.length === 0) return { unitEvents, assignmentEvents: [] };
  if (isBlank(input.receivingHolder)) {
    throw new RuleViolation(
      UnitErrorCode.mergeNoReceiver,
      `Unit ${unitId} has ${open.length} open assignment(s) and nobody was named to take them over`,
    );
  }
  const receivingHolder = input.receivingHolder!.trim();

  const assignmentEvents = open
    .filter((a) => isOpenAssignment(a.state) && a.state.holder !== receivingHolder)
    .map(({ assignmentId, state }) => ({
      assignmentId,
      events: decideAssignment(
        {
          type: 'HandOffAssignment',
          data: {
            assignmentId,
            to: receivingHolder,
            reason: 'restructure',
            justification: `Unit ${unitId} merged into unit ${intoUnitId} on ${mergedOn} (decision ${decisionRef.trim()})`,
            // The merged unit's people no longer answer for its work; the receiver does.
            responsible: receivingHolder,
            toUnitId: intoUnitId,
          },
          now: command.now,
          actor: command.actor,
          // The merge is decided by whoever manages the merged unit (the route's access check).
          actingAs: 'manager',
        },
        state,
      ),
    }));
  return { unitEvents, assignmentEvents };
}

import { RuleViolation } from '../shared/errors.js';
import { isBlank } from '../shared/checks.js';
import type { AssignmentEvent } from '../work/assignment.events.js';
import { decideAssignment, isOpenAssignment, type AssignmentState, type ExistingAssignment } from '../work/assignment.decide.js';
import { decideStaff, type StaffState } from './staff.decide.js';
import type { StaffEvent } from './staff.events.js';
import type { MergeUnit } from './unit.commands.js';
import { decideUnit, type UnitState } from './unit.decide.js';
import { UnitErrorCode } from './unit.errors.js';
import type { UnitEvent } from './unit.events.js';

/** An assignment of the merged unit, as loaded from its stream. */
export interface AssignmentToHandOver {
  readonly assignmentId: string;
  readonly state: AssignmentState;
}

/** A person the directory lists in the merged unit, as loaded from their stream. */
export interface StaffToTransfer {
  readonly staffId: string;
  readonly state: StaffState;
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
  /**
   * The people the read side lists in the merged unit. Each state comes from its own
   * stream; those no longer active in the unit are left alone. Default: none.
   */
  readonly staff?: readonly StaffToTransfer[];
  /**
   * The merger is recorded after the fact by an importer (migrating historical records):
   * the handoffs are then timed at the merger's effective time, not at the recording.
   */
  readonly recordedLater?: boolean;
}

/** The outcome of one merge command: events for the unit stream and for each assignment stream. */
export interface UnitMergePlan {
  readonly unitEvents: readonly UnitEvent[];
  readonly assignmentEvents: ReadonlyArray<{ readonly assignmentId: string; readonly events: readonly AssignmentEvent[] }>;
  /** One `StaffTransferred` (reason `restructure`) per person of the merged unit, with the end of their posts in it. */
  readonly staffEvents: ReadonlyArray<{ readonly staffId: string; readonly events: readonly StaffEvent[] }>;
}

/**
 * The instant a merger dated `mergedOn` takes effect: the start of that day in Vietnam
 * (UTC+7, no daylight saving). Interpretation: a decision "effective from" a date applies
 * from the start of that day; the decrees name dates, not times.
 */
export function mergerEffectiveInstant(mergedOn: string): string {
  return new Date(`${mergedOn}T00:00:00+07:00`).toISOString();
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

  const staffEvents = transfers(input);
  const seen = new Set<string>();
  const open = openAssignments.filter((a) => {
    if (seen.has(a.assignmentId) || !isOpenAssignment(a.state)) return false;
    seen.add(a.assignmentId);
    return true;
  });
  if (open.length === 0) return { unitEvents, assignmentEvents: [], staffEvents };
  if (isBlank(input.receivingHolder)) {
    throw new RuleViolation(
      UnitErrorCode.mergeNoReceiver,
      `Unit ${unitId} has ${open.length} open assignment(s) and nobody was named to take them over`,
    );
  }
  const receivingHolder = input.receivingHolder!.trim();
  const effective = mergerEffectiveInstant(mergedOn);
  // Recorded later by an importer: the work changed hands when the merger took effect
  // (never before the holder got it), not when the record was migrated.
  const handedOffAt = (heldSince: string): string =>
    !input.recordedLater || effective >= command.now ? command.now : heldSince > effective ? heldSince : effective;

  const assignmentEvents = open
    .filter((a): a is { assignmentId: string; state: ExistingAssignment } => isOpenAssignment(a.state) && a.state.holder !== receivingHolder)
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
          now: handedOffAt(state.heldSince),
          actor: command.actor,
          // The merge is decided by whoever manages the merged unit (the route's access check).
          actingAs: 'manager',
        },
        state,
      ),
    }));
  return { unitEvents, assignmentEvents, staffEvents };
}

/** The merged unit's people move to the receiving unit on the merger's date (their posts in the old unit end). */
function transfers(input: UnitMergeInput): UnitMergePlan['staffEvents'] {
  const { unitId, intoUnitId, mergedOn, decisionRef } = input.command.data;
  const seen = new Set<string>();
  const out: Array<{ staffId: string; events: readonly StaffEvent[] }> = [];
  for (const { staffId, state } of input.staff ?? []) {
    if (seen.has(staffId) || state.status !== 'active' || state.unitId !== unitId) continue;
    seen.add(staffId);
    out.push({
      staffId,
      events: decideStaff(
        {
          type: 'TransferStaff',
          data: {
            staffId,
            toUnitId: intoUnitId,
            // Someone who joined after the merger's date moves on the day they joined.
            effectiveOn: state.joinedOn > mergedOn ? state.joinedOn : mergedOn,
            decisionRef: decisionRef.trim(),
            toUnit: { status: 'active' },
            reason: 'restructure',
          },
          now: input.command.now,
          actor: input.command.actor,
          // The merger was authorised as hr (unit.access.ts); its transfers are part of it.
          actingAs: 'hr',
        },
        state,
      ),
    });
  }
  return out;
}

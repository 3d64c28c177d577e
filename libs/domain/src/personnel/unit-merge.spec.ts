import { fold } from '../shared/decider.js';
import type { AssignmentEvent, AssignmentIssued } from '../work/assignment.events.js';
import { assignmentDecider } from '../work/assignment.decide.js';
import type { MergeUnit } from './unit.commands.js';
import { unitDecider } from './unit.decide.js';
import type { UnitEstablished, UnitEvent, UnitMerged } from './unit.events.js';
import { planUnitMerge, type AssignmentToHandOver } from './unit-merge.js';

const now = '2026-07-01T08:00:00Z';
const hr = 'hr-1';
const receivingHead = 'head-r';

const unitOf = (events: readonly UnitEvent[]) => fold(unitDecider, events);
const established = (unitId: string): UnitEstablished => ({
  type: 'UnitEstablished',
  data: { unitId, name: `Unit ${unitId}`, parentUnitId: null, establishedOn: '2020-01-01' },
});
const mergedAway = (unitId: string, intoUnitId: string): UnitMerged => ({
  type: 'UnitMerged',
  data: { unitId, intoUnitId, mergedOn: '2025-07-01', decisionRef: 'NQ-01' },
});

const merge: MergeUnit = {
  type: 'MergeUnit',
  data: { unitId: 'u-old', intoUnitId: 'u-new', mergedOn: '2026-07-01', decisionRef: 'Resolution 76/2025' },
  now,
  actor: hr,
  actingAs: 'hr',
};

const issued = (assignmentId: string, assignee: string): AssignmentIssued => ({
  type: 'AssignmentIssued',
  data: {
    assignmentId,
    kind: 'dossier',
    unitId: 'u-old',
    assignee,
    title: `Dossier ${assignmentId}`,
    description: 'Land use right certificate',
    deliverable: 'Certificate issued',
    successCriteria: 'Issued according to the procedure',
    assignedBy: 'head-old',
    authorityBasis: 'Decision 5/QD on the division of tasks',
    dueAt: '2026-07-15T17:00:00Z',
    responsible: assignee,
    issuedAt: '2026-06-20T08:00:00Z',
  },
});
const acceptedBy = (assignmentId: string, who: string): AssignmentEvent => ({
  type: 'AssignmentAccepted',
  data: { assignmentId, acceptedBy: who, acceptedAt: '2026-06-20T09:00:00Z' },
});
const cancelled = (assignmentId: string): AssignmentEvent => ({
  type: 'AssignmentCancelled',
  data: { assignmentId, reason: 'Withdrawn by the applicant', cancelledBy: 'head-old', cancelledAt: '2026-06-25T08:00:00Z' },
});
const assignment = (assignmentId: string, events: readonly AssignmentEvent[]): AssignmentToHandOver => ({
  assignmentId,
  state: fold(assignmentDecider, events),
});

const plan = (openAssignments: readonly AssignmentToHandOver[], more: { receivingHolder?: string | null; receivingUnit?: UnitEvent[] } = {}) =>
  planUnitMerge({
    command: merge,
    unit: unitOf([established('u-old')]),
    receivingUnit: unitOf(more.receivingUnit ?? [established('u-new')]),
    openAssignments,
    receivingHolder: more.receivingHolder === undefined ? receivingHead : more.receivingHolder,
  });

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('when a unit with open work is merged into another', () => {
  it('records the merge and hands each open assignment to the receiver, one restructure handoff each', () => {
    const result = plan([
      assignment('as-1', [issued('as-1', 'staff-a')]),
      assignment('as-2', [issued('as-2', 'staff-b'), acceptedBy('as-2', 'staff-b')]),
    ]);
    expect(result.unitEvents).toEqual([
      { type: 'UnitMerged', data: { unitId: 'u-old', intoUnitId: 'u-new', mergedOn: '2026-07-01', decisionRef: 'Resolution 76/2025' } },
    ]);
    expect(result.assignmentEvents).toEqual([
      {
        assignmentId: 'as-1',
        events: [
          {
            type: 'AssignmentHandedOff',
            data: {
              assignmentId: 'as-1',
              from: 'staff-a',
              to: receivingHead,
              reason: 'restructure',
              justification: 'Unit u-old merged into unit u-new on 2026-07-01 (decision Resolution 76/2025)',
              by: hr,
              responsible: receivingHead,
              toUnitId: 'u-new',
              pingPong: false,
              handedOffAt: now,
            },
          },
        ],
      },
      { assignmentId: 'as-2', events: [expect.objectContaining({ type: 'AssignmentHandedOff', data: expect.objectContaining({ from: 'staff-b' }) })] },
    ]);
  });

  it('moves responsibility to the receiver even where a supervisor of the old unit was responsible', () => {
    const supervised = issued('as-1', 'staff-a');
    const result = plan([assignment('as-1', [{ ...supervised, data: { ...supervised.data, responsible: 'deputy-old' } }])]);
    expect(result.assignmentEvents[0]?.events).toMatchObject([{ data: { responsible: receivingHead } }]);
  });

  it('leaves closed work where it is', () => {
    const result = plan([
      assignment('as-1', [issued('as-1', 'staff-a'), cancelled('as-1')]),
      assignment('as-2', [issued('as-2', 'staff-b')]),
    ]);
    expect(result.assignmentEvents.map((a) => a.assignmentId)).toEqual(['as-2']);
  });

  it('hands an assignment over once even if it is listed twice', () => {
    const listed = assignment('as-1', [issued('as-1', 'staff-a')]);
    expect(plan([listed, listed]).assignmentEvents).toHaveLength(1);
  });

  it('needs no handoff for work the receiver already holds', () => {
    expect(plan([assignment('as-1', [issued('as-1', receivingHead)])]).assignmentEvents).toEqual([]);
  });

  it('refuses the merge when nobody is named to take over the open work', () => {
    expect(codeOf(() => plan([assignment('as-1', [issued('as-1', 'staff-a')])], { receivingHolder: null }))).toBe('unit.merge_no_receiver');
  });
});

describe('when a unit without open work is merged', () => {
  it('records only the merge, and needs no receiver', () => {
    const result = plan([], { receivingHolder: null });
    expect(result.unitEvents).toHaveLength(1);
    expect(result.assignmentEvents).toEqual([]);
  });
});

describe('when the receiving unit cannot receive', () => {
  it('refuses a receiving unit that does not exist', () => {
    expect(codeOf(() => plan([], { receivingUnit: [] }))).toBe('unit.merge_target_not_active');
  });

  it('refuses a receiving unit that was itself merged away', () => {
    expect(codeOf(() => plan([], { receivingUnit: [established('u-new'), mergedAway('u-new', 'u-top')] }))).toBe(
      'unit.merge_target_not_active',
    );
  });
});

describe('when the unit itself cannot be merged', () => {
  it('applies the unit rules first', () => {
    expect(
      codeOf(() =>
        planUnitMerge({
          command: merge,
          unit: unitOf([established('u-old'), mergedAway('u-old', 'u-other')]),
          receivingUnit: unitOf([established('u-new')]),
          openAssignments: [],
          receivingHolder: receivingHead,
        }),
      ),
    ).toBe('unit.merged');
  });
});

import type { AssignmentEvent } from '#domain';
import { assignmentContributions, contributionDelta, evolveAssignmentTrack, excuseDelays, stampRevealedDelay, type AssignmentTrack } from './indicators.model.js';

// Issue 15: an objective cause confirmed by an inspection finding removes the lateness from the person's indicators.

const issued: AssignmentEvent = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'a-1', kind: 'task', unitId: 'u-1', assignee: 'an', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
    assignedBy: 'head', authorityBasis: 'b', dueAt: '2026-03-20T10:00:00Z', responsible: 'an', issuedAt: '2026-03-01T01:00:00Z',
  },
};
const completedLate: AssignmentEvent = {
  type: 'AssignmentCompleted',
  data: { assignmentId: 'a-1', deliverableRef: 'x', completedBy: 'an', completedAt: '2026-03-25T10:00:00Z', dueAt: '2026-03-20T10:00:00Z', late: true },
} as AssignmentEvent;
const track = [issued, completedLate].reduce<AssignmentTrack | undefined>((t, e) => evolveAssignmentTrack(t, e), undefined)!;

describe('when an objective cause is confirmed for a delay', () => {
  it('the delay no longer counts as late, the item counts as on time, and the delay keeps the finding as its reason', () => {
    const excused = excuseDelays(track, 'an', 'inspection-i1/f1', true);
    expect(excused.delays).toEqual([{ staffId: 'an', dueAt: '2026-03-20T10:00:00Z', excusedBy: 'inspection-i1/f1' }]);
    expect(contributionDelta(assignmentContributions(track), assignmentContributions(excused))).toEqual([
      { staffId: 'an', year: 2026, month: 3, counts: { completed_on_time: 1, late: -1 } },
    ]);
  });

  it('a finding about someone the work never delayed changes nothing', () => {
    expect(excuseDelays(track, 'binh', 'inspection-i1/f1', true)).toEqual(track);
  });

  it('withdrawing the finding restores the lateness; another finding\'s excuse stays', () => {
    const excused = excuseDelays(track, 'an', 'inspection-i1/f1', true);
    expect(excuseDelays(excused, 'an', 'inspection-i1/f1', false)).toEqual({ ...track, delays: [{ staffId: 'an', dueAt: '2026-03-20T10:00:00Z' }] });
    expect(excuseDelays(excused, 'an', 'inspection-i9/f2', false)).toEqual(excused);
  });
});

describe('the delay keeps the event that revealed it (issue 15 review: matched by identity, not by the due date as text)', () => {
  it('stamps the delay just revealed, never one stamped before, and excusing keeps the stamp', () => {
    const stamped = stampRevealedDelay(track, 'e-2');
    expect(stamped.delays).toEqual([{ staffId: 'an', dueAt: '2026-03-20T10:00:00Z', eventId: 'e-2' }]);
    expect(stampRevealedDelay(stamped, 'e-3')).toEqual(stamped);
    expect(excuseDelays(stamped, 'an', 'inspection-i1/f1', true).delays).toEqual([{ staffId: 'an', dueAt: '2026-03-20T10:00:00Z', eventId: 'e-2', excusedBy: 'inspection-i1/f1' }]);
    expect(stampRevealedDelay({ ...track, delays: [] }, 'e-4')).toEqual({ ...track, delays: [] });
  });
});

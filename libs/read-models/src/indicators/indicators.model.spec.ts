import type { AssignmentEvent } from '#domain';
import { assignmentContribution, contributionDelta, evolveAssignmentTrack, monthOf, serviceMonths, type AssignmentTrack } from './indicators.model.js';

const issued: AssignmentEvent = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'a-1', kind: 'task', unitId: 'u-1', assignee: 'an', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
    assignedBy: 'head', authorityBasis: 'b', dueAt: '2026-03-31T16:59:00Z', responsible: 'an', issuedAt: '2026-03-01T01:00:00Z',
  },
};
const fold = (events: AssignmentEvent[]) => events.reduce<AssignmentTrack | undefined>((t, e) => evolveAssignmentTrack(t, e), undefined);

describe('indicators model', () => {
  it('buckets months in Vietnam time', () => {
    expect(monthOf('2026-03-31T16:59:00Z')).toEqual({ year: 2026, month: 3 });
    expect(monthOf('2026-03-31T17:00:00Z')).toEqual({ year: 2026, month: 4 });
  });

  it('counts work for whoever holds it, in the month of its due date', () => {
    const handed: AssignmentEvent = {
      type: 'AssignmentHandedOff',
      data: { assignmentId: 'a-1', from: 'an', to: 'binh', reason: 'reassignment', justification: 'j', by: 'head', responsible: 'binh', toUnitId: null, pingPong: false, handedOffAt: '2026-03-02T00:00:00Z' },
    };
    const before = assignmentContribution(fold([issued]));
    const after = assignmentContribution(fold([issued, handed]));
    expect(contributionDelta(before, after)).toEqual([
      { staffId: 'an', year: 2026, month: 3, counts: { assigned: -1 } },
      { staffId: 'binh', year: 2026, month: 3, counts: { assigned: 1 } },
    ]);
  });

  it('moves the count to the new month when the deadline is extended', () => {
    const extended: AssignmentEvent = {
      type: 'DeadlineExtended',
      data: { assignmentId: 'a-1', previousDueAt: issued.data.dueAt as string, newDueAt: '2026-04-15T00:00:00Z', approvedBy: 'head', requestedBy: 'an', reason: 'r', extendedAt: '2026-03-20T00:00:00Z' },
    } as AssignmentEvent;
    expect(contributionDelta(assignmentContribution(fold([issued])), assignmentContribution(fold([issued, extended])))).toEqual([
      { staffId: 'an', year: 2026, month: 3, counts: { assigned: -1 } },
      { staffId: 'an', year: 2026, month: 4, counts: { assigned: 1 } },
    ]);
  });

  it('counts completed on time with quality, and late work as a delay', () => {
    const done = (late: boolean): AssignmentEvent => ({
      type: 'AssignmentCompleted',
      data: { assignmentId: 'a-1', deliverableRef: 'x', completedBy: 'an', completedAt: '2026-03-10T00:00:00Z', dueAt: issued.data.dueAt as string, late },
    }) as AssignmentEvent;
    const reviewed: AssignmentEvent = { type: 'CompletionReviewed', data: { assignmentId: 'a-1', quality: 'exceeded', reviewedBy: 'head', comment: null, reviewedAt: '2026-03-11T00:00:00Z' } };
    expect(assignmentContribution(fold([issued, done(false), reviewed]))?.counts).toMatchObject({ assigned: 1, completed: 1, completed_on_time: 1, on_time_meeting_quality: 1, late: 0, quality_exceeded: 1 });
    expect(assignmentContribution(fold([issued, done(true), reviewed]))?.counts).toMatchObject({ completed: 1, completed_on_time: 0, on_time_meeting_quality: 0, late: 1 });
  });

  it('cancelled work counts for nobody', () => {
    const cancelled: AssignmentEvent = { type: 'AssignmentCancelled', data: { assignmentId: 'a-1', reason: 'r', cancelledBy: 'head', cancelledAt: '2026-03-02T00:00:00Z' } };
    expect(assignmentContribution(fold([issued, cancelled]))).toBeUndefined();
  });

  describe('months worked', () => {
    it('is 12 for a full year without leave', () => expect(serviceMonths(2026, '2020-01-01', null, [])).toMatchObject({ monthsWorked: 12, leaveMonths: {} }));
    it('counts from the joining date', () => expect(serviceMonths(2026, '2026-09-01', null, []).monthsWorked).toBe(4));
    it('takes leave out, by kind', () =>
      expect(serviceMonths(2026, '2020-01-01', null, [{ kind: 'maternity', from: '2026-01-01', to: '2026-06-30' }])).toEqual({
        monthsWorked: 6, monthsInService: 12, leaveMonths: { maternity: 6 },
      }));
    it('stops on the day the person left', () => expect(serviceMonths(2026, '2020-01-01', '2026-04-01', []).monthsWorked).toBe(3));
  });
});

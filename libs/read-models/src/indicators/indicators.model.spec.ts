import type { AssignmentEvent } from '#domain';
import { assignmentContributions, contributionDelta, pastDueOwner, evolveAssignmentTrack, monthOf, serviceMonths, type AssignmentTrack } from './indicators.model.js';

const assignmentContribution = (t: AssignmentTrack | undefined) => assignmentContributions(t).find((c) => c.counts.assigned === 1);

const issued: AssignmentEvent = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'a-1', kind: 'task', unitId: 'u-1', assignee: 'an', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
    assignedBy: 'head', authorityBasis: 'b', dueAt: '2026-03-31T16:59:00Z', responsible: 'an', issuedAt: '2026-03-01T01:00:00Z',
  },
};
/** The monthly rows an assignment adds, merged per person and month. */
const rows = (t: AssignmentTrack | undefined) => contributionDelta([], assignmentContributions(t));
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
    expect(contributionDelta(assignmentContributions(fold([issued])), assignmentContributions(fold([issued, handed])))).toEqual([
      { staffId: 'an', year: 2026, month: 3, counts: { assigned: -1 } },
      { staffId: 'binh', year: 2026, month: 3, counts: { assigned: 1 } },
    ]);
  });

  it('moves the count to the new month when the deadline is extended', () => {
    const extended: AssignmentEvent = {
      type: 'DeadlineExtended',
      data: { assignmentId: 'a-1', previousDueAt: issued.data.dueAt as string, newDueAt: '2026-04-15T00:00:00Z', approvedBy: 'head', requestedBy: 'an', reason: 'r', extendedAt: '2026-03-20T00:00:00Z' },
    } as AssignmentEvent;
    expect(contributionDelta(assignmentContributions(fold([issued])), assignmentContributions(fold([issued, extended])))).toEqual([
      { staffId: 'an', year: 2026, month: 3, counts: { assigned: -1 } },
      { staffId: 'an', year: 2026, month: 4, counts: { assigned: 1 } },
    ]);
  });

  it('counts completed on time with quality, and late work as a delay', () => {
    const done = (late: boolean): AssignmentEvent => ({
      type: 'AssignmentCompleted',
      data: { assignmentId: 'a-1', deliverableRef: 'x', completedBy: 'an', completedAt: late ? '2026-04-02T00:00:00Z' : '2026-03-10T00:00:00Z', dueAt: issued.data.dueAt as string, late },
    }) as AssignmentEvent;
    const reviewed: AssignmentEvent = { type: 'CompletionReviewed', data: { assignmentId: 'a-1', quality: 'exceeded', reviewedBy: 'head', comment: null, reviewedAt: '2026-03-11T00:00:00Z' } };
    expect(assignmentContribution(fold([issued, done(false), reviewed]))?.counts).toMatchObject({ assigned: 1, completed: 1, completed_on_time: 1, on_time_meeting_quality: 1, late: 0, quality_exceeded: 1 });
    expect(rows(fold([issued, done(true), reviewed]))).toEqual([
      { staffId: 'an', year: 2026, month: 3, counts: { assigned: 1, completed: 1, late: 1, quality_exceeded: 1 } },
    ]);
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

  describe('who is charged with a missed deadline (the acceptance story: late dossier handed over, apology, delivered by the new date)', () => {
    const dossier: AssignmentEvent = { ...issued, data: { ...issued.data, kind: 'dossier', dueAt: '2026-03-10T10:00:00Z' } } as AssignmentEvent;
    const accepted = (by: string, at: string): AssignmentEvent => ({ type: 'AssignmentAccepted', data: { assignmentId: 'a-1', acceptedBy: by, acceptedAt: at } });
    const handOff = (from: string, to: string, at: string): AssignmentEvent => ({
      type: 'AssignmentHandedOff',
      data: { assignmentId: 'a-1', from, to, reason: 'reassignment', justification: 'j', by: 'head', responsible: to, toUnitId: null, pingPong: false, handedOffAt: at },
    });
    const apology = (at: string, previousDueAt: string, newDueAt: string): AssignmentEvent => ({
      type: 'ApologyIssued', data: { assignmentId: 'a-1', previousDueAt, newDueAt, issuedBy: 'head', issuedAt: at },
    });
    const completed = (by: string, at: string, dueAt: string): AssignmentEvent => ({
      type: 'AssignmentCompleted', data: { assignmentId: 'a-1', deliverableRef: 'x', completedBy: by, completedAt: at, dueAt, late: at > dueAt },
    });
    const met: AssignmentEvent = { type: 'CompletionReviewed', data: { assignmentId: 'a-1', quality: 'met', reviewedBy: 'head', comment: null, reviewedAt: '2026-04-06T00:00:00Z' } };
    const story = [
      dossier,
      accepted('an', '2026-03-02T00:00:00Z'),
      handOff('an', 'binh', '2026-03-12T00:00:00Z'), // two days after the due date, which passed in An's hands
      apology('2026-03-12T01:00:00Z', '2026-03-10T10:00:00Z', '2026-04-05T10:00:00Z'),
      accepted('binh', '2026-03-12T02:00:00Z'),
      completed('binh', '2026-04-04T00:00:00Z', '2026-04-05T10:00:00Z'),
      met,
    ];

    it('charges the delay to the holder when the date passed, and counts the item on time for the one who met the new date', () => {
      expect(rows(fold(story))).toEqual([
        { staffId: 'binh', year: 2026, month: 4, counts: { assigned: 1, completed: 1, completed_on_time: 1, on_time_meeting_quality: 1, quality_met: 1 } },
        { staffId: 'an', year: 2026, month: 3, counts: { late: 1 } },
      ]);
    });

    it('charges the receiver who misses the date in force for them as well', () => {
      const lateAgain = [...story.slice(0, 5), completed('binh', '2026-04-07T00:00:00Z', '2026-04-05T10:00:00Z'), met];
      expect(rows(fold(lateAgain))).toEqual([
        { staffId: 'binh', year: 2026, month: 4, counts: { assigned: 1, completed: 1, late: 1, quality_met: 1 } },
        { staffId: 'an', year: 2026, month: 3, counts: { late: 1 } },
      ]);
    });

    it('does not charge the receiver of late work that has no new date yet: open past due stays with whoever let it pass', () => {
      const t = fold(story.slice(0, 3));
      expect(t).toMatchObject({ holder: 'binh', missedBy: 'an', delays: [{ staffId: 'an', dueAt: '2026-03-10T10:00:00Z' }] });
      expect(pastDueOwner(t!)).toBe('an');
      expect(pastDueOwner(fold(story.slice(0, 4))!)).toBe('binh'); // the apology set a date in force for Binh
    });

    it('charges nobody for work handed over before its date', () => {
      const early = [dossier, accepted('an', '2026-03-02T00:00:00Z'), handOff('an', 'binh', '2026-03-05T00:00:00Z'), accepted('binh', '2026-03-05T01:00:00Z'), completed('binh', '2026-03-09T00:00:00Z', '2026-03-10T10:00:00Z')];
      expect(rows(fold(early))).toEqual([{ staffId: 'binh', year: 2026, month: 3, counts: { assigned: 1, completed: 1, completed_on_time: 1 } }]);
    });

    it('an extension approved after the date passed does not wipe the delay of the holder then', () => {
      const extended: AssignmentEvent = {
        type: 'DeadlineExtended',
        data: { assignmentId: 'a-1', previousDueAt: '2026-03-10T10:00:00Z', newDueAt: '2026-03-20T10:00:00Z', approvedBy: 'head', requestedBy: 'head', reason: 'r', extendedAt: '2026-03-11T00:00:00Z' },
      };
      const t = fold([dossier, accepted('an', '2026-03-02T00:00:00Z'), extended, completed('an', '2026-03-19T00:00:00Z', '2026-03-20T10:00:00Z')]);
      expect(rows(t)).toEqual([{ staffId: 'an', year: 2026, month: 3, counts: { assigned: 1, completed: 1, late: 1 } }]);
    });
  });
});

describe('an assignment whose recorded due date is unusable (odd data behind the API)', () => {
  it('is tracked with no date in force and counted when it ends; a later event does not throw (the event was quarantined and the item dropped)', () => {
    const odd = { ...issued, data: { ...issued.data, dueAt: 'end of March' } } as AssignmentEvent;
    const completed = { type: 'AssignmentCompleted', data: { assignmentId: 'a-1', completedBy: 'an', completedAt: '2026-04-02T03:00:00Z', late: false, deliverable: 'r' } } as unknown as AssignmentEvent;
    const t = fold([odd, completed]);
    expect(t).toMatchObject({ holder: 'an', dueAt: null, status: 'completed', delays: [], missedBy: null });
    expect(rows(t)).toEqual([{ staffId: 'an', year: 2026, month: 4, counts: { assigned: 1, completed: 1, completed_on_time: 1 } }]);
  });

  it('a day that does not exist (2026-02-30) is no date in force rather than a value PostgreSQL refuses', () => {
    expect(fold([{ ...issued, data: { ...issued.data, dueAt: '2026-02-30T10:00:00Z' } } as AssignmentEvent])?.dueAt).toBeNull();
  });
});

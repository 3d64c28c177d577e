import type { AssignmentEvent } from '#domain';
import { evolveBoardView } from './assignment-board.projection.js';
import { nextTrailStep, trailTransition, type TrailStep } from './responsibility-trail.projection.js';

const issued: AssignmentEvent = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'a1', kind: 'task', unitId: 'u1', assignee: 'an', title: 'T', description: 'D', deliverable: 'R', successCriteria: 'C',
    assignedBy: 'head', authorityBasis: 'QĐ', dueAt: '2026-03-10T00:00:00.000Z', responsible: 'an', issuedAt: '2026-03-01T00:00:00.000Z',
  },
};
const handoff = (from: string, to: string, at: string, pingPong = false): AssignmentEvent => ({
  type: 'AssignmentHandedOff',
  data: { assignmentId: 'a1', from, to, reason: 'reassignment', justification: 'j', by: from, responsible: to, toUnitId: null, pingPong, handedOffAt: at },
});

function trail(events: readonly AssignmentEvent[]): TrailStep[] {
  const steps: TrailStep[] = [];
  for (const e of events) {
    const step = nextTrailStep(steps.at(-1), e);
    if (step) steps.push(step);
  }
  return steps;
}

describe('responsibility trail', () => {
  it('opens one step per change of hands, numbered in order', () => {
    const steps = trail([issued, handoff('an', 'binh', '2026-03-02T00:00:00.000Z'), handoff('binh', 'an', '2026-03-03T00:00:00.000Z', true)]);
    expect(steps.map((s) => [s.stepNo, s.action, s.holder, s.responsible, s.from, s.pingPong])).toEqual([
      [1, 'issued', 'an', 'an', '2026-03-01T00:00:00.000Z', false],
      [2, 'handed_off', 'binh', 'binh', '2026-03-02T00:00:00.000Z', false],
      [3, 'handed_off', 'an', 'an', '2026-03-03T00:00:00.000Z', true],
    ]);
  });

  it('ignores progress reports: they do not change who is responsible', () => {
    const progress: AssignmentEvent = { type: 'ProgressReported', data: { assignmentId: 'a1', reportedBy: 'an', percentComplete: 10, note: 'n', reportedAt: '2026-03-02T00:00:00.000Z' } };
    expect(trail([issued, progress])).toHaveLength(1);
  });

  it('leaves nobody holding cancelled work', () => {
    const cancelled: AssignmentEvent = { type: 'AssignmentCancelled', data: { assignmentId: 'a1', reason: 'r', cancelledBy: 'head', cancelledAt: '2026-03-04T00:00:00.000Z' } };
    expect(trail([issued, cancelled]).at(-1)).toMatchObject({ action: 'cancelled', holder: null, responsible: null, reason: 'r', actor: 'head' });
  });

  it('ignores events before the issue (never throws on a recorded event)', () => {
    expect(trail([handoff('an', 'binh', '2026-03-02T00:00:00.000Z')])).toEqual([]);
  });
});

/** The trail as the projection writes it: the deadline bookkeeping lands on the current step. */
function fullTrail(events: readonly AssignmentEvent[]): TrailStep[] {
  const steps: TrailStep[] = [];
  for (const e of events) {
    const { current, next } = trailTransition(steps.at(-1), e);
    if (current && steps.length) steps[steps.length - 1] = current;
    if (next) steps.push(next);
  }
  return steps;
}

describe('responsibility trail: who let a deadline pass', () => {
  const due = '2026-03-10T00:00:00.000Z';
  const accepted = (by: string, at: string): AssignmentEvent => ({ type: 'AssignmentAccepted', data: { assignmentId: 'a1', acceptedBy: by, acceptedAt: at } });
  const routed = (from: string, to: string, at: string): AssignmentEvent => ({
    type: 'AssignmentHandedOff',
    data: { assignmentId: 'a1', from, to, reason: 'reassignment', justification: 'j', by: 'head', responsible: to, toUnitId: null, pingPong: false, handedOffAt: at },
  });
  const apology: AssignmentEvent = {
    type: 'ApologyIssued', data: { assignmentId: 'a1', previousDueAt: due, newDueAt: '2026-04-05T00:00:00.000Z', issuedBy: 'head', issuedAt: '2026-03-12T01:00:00.000Z' },
  };
  const completed = (at: string, dueAt: string): AssignmentEvent => ({
    type: 'AssignmentCompleted', data: { assignmentId: 'a1', deliverableRef: 'x', completedBy: 'binh', completedAt: at, dueAt, late: at > dueAt },
  });

  it('marks the step of the holder in whose hands the date passed, not the one who received the work late and met the new date', () => {
    const steps = fullTrail([issued, accepted('an', '2026-03-02T00:00:00.000Z'), routed('an', 'binh', '2026-03-12T00:00:00.000Z'), apology,
      accepted('binh', '2026-03-12T02:00:00.000Z'), completed('2026-04-04T00:00:00.000Z', '2026-04-05T00:00:00.000Z')]);
    expect(steps.map((s) => [s.action, s.holder, s.deadlinesMissed > 0, s.missedDueAt, s.dueAt])).toEqual([
      ['issued', 'an', false, null, due],
      ['accepted', 'an', true, due, due],
      ['handed_off', 'binh', false, null, '2026-04-05T00:00:00.000Z'],
      ['accepted', 'binh', false, null, '2026-04-05T00:00:00.000Z'],
      ['completed', 'binh', false, null, '2026-04-05T00:00:00.000Z'],
    ]);
  });

  it('marks the receiver who then misses the date in force for them', () => {
    const steps = fullTrail([issued, accepted('an', '2026-03-02T00:00:00.000Z'), routed('an', 'binh', '2026-03-12T00:00:00.000Z'), apology,
      accepted('binh', '2026-03-12T02:00:00.000Z'), completed('2026-04-06T00:00:00.000Z', '2026-04-05T00:00:00.000Z')]);
    expect(steps.filter((s) => s.deadlinesMissed > 0).map((s) => [s.action, s.holder, s.missedDueAt])).toEqual([
      ['accepted', 'an', due],
      ['accepted', 'binh', '2026-04-05T00:00:00.000Z'],
    ]);
  });

  it('marks nobody when the work moves and is done before its date', () => {
    const steps = fullTrail([issued, routed('an', 'binh', '2026-03-05T00:00:00.000Z'), accepted('binh', '2026-03-05T01:00:00.000Z'), completed('2026-03-09T00:00:00.000Z', due)]);
    expect(steps.some((s) => s.deadlinesMissed > 0)).toBe(false);
  });
});

describe('assignment board', () => {
  it('counts handoffs and ping-pongs and follows the holder', () => {
    let row = evolveBoardView(undefined, issued, 0);
    row = evolveBoardView(row, handoff('an', 'binh', '2026-03-02T00:00:00.000Z'), 1);
    row = evolveBoardView(row, handoff('binh', 'an', '2026-03-03T00:00:00.000Z', true), 2);
    expect(row).toMatchObject({ holder: 'an', status: 'issued', handoffs: 2, pingPongs: 1, version: 3, participants: ['head', 'an', 'binh'] });
  });

  it('records lateness and quality', () => {
    let row = evolveBoardView(undefined, issued, 0);
    row = evolveBoardView(row, { type: 'AssignmentCompleted', data: { assignmentId: 'a1', deliverableRef: 'x', completedBy: 'an', completedAt: '2026-03-11T00:00:00.000Z', dueAt: '2026-03-10T00:00:00.000Z', late: true } }, 1);
    row = evolveBoardView(row, { type: 'CompletionReviewed', data: { assignmentId: 'a1', quality: 'below', reviewedBy: 'head', comment: null, reviewedAt: '2026-03-12T00:00:00.000Z' } }, 2);
    expect(row).toMatchObject({ status: 'reviewed', late: true, quality: 'below', completedAt: '2026-03-11T00:00:00.000Z' });
  });
});

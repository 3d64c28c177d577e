import type { AssignmentEvent } from './assignment.events.js';
import { watchDeadline, type DeadlineWatch, type MissedDeadline } from './deadline-attribution.js';

const issued: AssignmentEvent = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'a', kind: 'dossier', unitId: 'u', assignee: 'an', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
    assignedBy: 'head', authorityBasis: 'b', dueAt: '2026-03-10T10:00:00Z', responsible: 'an', issuedAt: '2026-03-01T00:00:00Z',
  },
};
const handOff = (from: string, to: string, at: string): AssignmentEvent => ({
  type: 'AssignmentHandedOff',
  data: { assignmentId: 'a', from, to, reason: 'reassignment', justification: 'j', by: 'head', responsible: to, toUnitId: null, pingPong: false, handedOffAt: at },
});
const apology = (at: string, newDueAt: string): AssignmentEvent => ({
  type: 'ApologyIssued', data: { assignmentId: 'a', previousDueAt: '2026-03-10T10:00:00Z', newDueAt, issuedBy: 'head', issuedAt: at },
});
const complete = (by: string, at: string): AssignmentEvent => ({
  type: 'AssignmentCompleted', data: { assignmentId: 'a', deliverableRef: 'x', completedBy: by, completedAt: at, dueAt: '2026-03-10T10:00:00Z', late: false },
});

function run(events: readonly AssignmentEvent[]): { watch: DeadlineWatch | undefined; missed: MissedDeadline[] } {
  let watch: DeadlineWatch | undefined;
  const missed: MissedDeadline[] = [];
  for (const e of events) {
    const r = watchDeadline(watch, e);
    watch = r.watch;
    if (r.missed) missed.push(r.missed);
  }
  return { watch, missed };
}

describe('deadline attribution', () => {
  it('charges a date that passed to whoever held the work then, seen at the next event', () => {
    expect(run([issued, handOff('an', 'binh', '2026-03-12T00:00:00Z')]).missed).toEqual([
      { staffId: 'an', dueAt: '2026-03-10T10:00:00Z', detectedAt: '2026-03-12T00:00:00Z' },
    ]);
  });

  it('does not charge the receiver of late work again for the same date', () => {
    const r = run([issued, handOff('an', 'binh', '2026-03-12T00:00:00Z'), handOff('binh', 'chi', '2026-03-13T00:00:00Z')]);
    expect(r.missed.map((m) => m.staffId)).toEqual(['an']);
    expect(r.watch).toMatchObject({ holder: 'chi', missedBy: 'an' });
  });

  it('an apology sets a date in force for the new holder, who is charged only if they miss it', () => {
    const base = [issued, handOff('an', 'binh', '2026-03-12T00:00:00Z'), apology('2026-03-12T01:00:00Z', '2026-04-05T10:00:00Z')];
    expect(run([...base, complete('binh', '2026-04-04T00:00:00Z')]).missed.map((m) => m.staffId)).toEqual(['an']);
    expect(run([...base, complete('binh', '2026-04-06T00:00:00Z')]).missed).toEqual([
      { staffId: 'an', dueAt: '2026-03-10T10:00:00Z', detectedAt: '2026-03-12T00:00:00Z' },
      { staffId: 'binh', dueAt: '2026-04-05T10:00:00Z', detectedAt: '2026-04-06T00:00:00Z' },
    ]);
  });

  it('a completion exactly at the due date is on time', () => {
    expect(run([issued, complete('an', '2026-03-10T10:00:00Z')]).missed).toEqual([]);
  });

  it('closed work misses nothing afterwards, and events before the issue are ignored', () => {
    const review: AssignmentEvent = { type: 'CompletionReviewed', data: { assignmentId: 'a', quality: 'met', reviewedBy: 'head', comment: null, reviewedAt: '2026-05-01T00:00:00Z' } };
    expect(run([issued, complete('an', '2026-03-09T00:00:00Z'), review]).missed).toEqual([]);
    expect(run([handOff('an', 'binh', '2026-03-12T00:00:00Z')])).toEqual({ watch: undefined, missed: [] });
  });
});

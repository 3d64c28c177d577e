import type { AssignmentEvent, ConsultationEvent } from '#domain';
import { assignmentSignals, stepAssignmentTrack, stepConsultationTrack, type AssignmentTrack, type ConsultationTrack, type RoutingContext, type SignalFact } from './indicators.model.js';

/**
 * Avoidance signals of work handling: each one with a case that raises it and a case
 * that must NOT (routing by a manager in scope is not pushing work away).
 * Unit tree: prov > dept > team; `head` heads dept, `other` is a unit elsewhere.
 */
const issued: AssignmentEvent = {
  type: 'AssignmentIssued',
  data: {
    assignmentId: 'a', kind: 'dossier', unitId: 'team', assignee: 'an', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
    assignedBy: 'head', authorityBasis: 'b', dueAt: '2026-03-10T10:00:00Z', responsible: 'an', issuedAt: '2026-03-01T00:00:00Z',
  },
};
const handOff = (o: { from: string; to: string; by: string; reason?: string; pingPong?: boolean; at?: string }): AssignmentEvent =>
  ({
    type: 'AssignmentHandedOff',
    data: {
      assignmentId: 'a', from: o.from, to: o.to, reason: o.reason ?? 'reassignment', justification: 'j', by: o.by, responsible: o.to, toUnitId: null,
      pingPong: o.pingPong ?? false, handedOffAt: o.at ?? '2026-03-02T00:00:00Z',
    },
  }) as AssignmentEvent;
const lines: Record<string, string[]> = { team: ['team', 'dept', 'prov'], dept: ['dept', 'prov'], other: ['other', 'prov'] };
const unitOf: Record<string, string> = { an: 'team', binh: 'team', chi: 'team', head: 'dept', outsider: 'other' };
const leads: Record<string, string[]> = { head: ['dept'] };
const routing = (by: string, to: string): RoutingContext => ({ byLeads: leads[by] ?? [], workUnitLine: lines.team!, toUnitLine: lines[unitOf[to]!] ?? [] });

/** Signals raised by the last event after the others. */
function signalsOf(events: readonly AssignmentEvent[]): SignalFact[] {
  let track: AssignmentTrack | undefined;
  let out: SignalFact[] = [];
  for (const e of events) {
    const before = track;
    const step = stepAssignmentTrack(track, e);
    track = step.track;
    const ctx = e.type === 'AssignmentHandedOff' ? routing(e.data.by, e.data.to) : { byLeads: [], workUnitLine: [], toUnitLine: [] };
    out = track ? assignmentSignals(before, track, e, step.missed, ctx) : [];
  }
  return out;
}
const kinds = (s: SignalFact[]) => s.map((x) => `${x.signal}:${x.staffId}`);

describe('avoidance signals of work handling', () => {
  describe('handoff_initiated', () => {
    it('is raised when the holder hands their own work to a colleague', () => {
      expect(kinds(signalsOf([issued, handOff({ from: 'an', to: 'binh', by: 'an' })]))).toEqual(['handoff_initiated:an']);
    });
    it('is raised when a head who holds work pushes it out of the unit they lead', () => {
      const toHead = handOff({ from: 'an', to: 'head', by: 'an', reason: 'escalation' });
      expect(kinds(signalsOf([issued, toHead, handOff({ from: 'head', to: 'outsider', by: 'head', reason: 'outside_authority' })]))).toEqual(['handoff_initiated:head']);
    });
    it('is raised for a return to the sender, even by a head', () => {
      expect(kinds(signalsOf([issued, handOff({ from: 'an', to: 'head', by: 'an', reason: 'returned_to_sender' })]))).toEqual(['handoff_initiated:an']);
    });
    it('is NOT raised when a head reassigns a staff member\'s work within the unit (neither for the head nor the former holder)', () => {
      expect(signalsOf([issued, handOff({ from: 'an', to: 'binh', by: 'head' })])).toEqual([]);
    });
    it('is NOT raised when a head routes work they hold to a staff member of the unit they lead', () => {
      const toHead = handOff({ from: 'an', to: 'head', by: 'an', reason: 'escalation' });
      expect(signalsOf([issued, toHead, handOff({ from: 'head', to: 'chi', by: 'head' })])).toEqual([]);
    });
    it('is NOT raised for a restructure or a leave handoff', () => {
      expect(signalsOf([issued, handOff({ from: 'an', to: 'binh', by: 'an', reason: 'leave' })])).toEqual([]);
      expect(signalsOf([issued, handOff({ from: 'an', to: 'binh', by: 'hr', reason: 'restructure' })])).toEqual([]);
    });
  });

  describe('ping_pong', () => {
    it('is raised when the holder sends the work back to someone who held it', () => {
      const first = handOff({ from: 'an', to: 'binh', by: 'an' });
      expect(kinds(signalsOf([issued, first, handOff({ from: 'binh', to: 'an', by: 'binh', pingPong: true })]))).toEqual(['handoff_initiated:binh', 'ping_pong:binh']);
    });
    it('is NOT raised when a head moves the work back to a former holder', () => {
      const first = handOff({ from: 'an', to: 'binh', by: 'head' });
      expect(signalsOf([issued, first, handOff({ from: 'binh', to: 'an', by: 'head', pingPong: true })])).toEqual([]);
    });
  });

  describe('decline', () => {
    const decline: AssignmentEvent = { type: 'AssignmentDeclined', data: { assignmentId: 'a', declinedBy: 'an', reason: 'r', returnedTo: 'head', responsible: 'head', declinedAt: '2026-03-02T00:00:00Z' } };
    it('is raised for the holder who declines, and NOT for the sender who gets the work back', () => {
      expect(kinds(signalsOf([issued, decline]))).toEqual(['decline:an']);
    });
  });

  describe('extension', () => {
    const extended: AssignmentEvent = {
      type: 'DeadlineExtended',
      data: { assignmentId: 'a', previousDueAt: '2026-03-10T10:00:00Z', newDueAt: '2026-03-20T10:00:00Z', approvedBy: 'head', requestedBy: 'head', reason: 'r', extendedAt: '2026-03-05T00:00:00Z' },
    };
    it('is raised for the holder whose date moved, NOT for the manager who approved and recorded it', () => {
      expect(kinds(signalsOf([issued, extended]))).toEqual(['extension:an']);
    });
  });

  describe('deadline_missed', () => {
    it('is raised for the holder in whose hands the date passed, NOT for the one who received the work late', () => {
      expect(kinds(signalsOf([issued, handOff({ from: 'an', to: 'binh', by: 'head', at: '2026-03-12T00:00:00Z' })]))).toEqual(['deadline_missed:an']);
    });
    it('is NOT raised when the receiver meets the date an apology set for them', () => {
      const late = handOff({ from: 'an', to: 'binh', by: 'head', at: '2026-03-12T00:00:00Z' });
      const apology: AssignmentEvent = { type: 'ApologyIssued', data: { assignmentId: 'a', previousDueAt: '2026-03-10T10:00:00Z', newDueAt: '2026-04-05T10:00:00Z', issuedBy: 'head', issuedAt: '2026-03-12T01:00:00Z' } };
      const accepted: AssignmentEvent = { type: 'AssignmentAccepted', data: { assignmentId: 'a', acceptedBy: 'binh', acceptedAt: '2026-03-12T02:00:00Z' } };
      const done: AssignmentEvent = { type: 'AssignmentCompleted', data: { assignmentId: 'a', deliverableRef: 'x', completedBy: 'binh', completedAt: '2026-04-04T00:00:00Z', dueAt: '2026-04-05T10:00:00Z', late: false } };
      expect(signalsOf([issued, late, apology])).toEqual([]);
      expect(signalsOf([issued, late, apology, accepted, done])).toEqual([]);
    });
  });

  describe('dossier_returned_repeat', () => {
    const accepted: AssignmentEvent = { type: 'AssignmentAccepted', data: { assignmentId: 'a', acceptedBy: 'an', acceptedAt: '2026-03-02T00:00:00Z' } };
    const ret = (at: string): AssignmentEvent => ({ type: 'DossierReturnedToApplicant', data: { assignmentId: 'a', reason: 'r', returnedBy: 'an', returnedAt: at } });
    it('is NOT raised at the first return to the applicant', () => {
      expect(signalsOf([issued, accepted, ret('2026-03-03T00:00:00Z')])).toEqual([]);
    });
    it('is raised from the second return on', () => {
      expect(kinds(signalsOf([issued, accepted, ret('2026-03-03T00:00:00Z'), ret('2026-03-04T00:00:00Z')]))).toEqual(['dossier_returned_repeat:an']);
    });
  });
});

describe('avoidance signals of consultations', () => {
  const requested = (within: boolean): ConsultationEvent =>
    ({
      type: 'ConsultationRequested',
      data: { consultationId: 'q', requestedBy: 'an', requesterUnitId: 'team', consultedUnitId: 'other', question: '?', withinRequesterAuthority: within, dueAt: '2026-05-10T10:00:00Z', requestedAt: '2026-05-01T00:00:00Z' },
    }) as ConsultationEvent;
  const answered = (o: { late?: boolean; position?: string }): ConsultationEvent =>
    ({ type: 'ConsultationAnswered', data: { position: o.position ?? 'agree', answer: 'a', answeredBy: 'chi', answeredAt: '2026-05-08T00:00:00Z', late: o.late ?? false } }) as unknown as ConsultationEvent;
  const flagged = (flag: string): ConsultationEvent =>
    ({ type: 'ConsultationFlagged', data: { flag, by: 'insp', flaggedAt: '2026-06-01T00:00:00Z' } }) as unknown as ConsultationEvent;
  function signals(events: readonly ConsultationEvent[]): string[] {
    let track: ConsultationTrack | undefined;
    const out: string[] = [];
    for (const e of events) {
      const step = stepConsultationTrack(track, e, 'q');
      track = step.track;
      out.push(...step.signals.map((x) => `${x.signal}:${x.staffId}`));
    }
    return out;
  }

  it('consultation_within_authority: raised when declared or flagged, once; NOT for a consultation outside the requester\'s authority', () => {
    expect(signals([requested(true), flagged('within_own_authority')])).toEqual(['consultation_within_authority:an']);
    expect(signals([requested(false)])).toEqual([]);
    expect(signals([requested(false), flagged('within_own_authority')])).toEqual(['consultation_within_authority:an']);
  });
  it('consultation_unrelated_party: raised on the flag against the requester; NOT against the party consulted', () => {
    expect(signals([requested(false), answered({}), flagged('unrelated_party')])).toEqual(['consultation_unrelated_party:an']);
  });
  it('consultation_late_answer: raised against whoever answered late, once; NOT for an answer on time', () => {
    expect(signals([requested(false), answered({ late: true }), flagged('late_response')])).toEqual(['consultation_late_answer:chi']);
    expect(signals([requested(false), answered({})])).toEqual([]);
  });
  it('consultation_no_position: raised for no position or a vague answer; NOT for a clear position, nor for a flag on an answer never given', () => {
    expect(signals([requested(false), answered({ position: 'no_position' })])).toEqual(['consultation_no_position:chi']);
    expect(signals([requested(false), answered({}), flagged('vague_response')])).toEqual(['consultation_no_position:chi']);
    expect(signals([requested(false), answered({ position: 'conditional' })])).toEqual([]);
    expect(signals([requested(false), flagged('vague_response')])).toEqual([]);
  });
});


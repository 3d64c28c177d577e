import { actor, authorize } from '../shared/access.js';
import { deciderSpec } from '../shared/given-when-then.js';
import type { Actor } from '../shared/access.js';
import { inspectionAccess, inspectionVisibility, mayVerifyInspection } from './inspection.access.js';
import type { FindingChecks, InspectionCommand, RecordFinding } from './inspection.commands.js';
import { fold } from '../shared/decider.js';
import { inspectionDecider, inspectionStream } from './inspection.decide.js';
import type { FindingRecorded, InspectionEvent } from './inspection.events.js';

// Sources, cited in the test names: "ledger" = ledger invariant (no legal source);
// "directives" = interpretation of the provincial directives behind issue 15.

const spec = deciderSpec(inspectionDecider);
const now = '2026-06-10T02:00:00Z';
const as = <C extends InspectionCommand>(c: Omit<C, 'now' | 'actor' | 'actingAs'>, actingAs = 'inspector', who = 'insp-1'): C =>
  ({ ...c, now, actor: who, actingAs }) as unknown as C;

const planned: InspectionEvent = {
  type: 'InspectionPlanned',
  data: {
    inspectionId: 'i1', kind: 'surprise', decisionNo: '12/QĐ-TTr', scopeUnitIds: ['commune'], team: ['insp-1', 'insp-2'], leadInspector: 'insp-1',
    subject: 'Working hours and handling of dossiers', plannedStart: '2026-06-10', plannedBy: 'insp-1', plannedAt: '2026-06-01T02:00:00Z',
  },
};
const started: InspectionEvent = { type: 'InspectionStarted', data: { announcedAt: now, startedBy: 'insp-1', startedAt: now } };
const visited: InspectionEvent = { type: 'InspectionVisitRecorded', data: { visitId: 'v1', unitId: 'commune', visitedAt: now, notes: '', recordedBy: 'insp-1' } };
const concluded: InspectionEvent = {
  type: 'InspectionConcluded',
  data: { conclusionNo: 'KL-7', concludedOn: '2026-06-20', signer: 'Chánh thanh tra', summary: 's', concludedBy: 'insp-1', concludedAt: now },
};
const inScope: FindingChecks = { missingEvidence: [], evidenceUnitLines: [{ ref: { streamId: 'assignment-a1', revision: 0 }, unitLine: ['commune', 'province'] }], subjectUnitLine: ['commune', 'province'], failureOnRecord: true, assignmentUnitLine: ['commune', 'province'] };
const objective = (checks: Partial<FindingChecks> = {}) =>
  as<RecordFinding>({
    type: 'RecordFinding',
    data: {
      findingId: 'f1', kind: 'objective_cause', staffId: 'an', assignmentId: 'a1', failure: 'delay', description: 'Land registry system down for 9 days',
      evidence: [{ streamId: 'assignment-a1', revision: 0 }], checks: { ...inScope, ...checks },
    },
  });

describe('inspection stream', () => {
  it('is named inspection-<id>', () => expect(inspectionStream('i1')).toBe('inspection-i1'));
});

describe('when an inspection is planned', () => {
  it('records the decision, scope and team (directives)', () => {
    spec.given([]).when(as({ type: 'PlanInspection', data: { ...planned.data } as never })).thenEvents((e) => expect(e[0]).toMatchObject({ type: 'InspectionPlanned', data: { kind: 'surprise', scopeUnitIds: ['commune'] } }));
  });
  it('refuses a team without its lead and a plan without scope (ledger)', () => {
    spec.given([]).when(as({ type: 'PlanInspection', data: { ...planned.data, team: ['insp-2'], scopeUnitIds: [] } as never })).thenThrows('inspection.invalid_plan', ['scopeUnitIds', 'team']);
  });
});

describe('when a surprise inspection starts', () => {
  it('takes the start as the announcement when none is given (directives)', () => {
    spec.given([planned]).when(as({ type: 'StartInspection', data: {} })).then([started]);
  });
  it('refuses visits before the start (ledger)', () => {
    spec.given([planned]).when(as({ type: 'RecordInspectionVisit', data: { visitId: 'v1', unitId: 'commune', notes: '', unitLine: ['commune'] } })).thenThrows('inspection.not_started');
  });
  it('refuses a visit to a unit outside the scope (issue 15 item 6)', () => {
    spec.given([planned, started]).when(as({ type: 'RecordInspectionVisit', data: { visitId: 'v1', unitId: 'other', notes: '', unitLine: ['other', 'province'] } })).thenThrows('inspection.outside_scope', ['unitId']);
  });
  it('refuses a presence check of someone outside the inspected units (issue 15 item 6)', () => {
    spec.given([planned, started, visited])
      .when(as({ type: 'RecordPresenceCheck', data: { visitId: 'v1', checks: [{ staffId: 'x', status: 'absent_unexcused' }], unitLines: { x: ['other'] } } }))
      .thenThrows('inspection.outside_scope', ['checks[0].staffId']);
  });
});

describe('when an inspection is concluded', () => {
  const at = (concludedOn: string) => as({ type: 'ConcludeInspection', data: { conclusionNo: 'KL-7', concludedOn, signer: 's', summary: 's' } });
  it('refuses a conclusion dated before the planned start or after today: its date places the findings in an assessment year (ledger)', () => {
    spec.given([planned, started]).when(at('2026-06-09')).thenThrows('inspection.invalid_conclusion', ['concludedOn']);
    spec.given([planned, started]).when(at('2026-06-11')).thenThrows('inspection.invalid_conclusion', ['concludedOn']);
    spec.given([planned, started]).when(at('2026-06-10')).thenEvents((e) => expect(e[0]).toMatchObject({ type: 'InspectionConcluded', data: { concludedOn: '2026-06-10' } }));
  });
});

describe('when a finding is recorded', () => {
  it('is refused before the conclusion: findings are attached to it (ledger)', () => {
    spec.given([planned, started]).when(objective()).thenThrows('inspection.not_concluded');
  });
  it('records an objective cause for a delay on record, attached to the conclusion', () => {
    spec.given([planned, started, concluded]).when(objective()).thenEvents((e) => {
      expect(e[0]).toMatchObject({ type: 'FindingRecorded', data: { findingId: 'f1', kind: 'objective_cause', assignmentId: 'a1', failure: 'delay', conclusionNo: 'KL-7', concludedOn: '2026-06-20' } });
    });
  });
  it('refuses evidence that names no recorded event (issue 15 item 6)', () => {
    spec.given([planned, started, concluded]).when(objective({ missingEvidence: [{ streamId: 'assignment-a1', revision: 0 }] })).thenThrows('inspection.evidence_not_found', ['evidence[0]']);
  });
  it('refuses a person and work outside the inspection scope (issue 15 item 6)', () => {
    spec.given([planned, started, concluded]).when(objective({ subjectUnitLine: ['other'], assignmentUnitLine: ['other'] })).thenThrows('inspection.outside_scope', ['assignmentId', 'staffId']);
  });
  it('refuses evidence the record cannot place in a unit, and evidence placed partly outside the scope (issue 15 review)', () => {
    const cycle = { streamId: 'cycle-c1', revision: 0 };
    const other = { streamId: 'inspection-i2', revision: 0 };
    const withEvidence = (evidence: Array<{ streamId: string; revision: number }>, lines: FindingChecks['evidenceUnitLines']) => as<RecordFinding>({
      type: 'RecordFinding',
      data: { findingId: 'f3', kind: 'violation_to_discipline', staffId: 'an', description: 'd', evidence, checks: { ...inScope, evidenceUnitLines: lines } },
    });
    // A stream no unit is known for (it used to pass unchecked).
    spec.given([planned, started, concluded]).when(withEvidence([cycle], [])).thenThrows('inspection.outside_scope', ['evidence[0]']);
    // Another inspection over the commune and another unit: every one of its scope units must be in scope.
    spec.given([planned, started, concluded])
      .when(withEvidence([other], [{ ref: other, unitLine: ['commune', 'province'] }, { ref: other, unitLine: ['other', 'province'] }]))
      .thenThrows('inspection.outside_scope', ['evidence[0]']);
    spec.given([planned, started, concluded])
      .when(withEvidence([cycle, other], [{ ref: cycle, unitLine: ['commune', 'province'] }, { ref: other, unitLine: ['commune', 'province'] }]))
      .thenEvents((e) => expect(e[0]).toMatchObject({ type: 'FindingRecorded', data: { evidence: [cycle, other] } }));
    const f = inspectionDecider.decide(objective(), fold(inspectionDecider, [planned, started, concluded]))[0] as FindingRecorded;
    spec.given([planned, started, concluded, f])
      .when(as({ type: 'ReviseFinding', data: { findingId: 'f1', outcome: 'amended', reason: 'r', addedEvidence: [cycle], addedEvidenceUnitLines: [] } }))
      .thenThrows('inspection.outside_scope', ['addedEvidence[0]']);
  });
  it('refuses an objective cause for a delay the record does not charge to that person (ledger)', () => {
    spec.given([planned, started, concluded]).when(objective({ failureOnRecord: false })).thenThrows('inspection.failure_not_on_record');
  });
  it('needs the leaders in direct charge for corruption or waste handled in a unit (Decree 335/2025 leader override)', () => {
    spec.given([planned, started, concluded])
      .when(as({ type: 'RecordFinding', data: { findingId: 'f2', kind: 'corruption_or_waste_handled', unitId: 'commune', description: 'd', evidence: [], checks: inScope } }))
      .thenThrows('inspection.invalid_finding', ['leadersInDirectCharge']);
  });
});

describe('when a finding is contested and revised', () => {
  const recorded = (): FindingRecorded => {
    const [e] = inspectionDecider.decide(objective(), fold(inspectionDecider, [planned, started, concluded]));
    return e as FindingRecorded;
  };
  it('the person it is about contests it, the team withdraws it, and the revision repeats what it was about', () => {
    const f = recorded();
    spec.given([planned, started, concluded, f]).when(as({ type: 'ContestFinding', data: { findingId: 'f1', grounds: 'g' } }, 'subject', 'an')).thenEvents((e) => expect(e[0]!.type).toBe('FindingContested'));
    spec.given([planned, started, concluded, f])
      .when(as({ type: 'ReviseFinding', data: { findingId: 'f1', outcome: 'withdrawn', reason: 'new facts' } }))
      .thenEvents((e) => expect(e[0]).toMatchObject({ type: 'FindingRevised', data: { outcome: 'withdrawn', kind: 'objective_cause', staffId: 'an', assignmentId: 'a1', failure: 'delay' } }));
  });
  it('a withdrawn finding can no longer be contested (ledger)', () => {
    const f = recorded();
    const withdrawn: InspectionEvent = { type: 'FindingRevised', data: { findingId: 'f1', outcome: 'withdrawn', reason: 'r', kind: 'objective_cause', revisedBy: 'insp-1', revisedAt: now } };
    spec.given([planned, started, concluded, f, withdrawn]).when(as({ type: 'ContestFinding', data: { findingId: 'f1', grounds: 'g' } }, 'subject', 'an')).thenThrows('inspection.finding_withdrawn');
  });
  it('refuses an amendment adding evidence from outside the inspection scope, and accepts one inside it (issue 15 item 6)', () => {
    const f = recorded();
    const ref = { streamId: 'staff-dung', revision: 0 };
    spec.given([planned, started, concluded, f])
      .when(as({ type: 'ReviseFinding', data: { findingId: 'f1', outcome: 'amended', reason: 'r', addedEvidence: [ref], addedEvidenceUnitLines: [{ ref, unitLine: ['other-commune', 'province'] }] } }))
      .thenThrows('inspection.outside_scope', ['addedEvidence[0]']);
    spec.given([planned, started, concluded, f])
      .when(as({ type: 'ReviseFinding', data: { findingId: 'f1', outcome: 'amended', reason: 'r', addedEvidence: [ref], addedEvidenceUnitLines: [{ ref, unitLine: ['commune', 'province'] }] } }))
      .thenEvents((e) => expect(e[0]).toMatchObject({ type: 'FindingRevised', data: { outcome: 'amended', addedEvidence: [ref] } }));
  });
  it('the decider refuses a contest in the inspector capacity (who may act is checked twice)', () => {
    spec.given([planned, started, concluded, recorded()]).when(as({ type: 'ContestFinding', data: { findingId: 'f1', grounds: 'g' } }, 'inspector')).thenThrows('capacity_refused');
  });
});

describe('who sees and who records (inspection.access.ts)', () => {
  const scope = (units: string[]) => ({ all: false, units: new Set(units) });
  const inspector = actor('insp-1', ['inspector'], scope(['province', 'commune']));
  const outsider = actor('insp-9', ['inspector'], scope(['province', 'commune']));
  const head: Actor = actor('head-1', ['unit_head', 'staff'], scope(['commune']), { unitId: 'commune', leads: new Set(['commune']) });
  const facts = (over: Partial<Parameters<typeof inspectionVisibility>[1]> = {}) => ({ kind: 'surprise' as const, scopeUnitIds: ['commune'], team: ['insp-1'], startedAt: null, concluded: false, ...over });

  it('a surprise inspection is invisible to the inspected unit until it starts; results reach the head with the conclusion', () => {
    expect(inspectionVisibility(head, facts())).toBe('none');
    expect(inspectionVisibility(head, facts({ kind: 'scheduled' }))).toBe('plan');
    expect(inspectionVisibility(head, facts({ startedAt: now }))).toBe('progress');
    expect(inspectionVisibility(head, facts({ startedAt: now, concluded: true }))).toBe('results');
    expect(inspectionVisibility(inspector, facts())).toBe('full');
  });
  it('the audit routes verify an inspection stream for whoever may see its results: the team always, the head and council after the conclusion (issue 15 review)', () => {
    const council = actor('council-1', ['council'], scope(['commune']));
    const councilElsewhere = actor('council-2', ['council'], scope(['other']));
    expect(mayVerifyInspection(head, fold(inspectionDecider, []))).toBe(false);
    for (const who of [head, council]) {
      expect(mayVerifyInspection(who, fold(inspectionDecider, [planned]))).toBe(false);
      expect(mayVerifyInspection(who, fold(inspectionDecider, [planned, started]))).toBe(false);
      expect(mayVerifyInspection(who, fold(inspectionDecider, [planned, started, concluded]))).toBe(true);
    }
    expect(mayVerifyInspection(councilElsewhere, fold(inspectionDecider, [planned, started, concluded]))).toBe(false);
    expect(mayVerifyInspection(inspector, fold(inspectionDecider, [planned]))).toBe(true);
  });
  it('only the team records: another inspector in scope is refused, the head does not learn of a surprise plan', () => {
    const s = fold(inspectionDecider, [planned]);
    const c = as({ type: 'StartInspection', data: {} });
    expect(authorize(inspectionAccess, inspector, s, c)).toBe('inspector');
    expect(() => authorize(inspectionAccess, actor('insp-2', ['inspector'], scope(['x'])), s, c)).toThrow(expect.objectContaining({ code: 'inspection.not_found' }));
    expect(() => authorize(inspectionAccess, head, s, c)).toThrow(expect.objectContaining({ code: 'inspection.not_found' }));
    expect(() => authorize(inspectionAccess, outsider, fold(inspectionDecider, [planned, started]), c)).toThrow(expect.objectContaining({ code: 'inspection.not_on_team' }));
  });
});

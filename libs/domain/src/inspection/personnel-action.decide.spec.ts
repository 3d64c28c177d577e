import { deciderSpec } from '../shared/given-when-then.js';
import type { PersonnelActionEvent } from './personnel-action.events.js';
import { dismissalGround, personnelActionDecider, type PersonnelActionCommand, type ProposePersonnelAction } from './personnel-action.decide.js';

// Sources: "Law 22/2008 art. 58(3)(a)" = dismissal after two consecutive years not completed (as amended 2019, verified in the rule);
// "art. 59(3)" = not while under disciplinary consideration; "ledger" = ledger invariant.

const spec = deciderSpec(personnelActionDecider);
const now = '2027-02-01T02:00:00Z';
const cmd = <C extends PersonnelActionCommand>(c: Omit<C, 'now' | 'actor' | 'actingAs'>): C => ({ ...c, now, actor: 'hr-1', actingAs: 'hr' }) as unknown as C;
const propose = (over: Partial<ProposePersonnelAction['data']> = {}) =>
  cmd<ProposePersonnelAction>({
    type: 'ProposePersonnelAction',
    data: {
      actionId: 'pa1', staffId: 'binh', kind: 'transfer', reason: 'r', unitId: 'xa', hasOpenCase: false, findingsOnRecord: ['i1/f1'], levelsByYear: {},
      basis: { findings: [{ inspectionId: 'i1', findingId: 'f1' }], results: [], events: [] }, ...over,
    },
  });
const proposed: PersonnelActionEvent = {
  type: 'PersonnelActionProposed',
  data: { actionId: 'pa1', staffId: 'binh', unitId: 'xa', kind: 'transfer', reason: 'r', basis: { findings: [{ inspectionId: 'i1', findingId: 'f1' }], results: [], events: [] }, proposedBy: 'hr-1', proposedAt: now },
};
const approved: PersonnelActionEvent = { type: 'PersonnelActionDecided', data: { decision: 'approved', decisionNo: 'QD-1', decidedBy: 'hr-1', note: '', decidedAt: now } };

describe('when a personnel action is proposed', () => {
  it('records it with the findings it rests on (ledger)', () => {
    spec.given([]).when(propose()).then([proposed]);
  });
  it('refuses a finding that is not on record about the person, and an empty basis (ledger)', () => {
    spec.given([]).when(propose({ findingsOnRecord: [] })).thenThrows('personnel_action.invalid', ['basis.findings']);
    spec.given([]).when(propose({ basis: { findings: [], results: [], events: [] } })).thenThrows('personnel_action.no_basis');
  });
  it('refuses a finding of the same id in another inspection that is not about the person (ledger)', () => {
    spec.given([]).when(propose({ basis: { findings: [{ inspectionId: 'i1', findingId: 'f1' }, { inspectionId: 'i2', findingId: 'f1' }], results: [], events: [] } }))
      .thenThrows('personnel_action.invalid', ['basis.findings']);
  });
  it('refuses basis events about another person: a commendation cannot rest on someone else\'s achievement (issue 15 item 5)', () => {
    const ref = { streamId: 'commendation-k9', revision: 0 };
    spec.given([]).when(propose({ kind: 'commendation', basis: { findings: [], results: [], events: [ref] }, eventsAboutOthers: [{ ...ref, staffId: 'chi' }] }))
      .thenThrows('personnel_action.invalid', ['basis.events']);
    spec.given([]).when(propose({ kind: 'commendation', basis: { findings: [], results: [], events: [ref] }, eventsAboutOthers: [] }))
      .thenEvents((e) => expect(e[0]).toMatchObject({ type: 'PersonnelActionProposed', data: { kind: 'commendation' } }));
  });
  it('refuses basis events that do not exist (ledger)', () => {
    spec.given([]).when(propose({ basis: { findings: [], results: [], events: [{ streamId: 'x', revision: 0 }] }, missingEvents: [{ streamId: 'x', revision: 0 }] }))
      .thenThrows('personnel_action.invalid', ['basis.events']);
  });
  it('a commendation proposal rests on an excellent result or a recorded achievement (issue 15 item 5)', () => {
    spec.given([]).when(propose({ kind: 'commendation' })).thenThrows('personnel_action.no_basis');
    spec.given([]).when(propose({ kind: 'commendation', basis: { findings: [], results: [{ cycleId: 'c', year: 2026, level: 'excellent' }], events: [] }, levelsByYear: { 2026: 'excellent' } }))
      .thenEvents((e) => expect(e[0]).toMatchObject({ type: 'PersonnelActionProposed', data: { kind: 'commendation' } }));
  });
  it('refuses a result the record does not hold (ledger)', () => {
    spec.given([]).when(propose({ basis: { findings: [], results: [{ cycleId: 'c', year: 2026, level: 'not_completed' }], events: [] }, levelsByYear: { 2026: 'completed' } }))
      .thenThrows('personnel_action.invalid', ['basis.results[0]']);
  });
  it('refuses dismissal on assessment years up to 2025 without two consecutive years not completed (Law 22/2008 art. 58(3)(a))', () => {
    const err = spec.given([]).when(propose({ kind: 'dismissal', levelsByYear: { 2023: 'not_completed', 2024: 'completed', 2025: 'not_completed' } })).thenThrows('personnel_action.dismissal_not_provided');
    expect(err.source).toContain('khoatin.com.vn');
  });
  it('proposes dismissal on two consecutive years up to 2025, naming them as the legal ground (Law 22/2008 art. 58(3)(a))', () => {
    spec.given([]).when(propose({ kind: 'dismissal', levelsByYear: { 2024: 'not_completed', 2025: 'not_completed' } }))
      .thenEvents((e) => expect((e[0]!.data as { legalGround: string }).legalGround).toMatch(/^2024 and 2025 rated not_completed; Law 22\/2008/));
  });
  it('from 2026 a year rated not completed is a ground to propose (Law on Cadres and Civil Servants 2025 art. 27(1)(c))', () => {
    expect(dismissalGround({ 2026: 'not_completed' })).toEqual({ years: [2026], source: expect.stringContaining('art. 27(1)(c)') });
    expect(dismissalGround({ 2025: 'not_completed', 2026: 'completed' })).toBeNull();
    expect(dismissalGround({ 2025: 'not_completed', 2024: 'not_completed' })).toEqual({ years: [2024, 2025], source: expect.stringContaining('58(3)(a)') });
  });
  it('refuses dismissal while a disciplinary case is open (art. 59(3))', () => {
    spec.given([]).when(propose({ kind: 'dismissal', hasOpenCase: true, levelsByYear: { 2026: 'not_completed' } })).thenThrows('personnel_action.dismissal_during_case');
  });
});

describe('when the action is decided and carried out', () => {
  const outcome = (type: string, staffId: string | null) =>
    cmd({ type: 'RecordPersonnelActionOutcome', data: { outcome: { streamId: 'staff-binh', revision: 3 }, note: '', outcomeEvent: { type, staffId } } });
  it('only an approved action is carried out (ledger)', () => {
    spec.given([proposed]).when(outcome('StaffTransferred', 'binh')).thenThrows('personnel_action.not_approved');
  });
  it('the outcome must be the personnel event of that person that fits the action (issue 15 item 5)', () => {
    spec.given([proposed, approved]).when(outcome('StaffLeft', 'binh')).thenThrows('personnel_action.wrong_outcome');
    spec.given([proposed, approved]).when(outcome('StaffTransferred', 'chi')).thenThrows('personnel_action.wrong_outcome');
    spec.given([proposed, approved]).when(outcome('StaffTransferred', 'binh')).thenEvents((e) => expect(e[0]).toMatchObject({ type: 'PersonnelActionCarriedOut', data: { outcomeType: 'StaffTransferred' } }));
  });
});

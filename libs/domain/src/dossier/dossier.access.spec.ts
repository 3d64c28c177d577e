import { actor } from '../shared/access.js';
import { applicantAccess, applicantDecider, type EraseApplicantData } from './applicant.decide.js';
import type { DossierCommand } from './dossier.commands.js';
import { dossierAccess } from './dossier.access.js';
import { dossierDecider, type DossierState } from './dossier.decide.js';
import type { DossierEvent } from './dossier.events.js';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
const stages = [
  { key: 'reception', name: 'Tiếp nhận', kind: 'reception' as const, agency: 'ubnd-xa', unitIds: ['xa-tthc'], shareDays: 0.5 },
  { key: 'commune', name: 'UBND xã', kind: 'processing' as const, agency: 'ubnd-xa', unitIds: ['xa'], shareDays: 3 },
  { key: 'land_office', name: 'Chi nhánh VPĐKĐĐ', kind: 'processing' as const, agency: 'vpdkdd', unitIds: ['vpdk'], shareDays: 6 },
  { key: 'return', name: 'Trả kết quả', kind: 'return' as const, agency: 'ubnd-xa', unitIds: ['xa-tthc'], shareDays: 0.5 },
];
const events: DossierEvent[] = [
  {
    type: 'DossierReceived',
    data: {
      dossierId: 'd1', receiptCode: 'XA-1', procedureCode: 'p', procedureName: 'p', procedureVersion: '2026-01-01', statutoryDays: 10, stages,
      centreUnitId: 'xa-tthc', receivedBy: 'mot-cua', receivedAt: vn('2026-03-02T08:00:00'), appointmentAt: vn('2026-03-13T17:00:00'),
      stageDueAt: vn('2026-03-02T12:00:00'), applicantRef: 'app-1', documents: ['đơn'],
    },
  },
  { type: 'DossierFeedbackRecorded', data: { dossierId: 'd1', feedbackNo: 1, channel: 'centre', applicantRef: 'app-1', ratings: [], textDigest: null, complaint: true, recordedBy: 'mot-cua', recordedAt: vn('2026-03-02T09:00:00') } },
  { type: 'DossierComplaintRouted', data: { dossierId: 'd1', feedbackNo: 1, toUnitId: 'vpdk', routedBy: 'mot-cua', routedAt: vn('2026-03-02T10:00:00'), answerDueAt: vn('2026-03-16T10:00:00') } },
];
const fold = (list: readonly DossierEvent[]): DossierState => list.reduce((s, e) => dossierDecider.evolve(s, e), dossierDecider.initialState());
const none = { all: false, units: new Set<string>() };

describe('who answers a complaint (dossier.access.ts)', () => {
  it('the unit a complaint was routed to answers it even when the dossier has not reached that unit yet (it was dossier.not_found, so the complaint could only go overdue)', () => {
    const state = fold(events);
    const answer = { type: 'AnswerComplaint', data: { feedbackNo: 1, answerDigest: 'cd'.repeat(32) } } as unknown as Extract<DossierCommand, { type: 'AnswerComplaint' }>;
    expect(dossierAccess.AnswerComplaint(actor('cb-vpdk', ['staff'], none, 'vpdk'), state, answer)).toBe('responsible_unit');
    expect(dossierAccess.AnswerComplaint(actor('head-vpdk', ['unit_head'], { all: false, units: new Set(['vpdk']) }, 'vpdk'), state, answer)).toBe('responsible_unit');
    // Someone of another unit still learns nothing.
    expect(dossierAccess.AnswerComplaint(actor('x', ['staff'], none, 'other'), state, answer)).toMatchObject({ denied: { code: 'dossier.not_found' } });
  });
});

describe('carrying a dossier across a merger (dossier.access.ts)', () => {
  const state = fold(events);
  const carry = (toUnitId: string) => ({ type: 'CarryAcrossMerger', data: { fromUnitId: 'xa-tthc', toUnitId } }) as unknown as Extract<DossierCommand, { type: 'CarryAcrossMerger' }>;
  const hr = (known: ReadonlyMap<string, string>) => actor('hr-1', ['hr'], { all: true, units: new Set<string>() }, null, known);

  it('names the successor to the directory, and refuses one it does not know or the merged unit itself (the dossier was moved to a unit nobody belongs to)', () => {
    expect(dossierAccess.people(state, carry('xa-moi-tthc'))).toEqual(['unit:xa-moi-tthc']);
    expect(dossierAccess.CarryAcrossMerger(hr(new Map([['unit:xa-moi-tthc', 'xa-moi-tthc']])), state, carry('xa-moi-tthc'))).toBe('manager');
    expect(dossierAccess.CarryAcrossMerger(hr(new Map()), state, carry('no-such-unit'))).toMatchObject({ denied: { code: 'dossier.merger_successor_unknown' } });
    expect(dossierAccess.CarryAcrossMerger(hr(new Map([['unit:xa-tthc', 'xa-tthc']])), state, carry('xa-tthc'))).toMatchObject({ denied: { code: 'dossier.merger_successor_unknown' } });
  });
});

describe('who erases an applicant\'s data (applicant.decide.ts)', () => {
  const erase = (centreUnitIds: string[]) => ({ type: 'EraseApplicantData', data: { applicantRef: 'app-1', entries: 1, centreUnitIds } }) as unknown as EraseApplicantData;
  const scoped = (...units: string[]) => ({ all: false, units: new Set(units) });
  const s = applicantDecider.initialState();

  it('hr whose scope covers every centre of the applicant\'s dossiers erases; scoped elsewhere it is 404, partly covered 403, unknown reference 404 (any hr erased any reference)', () => {
    expect(applicantAccess.EraseApplicantData(actor('hr-x', ['hr'], scoped('xa-tthc'), null), s, erase(['xa-tthc']))).toBe('data_controller');
    expect(applicantAccess.EraseApplicantData(actor('hr-all', ['hr'], { all: true, units: new Set() }, null), s, erase(['xa-tthc', 'yb-tthc']))).toBe('data_controller');
    expect(applicantAccess.EraseApplicantData(actor('hr-v', ['hr'], scoped('vpdk'), null), s, erase(['xa-tthc']))).toMatchObject({ denied: { code: 'dossier.applicant_not_found' } });
    expect(applicantAccess.EraseApplicantData(actor('hr-x', ['hr'], scoped('xa-tthc'), null), s, erase(['xa-tthc', 'yb-tthc']))).toMatchObject({ denied: { code: 'dossier.not_data_controller' } });
    expect(applicantAccess.EraseApplicantData(actor('head', ['unit_head'], scoped('xa-tthc'), null), s, erase(['xa-tthc']))).toMatchObject({ denied: { code: 'dossier.not_data_controller' } });
    expect(applicantAccess.EraseApplicantData(actor('hr-all', ['hr'], { all: true, units: new Set() }, null), s, erase([]))).toMatchObject({ denied: { code: 'dossier.applicant_not_found' } });
  });

  it('the decider records nothing for a reference no dossier carries', () => {
    const cmd = { ...erase([]), actor: 'hr-all', actingAs: 'data_controller', now: '2026-03-02T01:00:00.000Z' } as unknown as EraseApplicantData;
    expect(() => applicantDecider.decide(cmd, s)).toThrow(expect.objectContaining({ code: 'dossier.applicant_not_found' }));
  });
});

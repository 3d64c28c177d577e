import { dossierDecider, type DossierCommand, type DossierEvent, type ProcedureVersion } from '#domain';
import { board, evolveDossierView, monthlyStatistics, publicStatus, type DossierView } from './dossier.model.js';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
const procedure: ProcedureVersion = {
  procedureCode: 'P1', name: 'Đất đai', effectiveFrom: '2026-01-01', statutoryDays: 10, legalBasis: 'demo', publishedBy: 'hr', publishedAt: vn('2025-12-01T08:00:00'),
  stages: [
    { key: 'reception', name: 'Tiếp nhận', kind: 'reception', agency: 'xa', unitIds: ['tthc'], shareDays: 0.5 },
    { key: 'commune', name: 'Xã', kind: 'processing', agency: 'xa', unitIds: ['xa'], shareDays: 3 },
    { key: 'land_office', name: 'VPĐK', kind: 'processing', agency: 'vpdk', unitIds: ['vpdk'], shareDays: 6 },
    { key: 'return', name: 'Trả', kind: 'return', agency: 'xa', unitIds: ['tthc'], shareDays: 0.5 },
  ],
};

function run(id: string, steps: Array<[DossierCommand['type'], unknown, string, string, string]>): DossierView {
  const events: DossierEvent[] = [];
  for (const [type, data, at, actor, actingAs] of steps) {
    const state = events.reduce(dossierDecider.evolve, dossierDecider.initialState());
    events.push(...dossierDecider.decide({ type, data, now: vn(at), actor, actingAs } as DossierCommand, state));
  }
  return events.reduce<DossierView | undefined>(evolveDossierView, undefined) as DossierView;
}

const receive = (id: string, at: string): [DossierCommand['type'], unknown, string, string, string] => [
  'ReceiveDossier', { dossierId: id, receiptCode: `R-${id}`, procedure, centreUnitId: 'tthc', applicantRef: `a-${id}`, documents: ['đơn'] }, at, 'centre', 'centre_staff',
];
const toCommune = (at: string): [DossierCommand['type'], unknown, string, string, string] => ['HandOverDossier', { toStage: 'commune', toUnitId: 'xa', to: 'officer' }, at, 'centre', 'holder'];
const toLand = (at: string): [DossierCommand['type'], unknown, string, string, string] => ['HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'land' }, at, 'officer', 'holder'];
const toReturn = (at: string): [DossierCommand['type'], unknown, string, string, string] => ['HandOverDossier', { toStage: 'return', toUnitId: 'tthc', to: 'centre' }, at, 'land', 'holder'];

describe('dossier read model', () => {
  const lateAtLand = run('a', [receive('a', '2026-03-02T08:00:00'), toCommune('2026-03-02T11:00:00'), toLand('2026-03-05T10:00:00'), toReturn('2026-03-16T10:00:00'), ['DeliverResult', {}, '2026-03-17T09:00:00', 'centre', 'centre_staff']]);
  const early = run('b', [receive('b', '2026-03-02T08:00:00'), toCommune('2026-03-02T09:00:00'), toLand('2026-03-03T10:00:00'), toReturn('2026-03-06T10:00:00')]);
  const openLateAtCommune = run('c', [receive('c', '2026-03-23T08:00:00'), toCommune('2026-03-23T09:00:00')]);
  const supplemented = run('d', [receive('d', '2026-03-23T08:00:00'), toCommune('2026-03-23T09:00:00'), ['RequestSupplement', { items: [{ document: 'trích đo', note: '' }] }, '2026-03-23T10:00:00', 'officer', 'holder']]);

  it('the trail shows per stage the time allowed, used and who held it', () => {
    expect(lateAtLand.trail.map((s) => [s.stageKey, s.holder, s.allowedDays, s.late])).toEqual([
      ['reception', 'centre', 0.5, false], ['commune', 'officer', 3, false], ['land_office', 'land', 6, true], ['return', 'centre', 0.5, null],
    ]);
    expect(lateAtLand.trail[2]!.usedDays).toBeGreaterThan(6);
    expect(lateAtLand).toMatchObject({ status: 'delivered', outcome: 'late' });
  });

  it('the board (at a given instant): by stage, due today, late by stage and unit; a dossier waiting for the applicant is not late', () => {
    const b = board([lateAtLand, early, openLateAtCommune, supplemented], vn('2026-03-26T12:00:00'));
    expect(b.byStage).toEqual({ commune: 2 });
    expect(b.late.map((r) => r.dossierId)).toEqual(['c']);
    expect(b.lateByStageAndUnit).toEqual([{ stageKey: 'commune', unitId: 'xa', count: 1 }]);
    expect(b.readyForDelivery.map((r) => r.dossierId)).toEqual(['b']);
    const due = board([openLateAtCommune], vn('2026-03-26T08:00:00'));
    expect(due.dueToday.map((r) => r.dossierId)).toEqual(['c']);
  });

  it('monthly statistics per procedure and unit', () => {
    const s = monthlyStatistics([lateAtLand, early, openLateAtCommune, supplemented], 2026, 3);
    expect(s.procedures).toEqual([{ key: 'P1', finished: 2, early: 1, onTime: 0, late: 1, supplemented: 0, returned: 0, withdrawn: 0, apologies: 0, lateWithoutTimelyApology: 1 }]);
    expect(s.units.find((u) => u.unitId === 'vpdk')).toMatchObject({ stagesEnded: 2, stagesLate: 1, stagesOnTime: 1 });
    expect(s.staff.find((x) => x.staffId === 'land')).toMatchObject({ stagesEnded: 2, stagesLate: 1 });
    expect(s.staff.find((x) => x.staffId === 'officer')).toMatchObject({ stagesLate: 0 });
    expect(monthlyStatistics([lateAtLand], 2026, 4).procedures).toEqual([]);
  });

  it('ratings: one opinion per dossier, the latest; repeating a rating does not weigh the unit and staff means (it counted every time)', () => {
    const feedback = (no: number, score: number) => ({ feedbackNo: no, channel: 'applicant_portal', ratings: [{ criterion: 'result' as const, score }], complaint: false, routedTo: null, answerDueAt: null, answeredAt: null, answeredLate: null, at: vn('2026-03-20T10:00:00') });
    const rated = { ...lateAtLand, feedback: [feedback(1, 1), feedback(2, 1), feedback(3, 1), feedback(4, 5)] };
    const stats = monthlyStatistics([rated], 2026, 3);
    expect(stats.units.find((u) => u.unitId === 'vpdk')?.averageRating).toBe(5);
    expect(stats.staff.find((x) => x.staffId === 'land')?.averageRating).toBe(5);
  });

  it('ratings recorded by centre staff on the applicant\'s behalf are marked so and count neither for the recorder nor for the recorder\'s unit (they counted in their own average)', () => {
    const steps = (id: string): Array<[DossierCommand['type'], unknown, string, string, string]> => [
      receive(id, '2026-03-02T08:00:00'), toCommune('2026-03-02T11:00:00'), toLand('2026-03-05T10:00:00'), toReturn('2026-03-16T10:00:00'),
      ['DeliverResult', {}, '2026-03-17T09:00:00', 'centre', 'centre_staff'],
    ];
    const rating = { applicantRef: '', ratings: [{ criterion: 'civil_servant', score: 5 }], complaint: false, textDigest: null };
    const onBehalf = run('ob', [...steps('ob'), ['RecordFeedback', { ...rating, applicantRef: 'a-ob' }, '2026-03-17T09:10:00', 'centre', 'centre_staff']]);
    expect(onBehalf.feedback[0]).toMatchObject({ channel: 'centre', onBehalf: true, recordedBy: 'centre', recorderUnitId: 'tthc' });
    const stats = monthlyStatistics([onBehalf], 2026, 3);
    expect(stats.staff.find((x) => x.staffId === 'centre')?.averageRating ?? null).toBeNull();
    expect(stats.units.find((u) => u.unitId === 'tthc')?.averageRating ?? null).toBeNull();
    expect(stats.staff.find((x) => x.staffId === 'land')?.averageRating).toBe(5);
    expect(stats.units.find((u) => u.unitId === 'vpdk')?.averageRating).toBe(5);
    // A row folded before the marks existed (channel only): the centre is still left out.
    const { onBehalf: _o, recorderUnitId: _u, recordedBy: _b, ...legacy } = onBehalf.feedback[0]!;
    const old = monthlyStatistics([{ ...onBehalf, feedback: [legacy] }], 2026, 3);
    expect(old.units.find((u) => u.unitId === 'tthc')?.averageRating ?? null).toBeNull();
    // The applicant's own rating through the portal counts for everyone who handled the dossier.
    const byApplicant = run('ap', [...steps('ap'), ['RecordFeedback', { ...rating, applicantRef: 'a-ap' }, '2026-03-17T09:10:00', 'dichvucong', 'applicant_channel']]);
    expect(byApplicant.feedback[0]).toMatchObject({ onBehalf: false, recorderUnitId: null });
    const own = monthlyStatistics([byApplicant], 2026, 3);
    expect(own.staff.find((x) => x.staffId === 'centre')?.averageRating).toBe(5);
    expect(own.units.find((u) => u.unitId === 'tthc')?.averageRating).toBe(5);
  });

  it('the public status has no person and no applicant reference', () => {
    const p = JSON.stringify(publicStatus(supplemented));
    expect(p).not.toMatch(/officer|centre"|a-d/);
    expect(publicStatus(supplemented)).toMatchObject({ status: 'awaiting_supplement', supplementRequested: ['trích đo'], stage: { key: 'commune' } });
  });

  it('never throws on events of a dossier it never saw, or on odd data', () => {
    expect(evolveDossierView(undefined, { type: 'DossierResultDelivered', data: { dossierId: 'x', deliveredBy: 'y', deliveredAt: 'not a date' } })).toBeUndefined();
    expect(() => board([{ ...early, trail: [] }], vn('2026-03-26T12:00:00'))).not.toThrow();
  });

  it('one dossier with an odd recorded date does not break the centre\'s board or the month\'s statistics for every other dossier (vnDate threw: 500)', () => {
    const oddStage = { ...openLateAtCommune, trail: openLateAtCommune.trail.map((t, i, all) => (i === all.length - 1 ? { ...t, dueAt: null as unknown as string } : t)) };
    const b = board([oddStage, supplemented], vn('2026-03-26T12:00:00'));
    expect(b.open).toBe(2);
    const oddReady = { ...early, readyAt: 'the day after' };
    expect(monthlyStatistics([oddReady, lateAtLand], 2026, 3).procedures).toEqual([expect.objectContaining({ key: 'P1', finished: 1, late: 1 })]);
  });
});

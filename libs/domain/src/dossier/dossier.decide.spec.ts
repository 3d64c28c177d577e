import { deciderSpec } from '../shared/given-when-then.js';
import type { DossierCommand } from './dossier.commands.js';
import { dossierDecider, resultOutcome, type DossierState } from './dossier.decide.js';
import type { DossierEvent, DossierHandedOver, DossierReceived } from './dossier.events.js';
import { procedureDecider, versionInForce, type ProcedureCommand, type ProcedureVersion } from './procedure.decide.js';
import type { ProcedureEvent } from './procedure.events.js';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
const spec = deciderSpec<DossierState, DossierCommand, DossierEvent>(dossierDecider);

/** A land-use procedure of 10 working days: centre 0.5, commune 3, land office 6, return 0.5. */
const land: ProcedureVersion = {
  procedureCode: '1.012345',
  name: 'Đăng ký biến động quyền sử dụng đất',
  effectiveFrom: '2026-01-01',
  statutoryDays: 10,
  legalBasis: 'QĐ 100/QĐ-UBND (demo)',
  publishedBy: 'hr',
  publishedAt: vn('2025-12-20T08:00:00'),
  stages: [
    { key: 'reception', name: 'Tiếp nhận', kind: 'reception', agency: 'ubnd-xa', unitIds: ['xa-tthc'], shareDays: 0.5 },
    { key: 'commune', name: 'UBND xã', kind: 'processing', agency: 'ubnd-xa', unitIds: ['xa'], shareDays: 3 },
    { key: 'land_office', name: 'Chi nhánh VPĐKĐĐ', kind: 'processing', agency: 'vpdkdd', unitIds: ['vpdk'], shareDays: 6 },
    { key: 'return', name: 'Trả kết quả', kind: 'return', agency: 'ubnd-xa', unitIds: ['xa-tthc'], shareDays: 0.5 },
  ],
};

const cmd = <T extends DossierCommand['type']>(type: T, data: Extract<DossierCommand, { type: T }>['data'], now: string, actor: string, actingAs: string) =>
  ({ type, data, now, actor, actingAs }) as unknown as DossierCommand;

const received: DossierReceived = {
  type: 'DossierReceived',
  data: {
    dossierId: 'd1', receiptCode: 'XA-2603-0001', procedureCode: land.procedureCode, procedureName: land.name, procedureVersion: '2026-01-01',
    statutoryDays: 10, stages: land.stages, centreUnitId: 'xa-tthc', receivedBy: 'mot-cua', receivedAt: vn('2026-03-02T08:00:00'),
    appointmentAt: vn('2026-03-13T17:00:00'), stageDueAt: vn('2026-03-02T12:00:00'), applicantRef: 'app-1', documents: ['đơn đăng ký', 'giấy chứng nhận'],
  },
};

/** Runs commands from the reception, folding each result in (the decider's own output is the history). */
function history(...steps: DossierCommand[]): DossierEvent[] {
  const events: DossierEvent[] = [received];
  for (const c of steps) {
    let state = dossierDecider.initialState();
    for (const e of events) state = dossierDecider.evolve(state, e);
    events.push(...dossierDecider.decide(c, state));
  }
  return events;
}

const toCommune = cmd('HandOverDossier', { toStage: 'commune', toUnitId: 'xa', to: 'cc-xa' }, vn('2026-03-02T11:00:00'), 'mot-cua', 'holder');
const toLand = cmd('HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' }, vn('2026-03-05T10:00:00'), 'cc-xa', 'holder');
const apology = cmd('IssueDossierApology', { reason: 'Chờ kết quả đo đạc lại thửa đất', newAppointmentAt: vn('2026-03-18T17:00:00') }, vn('2026-03-12T15:00:00'), 'cb-vpdk', 'holder');
const toReturn = cmd('HandOverDossier', { toStage: 'return', toUnitId: 'xa-tthc', to: 'mot-cua' }, vn('2026-03-16T10:00:00'), 'cb-vpdk', 'holder');

describe('dossier reception (Decree 61/2018 art. 15, Decree 118/2025)', () => {
  it('gives the appointment date: the statutory 10 working days from reception', () => {
    const [e] = dossierDecider.decide(
      cmd('ReceiveDossier', { dossierId: 'd1', receiptCode: 'XA-2603-0001', procedure: land, centreUnitId: 'xa-tthc', applicantRef: 'app-1', documents: ['đơn đăng ký'] }, vn('2026-03-02T08:00:00'), 'mot-cua', 'centre_staff'),
      dossierDecider.initialState(),
    );
    expect(e).toMatchObject({ type: 'DossierReceived', data: { appointmentAt: vn('2026-03-13T17:00:00'), stageDueAt: vn('2026-03-02T12:00:00'), applicantRef: 'app-1' } });
    // No personal data: the applicant is a reference.
    expect(JSON.stringify(e)).not.toMatch(/"(fullName|applicantName|phone|email|address)"/);
  });

  it('refuses a centre the procedure does not name, and a procedure with no version in force', () => {
    const base = { dossierId: 'd9', receiptCode: 'R', centreUnitId: 'other', applicantRef: 'a', documents: ['x'] };
    spec.given([]).when(cmd('ReceiveDossier', { ...base, procedure: land }, vn('2026-03-02T08:00:00'), 'x', 'centre_staff')).thenThrows('dossier.unit_not_in_procedure', ['centreUnitId']);
    spec.given([]).when(cmd('ReceiveDossier', { ...base, procedure: null }, vn('2026-03-02T08:00:00'), 'x', 'centre_staff')).thenThrows('dossier.procedure_not_in_force');
  });
});

describe('the procedures catalogue, versioned by effective date', () => {
  const pspec = deciderSpec<{ versions: readonly ProcedureVersion[] }, ProcedureCommand, ProcedureEvent>(procedureDecider);
  const publish = (data: Omit<ProcedureVersion, 'publishedBy' | 'publishedAt'>): ProcedureCommand => ({ type: 'PublishProcedureVersion', data, now: vn('2026-01-01T08:00:00'), actor: 'hr', actingAs: 'catalogue_keeper' });
  const { publishedBy: _b, publishedAt: _a, ...draft } = land;

  it('refuses stage shares that do not add up to the statutory time, and stages out of place', () => {
    pspec.given([]).when(publish({ ...draft, statutoryDays: 12 })).thenThrows('procedure.stages_invalid', ['stages']);
    pspec.given([]).when(publish({ ...draft, stages: [...draft.stages].reverse() })).thenThrows('procedure.stages_invalid', ['stages[0].kind', 'stages[3].kind']);
  });

  it('picks the version in force on the reception date; a new version does not go back in time', () => {
    const v2 = { ...land, effectiveFrom: '2026-07-01', statutoryDays: 8 };
    expect(versionInForce([land, v2], '2026-06-30')?.statutoryDays).toBe(10);
    expect(versionInForce([land, v2], '2026-07-01')?.statutoryDays).toBe(8);
    expect(versionInForce([land], '2025-12-31')).toBeNull();
    pspec.given([{ type: 'ProcedureVersionPublished', data: land }]).when(publish({ ...draft, effectiveFrom: '2025-12-01' })).thenThrows('procedure.version_not_later');
  });
});

describe('stages in order, each with its share (Decree 61/2018 art. 18; the province internal process)', () => {
  it('hands over stage by stage, each hand-over carrying the new stage due date and how the last one went', () => {
    const events = history(toCommune, toLand);
    const [, commune, landOffice] = events as [DossierReceived, DossierHandedOver, DossierHandedOver];
    expect(commune.data).toMatchObject({ fromStage: 'reception', toStage: 'commune', interAgency: false, stageDueAt: vn('2026-03-05T11:00:00') });
    expect(commune.data.previous).toMatchObject({ holder: 'mot-cua', allowedDays: 0.5, usedDays: 0.38, late: false });
    expect(landOffice.data).toMatchObject({ interAgency: true, stageDueAt: vn('2026-03-13T10:00:00') });
    expect(landOffice.data.previous).toMatchObject({ stageKey: 'commune', holder: 'cc-xa', unitId: 'xa', allowedDays: 3, usedDays: 2.88, late: false });
  });

  it('refuses stages out of order and a unit the procedure does not name', () => {
    spec.given([received]).when(cmd('HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' }, vn('2026-03-02T11:00:00'), 'mot-cua', 'holder')).thenThrows('dossier.stage_out_of_order', ['toStage']);
    spec.given([received]).when(cmd('HandOverDossier', { toStage: 'commune', toUnitId: 'xa-khac', to: 'cc-xa' }, vn('2026-03-02T11:00:00'), 'mot-cua', 'holder')).thenThrows('dossier.unit_not_in_procedure', ['toUnitId']);
  });

  it('refuses a hand-over by someone who holds nothing in the capacity of holder', () => {
    spec.given([received]).when(cmd('HandOverDossier', { toStage: 'commune', toUnitId: 'xa', to: 'cc-xa' }, vn('2026-03-02T11:00:00'), 'stranger', 'holder')).thenThrows('dossier.not_holder');
  });
});

describe('per-stage attribution: the delay belongs to the stage whose share ran out (DESIGN.md attribution rule)', () => {
  it('charges the land office, not the commune, when the dossier is late at the second stage', () => {
    const events = history(toCommune, toLand, apology, toReturn);
    const last = events.find((e): e is DossierHandedOver => e.type === 'DossierHandedOver' && e.data.toStage === 'return');
    expect(last?.data.previous).toMatchObject({ stageKey: 'land_office', holder: 'cb-vpdk', unitId: 'vpdk', late: true, allowedDays: 6 });
    expect(last?.data.previous.usedDays).toBeGreaterThan(6);
    const handovers = events.filter((e): e is DossierHandedOver => e.type === 'DossierHandedOver');
    expect(handovers.map((h) => [h.data.previous.holder, h.data.previous.late])).toEqual([['mot-cua', false], ['cc-xa', false], ['cb-vpdk', true]]);
    // The result is late against the statutory date even with the apology (the lateness stands).
    expect(events.find((e) => e.type === 'DossierResultReady')).toMatchObject({ data: { outcome: 'late', statutoryDueAt: vn('2026-03-13T17:00:00') } });
  });

  it('a stage that overruns its share is late even if the dossier is on time at the end', () => {
    const slowCommune = cmd('HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' }, vn('2026-03-06T10:00:00'), 'cc-xa', 'holder');
    const fastLand = cmd('HandOverDossier', { toStage: 'return', toUnitId: 'xa-tthc', to: 'mot-cua' }, vn('2026-03-09T10:00:00'), 'cb-vpdk', 'holder');
    const events = history(toCommune, slowCommune, fastLand);
    const handovers = events.filter((e): e is DossierHandedOver => e.type === 'DossierHandedOver');
    expect(handovers.map((h) => h.data.previous.late)).toEqual([false, true, false]);
    expect(events.find((e) => e.type === 'DossierResultReady')).toMatchObject({ data: { outcome: 'early' } });
  });

  it('tells early, on time and late apart against the statutory date', () => {
    expect(resultOutcome(vn('2026-03-12T10:00:00'), vn('2026-03-13T17:00:00'))).toBe('early');
    expect(resultOutcome(vn('2026-03-13T16:59:00'), vn('2026-03-13T17:00:00'))).toBe('on_time');
    expect(resultOutcome(vn('2026-03-13T17:01:00'), vn('2026-03-13T17:00:00'))).toBe('late');
  });
});

describe('supplement: one written request naming everything missing (Decree 61/2018 arts. 15-16)', () => {
  const ask = (docs: string[], at: string) => cmd('RequestSupplement', { items: docs.map((document) => ({ document, note: 'thiếu' })) }, vn(at), 'cc-xa', 'holder');
  const supply = (docs: string[], at: string) => cmd('RecordSupplement', { documents: docs }, vn(at), 'mot-cua', 'centre_staff');

  it('stops the clock while the applicant supplements and moves the due dates by the pause', () => {
    const events = history(toCommune, ask(['trích đo'], '2026-03-03T08:00:00'), supply(['trích đo'], '2026-03-05T08:00:00'));
    expect(events.at(-1)).toMatchObject({ type: 'DossierSupplementReceived', data: { pausedDays: 2, stageDueAt: vn('2026-03-09T11:00:00'), statutoryDueAt: vn('2026-03-17T17:00:00') } });
  });

  it('flags a second request for something that could have been asked the first time', () => {
    const events = history(toCommune, ask(['trích đo'], '2026-03-03T08:00:00'), supply(['trích đo'], '2026-03-04T08:00:00'), ask(['trích đo', 'hợp đồng'], '2026-03-04T10:00:00'));
    expect(events.at(-1)).toMatchObject({ type: 'DossierSupplementRequested', data: { requestNo: 2, repeat: true, avoidableItems: ['hợp đồng'] } });
  });

  it('refuses a request that names nothing, and any stage work while waiting for the applicant', () => {
    spec.given(history(toCommune)).when(cmd('RequestSupplement', { items: [] }, vn('2026-03-03T08:00:00'), 'cc-xa', 'holder')).thenThrows('dossier.supplement_items_required', ['items']);
    spec.given(history(toCommune, ask(['trích đo'], '2026-03-03T08:00:00'))).when(toLand).thenThrows('dossier.awaiting_supplement');
  });
});

describe('apology (phiếu xin lỗi) by the unit that will be late (Decree 61/2018 art. 19, Decree 118/2025)', () => {
  it('records an apology before the due date with its reason and new appointment date', () => {
    const events = history(toCommune, toLand, apology);
    expect(events.at(-1)).toMatchObject({ type: 'DossierApologyIssued', data: { unitId: 'vpdk', stageKey: 'land_office', beforeDue: true, newAppointmentAt: vn('2026-03-18T17:00:00') } });
  });

  it('after the due date the apology is still recorded, marked late, and the lateness stands', () => {
    const lateApology = cmd('IssueDossierApology', { reason: 'Chờ đo đạc', newAppointmentAt: vn('2026-03-20T17:00:00') }, vn('2026-03-16T08:00:00'), 'cb-vpdk', 'holder');
    const events = history(toCommune, toLand, lateApology, cmd('HandOverDossier', { toStage: 'return', toUnitId: 'xa-tthc', to: 'mot-cua' }, vn('2026-03-17T08:00:00'), 'cb-vpdk', 'holder'));
    expect(events.find((e) => e.type === 'DossierApologyIssued')).toMatchObject({ data: { beforeDue: false } });
    expect(events.find((e) => e.type === 'DossierResultReady')).toMatchObject({ data: { outcome: 'late' } });
  });

  it('refuses an apology without a reason or a new date, or with a date not later', () => {
    const given = history(toCommune, toLand);
    spec.given(given).when(cmd('IssueDossierApology', { reason: ' ', newAppointmentAt: null }, vn('2026-03-12T15:00:00'), 'cb-vpdk', 'holder')).thenThrows('dossier.apology_incomplete', ['newAppointmentAt', 'reason']);
    spec.given(given).when(cmd('IssueDossierApology', { reason: 'x', newAppointmentAt: vn('2026-03-13T12:00:00') }, vn('2026-03-12T15:00:00'), 'cb-vpdk', 'holder')).thenThrows('dossier.apology_date_not_later');
  });
});

describe('return with reasons, delivery, withdrawal', () => {
  it('a refusal gives its reasons and closes the dossier', () => {
    spec.given(history(toCommune)).when(cmd('ReturnDossierWithReasons', { reasons: [] }, vn('2026-03-03T08:00:00'), 'cc-xa', 'holder')).thenThrows('dossier.reasons_required');
    const events = history(toCommune, cmd('ReturnDossierWithReasons', { reasons: ['Đất đang tranh chấp'] }, vn('2026-03-03T08:00:00'), 'cc-xa', 'holder'));
    spec.given(events).when(toLand).thenThrows('dossier.closed');
  });

  it('delivers only a ready result', () => {
    spec.given(history(toCommune)).when(cmd('DeliverResult', {}, vn('2026-03-03T08:00:00'), 'mot-cua', 'centre_staff')).thenThrows('dossier.result_not_ready');
    const events = history(toCommune, toLand, toReturn, cmd('DeliverResult', {}, vn('2026-03-17T08:00:00'), 'mot-cua', 'centre_staff'));
    expect(events.at(-1)?.type).toBe('DossierResultDelivered');
  });
});

describe('applicants\' feedback (satisfaction index criteria) and complaints', () => {
  const rate = (applicantRef: string) => cmd('RecordFeedback', { applicantRef, ratings: [{ criterion: 'result', score: 4 }], textDigest: null, complaint: false }, vn('2026-03-17T09:00:00'), 'portal', 'applicant_channel');

  it('refuses feedback on another applicant\'s dossier', () => {
    spec.given(history(toCommune)).when(rate('someone-else')).thenThrows('dossier.not_applicants_dossier');
  });

  it('routes a complaint to a unit of the procedure, which must answer it', () => {
    const complaint = cmd('RecordFeedback', { applicantRef: 'app-1', ratings: [], textDigest: 'ab'.repeat(32), complaint: true }, vn('2026-03-17T09:00:00'), 'portal', 'applicant_channel');
    const events = history(toCommune, complaint, cmd('RouteComplaint', { feedbackNo: 1, toUnitId: 'vpdk' }, vn('2026-03-17T10:00:00'), 'mot-cua', 'centre_staff'));
    expect(events.at(-1)).toMatchObject({ type: 'DossierComplaintRouted', data: { toUnitId: 'vpdk', answerDueAt: vn('2026-03-31T10:00:00') } });
    spec.given(events).when(cmd('AnswerComplaint', { feedbackNo: 1, answerDigest: 'cd'.repeat(32) }, vn('2026-03-18T10:00:00'), 'cb-vpdk', 'responsible_unit')).thenEvents((out) =>
      expect(out[0]).toMatchObject({ type: 'DossierComplaintAnswered', data: { unitId: 'vpdk', late: false, answerDigest: 'cd'.repeat(32) } }),
    );
    // The text is held apart (it may quote the applicant): the event has only the digest, never the answer as written.
    spec.given(events).when(cmd('AnswerComplaint', { feedbackNo: 1, answerDigest: 'cd'.repeat(32) }, vn('2026-03-18T10:00:00'), 'cb-vpdk', 'responsible_unit')).thenEvents((out) =>
      expect(out[0]!.data).not.toHaveProperty('answer'),
    );
    spec.given(events).when(cmd('AnswerComplaint', { feedbackNo: 1, answerDigest: null }, vn('2026-03-18T10:00:00'), 'cb-vpdk', 'responsible_unit')).thenThrows('dossier.invalid');
    spec.given(events).when(cmd('RouteComplaint', { feedbackNo: 1, toUnitId: 'unrelated' }, vn('2026-03-17T10:00:00'), 'mot-cua', 'centre_staff')).thenThrows('dossier.unit_not_in_procedure');
  });
});

describe('merged communes keep statutory dates and past delays', () => {
  it('moves the remaining stages to the successor unit, keeping the due dates and the trail', () => {
    const slow = cmd('HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' }, vn('2026-03-06T10:00:00'), 'cc-xa', 'holder');
    const before = history(toCommune, slow);
    const merged = history(toCommune, slow, cmd('CarryAcrossMerger', { fromUnitId: 'xa-tthc', toUnitId: 'xa-moi-tthc' }, vn('2026-03-07T08:00:00'), 'hr', 'manager'));
    const fold = (es: DossierEvent[]) => es.reduce(dossierDecider.evolve, dossierDecider.initialState());
    const a = fold(before);
    const b = fold(merged);
    if (a.status === 'none' || b.status === 'none') throw new Error('not received');
    expect(b.statutoryDueAt).toBe(a.statutoryDueAt);
    expect(b.trail).toEqual(a.trail);
    expect(b.trail[1]).toMatchObject({ unitId: 'xa', late: true });
    expect(b.stages[3]?.unitIds).toEqual(['xa-moi-tthc']);
    spec.given(merged).when(cmd('HandOverDossier', { toStage: 'return', toUnitId: 'xa-tthc', to: 'mot-cua' }, vn('2026-03-09T10:00:00'), 'cb-vpdk', 'holder')).thenThrows('dossier.unit_not_in_procedure');
  });

  it('a stage already late when its unit merges keeps its delay with the merged unit', () => {
    const slowLand = history(toCommune, toLand, cmd('CarryAcrossMerger', { fromUnitId: 'vpdk', toUnitId: 'vpdk-moi' }, vn('2026-03-14T08:00:00'), 'hr', 'manager'));
    expect(slowLand.at(-1)).toMatchObject({ type: 'DossierCarriedAcrossMerger', data: { stageLateAtMerger: true } });
    const out = history(toCommune, toLand, cmd('CarryAcrossMerger', { fromUnitId: 'vpdk', toUnitId: 'vpdk-moi' }, vn('2026-03-14T08:00:00'), 'hr', 'manager'), cmd('HandOverDossier', { toStage: 'return', toUnitId: 'xa-tthc', to: 'mot-cua' }, vn('2026-03-16T10:00:00'), 'cb-vpdk', 'holder'));
    const last = out.find((e): e is DossierHandedOver => e.type === 'DossierHandedOver' && e.data.toStage === 'return');
    expect(last?.data.previous).toMatchObject({ unitId: 'vpdk', late: true, holder: 'cb-vpdk' });
    // On time at the merger: the successor holds the stage and answers for it.
    const early = history(toCommune, toLand, cmd('CarryAcrossMerger', { fromUnitId: 'vpdk', toUnitId: 'vpdk-moi' }, vn('2026-03-06T08:00:00'), 'hr', 'manager'), cmd('HandOverDossier', { toStage: 'return', toUnitId: 'xa-tthc', to: 'mot-cua' }, vn('2026-03-09T10:00:00'), 'cb-vpdk', 'holder'));
    expect(early.find((e): e is DossierHandedOver => e.type === 'DossierHandedOver' && e.data.toStage === 'return')?.data.previous).toMatchObject({ unitId: 'vpdk-moi', late: false });
  });
});

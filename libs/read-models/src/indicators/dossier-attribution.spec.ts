import { dossierDecider, type DossierCommand, type DossierEvent, type ProcedureVersion } from '#domain';
import { assignmentContributions, dossierSignals, stepDossierTrack, type AssignmentTrack, type SignalFact } from './indicators.model.js';

/** Indicators of a dossier (issue 19): the delay of a stage is charged to that stage's officer. */
const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
const land: ProcedureVersion = {
  procedureCode: 'P1', name: 'Đất đai', effectiveFrom: '2026-01-01', statutoryDays: 10, legalBasis: 'demo', publishedBy: 'hr', publishedAt: vn('2025-12-01T08:00:00'),
  stages: [
    { key: 'reception', name: 'Tiếp nhận', kind: 'reception', agency: 'xa', unitIds: ['tthc'], shareDays: 0.5 },
    { key: 'commune', name: 'Xã', kind: 'processing', agency: 'xa', unitIds: ['xa'], shareDays: 3 },
    { key: 'land_office', name: 'VPĐK', kind: 'processing', agency: 'vpdk', unitIds: ['vpdk'], shareDays: 6 },
    { key: 'return', name: 'Trả', kind: 'return', agency: 'xa', unitIds: ['tthc'], shareDays: 0.5 },
  ],
};

function run(steps: Array<[DossierCommand['type'], unknown, string, string, string]>): DossierEvent[] {
  const events: DossierEvent[] = [];
  for (const [type, data, at, actor, actingAs] of steps) {
    const state = events.reduce(dossierDecider.evolve, dossierDecider.initialState());
    events.push(...dossierDecider.decide({ type, data, now: vn(at), actor, actingAs } as DossierCommand, state));
  }
  return events;
}

describe('dossier indicators: per-stage attribution', () => {
  const events = run([
    ['ReceiveDossier', { dossierId: 'd1', receiptCode: 'R1', procedure: land, centreUnitId: 'tthc', applicantRef: 'a1', documents: ['đơn'] }, '2026-03-02T08:00:00', 'centre', 'centre_staff'],
    ['HandOverDossier', { toStage: 'commune', toUnitId: 'xa', to: 'commune-officer' }, '2026-03-02T11:00:00', 'centre', 'holder'],
    ['HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'land-officer' }, '2026-03-05T10:00:00', 'commune-officer', 'holder'],
    ['IssueDossierApology', { reason: 'đo đạc lại', newAppointmentAt: vn('2026-03-18T17:00:00') }, '2026-03-12T15:00:00', 'land-officer', 'holder'],
    ['HandOverDossier', { toStage: 'return', toUnitId: 'tthc', to: 'centre' }, '2026-03-16T10:00:00', 'land-officer', 'holder'],
    ['DeliverResult', {}, '2026-03-17T09:00:00', 'centre', 'centre_staff'],
  ]);
  let track: AssignmentTrack | undefined;
  const signals: SignalFact[] = [];
  for (const e of events) {
    const step = stepDossierTrack(track, e, 'dossier-d1');
    track = step.track;
    if (track) signals.push(...dossierSignals(track, e, step.missed));
  }

  it('charges the second stage officer, not the first one nor the centre', () => {
    expect(track?.delays).toEqual([{ staffId: 'land-officer', dueAt: vn('2026-03-13T10:00:00') }]);
    expect(signals.map((s) => [s.signal, s.staffId])).toEqual([['deadline_missed', 'land-officer']]);
    const late = assignmentContributions(track).filter((c) => c.counts.late);
    expect(late.map((c) => c.staffId)).toEqual(['land-officer']);
  });

  it('the apology does not move the stage date (the lateness stands)', () => {
    expect(track?.status).toBe('completed');
    expect(track?.kind).toBe('dossier');
  });

  it('tracks a reception without a usable stage date with no date in force, and applies a hand-over without one (a recorded event never throws, nor is dropped)', () => {
    const odd = { ...(events[0] as DossierEvent & { type: 'DossierReceived' }) };
    expect(stepDossierTrack(undefined, { type: 'DossierReceived', data: { ...odd.data, stageDueAt: 'soon' } }, 'dossier-x').track).toMatchObject({ holder: 'centre', dueAt: null });
    const start = stepDossierTrack(undefined, events[0] as DossierEvent, 'dossier-y').track;
    const bad = { ...(events[1] as DossierEvent & { type: 'DossierHandedOver' }) };
    expect(stepDossierTrack(start, { type: 'DossierHandedOver', data: { ...bad.data, stageDueAt: '+010000-01-01T00:00:00Z' } }, 'dossier-y').track).toMatchObject({ holder: 'commune-officer', unitId: 'xa', dueAt: null });
  });

  it('a dossier waiting for the applicant is paused (not open work past due), and its stage date moves by the pause', () => {
    const paused = run([
      ['ReceiveDossier', { dossierId: 'd2', receiptCode: 'R2', procedure: land, centreUnitId: 'tthc', applicantRef: 'a2', documents: ['đơn'] }, '2026-03-02T08:00:00', 'centre', 'centre_staff'],
      ['HandOverDossier', { toStage: 'commune', toUnitId: 'xa', to: 'commune-officer' }, '2026-03-02T11:00:00', 'centre', 'holder'],
      ['RequestSupplement', { items: [{ document: 'trích đo', note: '' }] }, '2026-03-03T08:00:00', 'commune-officer', 'holder'],
      // Ten working days later: past the commune's original date, but its clock was stopped.
      ['RecordSupplement', { documents: ['trích đo'] }, '2026-03-17T08:00:00', 'centre', 'centre_staff'],
      ['HandOverDossier', { toStage: 'land_office', toUnitId: 'vpdk', to: 'land-officer' }, '2026-03-18T08:00:00', 'commune-officer', 'holder'],
    ]);
    let t: AssignmentTrack | undefined;
    const statuses: string[] = [];
    for (const e of paused) {
      t = stepDossierTrack(t, e, 'dossier-d2').track;
      statuses.push(t!.status);
    }
    expect(statuses).toEqual(['open', 'open', 'paused', 'open', 'open']);
    expect(t?.delays).toEqual([]);
  });

  it('ignores events of a dossier it never saw received (a recorded event never throws)', () => {
    expect(stepDossierTrack(undefined, events[1] as DossierEvent, 'dossier-x').track).toBeUndefined();
  });
});

describe('odd dates in recorded events stop nothing and drop nothing (a recorded event never stops a projection)', () => {
  const at = (local: string) => vn(local);
  const received = {
    type: 'DossierReceived',
    data: {
      dossierId: 'odd', receiptCode: 'R', procedureCode: 'P1', procedureName: 'x', procedureVersion: '2026-01-01', statutoryDays: 10, stages: land.stages, centreUnitId: 'tthc',
      receivedBy: 'centre', receivedAt: at('2026-03-02T08:00:00'), appointmentAt: at('2026-03-13T17:00:00'), stageDueAt: '2026-02-30T12:00:00+07:00', applicantRef: 'a', documents: ['đơn'],
    },
  } as DossierEvent;
  const handedOver = (to: string, toUnitId: string, stageDueAt: unknown, handedOverAt: string) =>
    ({ type: 'DossierHandedOver', data: { dossierId: 'odd', fromStage: 'x', toStage: 'commune', fromUnitId: 'tthc', toUnitId, from: 'centre', to, by: 'centre', interAgency: false, handedOverAt, stageDueAt, previous: {} } }) as unknown as DossierEvent;

  it('a reception with a stage date that does not exist (30 February) is tracked with no date in force, not left out of the indicators', () => {
    const { track } = stepDossierTrack(undefined, received, 'dossier-odd');
    expect(track).toMatchObject({ holder: 'centre', dueAt: null, status: 'open' });
  });

  it('a hand-over with an unusable stage date still moves the dossier to its new holder (it was dropped, so the previous holder stayed charged with it)', () => {
    let track = stepDossierTrack(undefined, { ...received, data: { ...received.data, stageDueAt: at('2026-03-02T12:00:00') } } as DossierEvent, 'dossier-odd').track;
    track = stepDossierTrack(track, handedOver('commune-officer', 'xa', 'soon', at('2026-03-02T11:00:00')), 'dossier-odd').track;
    expect(track).toMatchObject({ holder: 'commune-officer', unitId: 'xa', dueAt: null });
    // Later events compare nothing against the missing date: no one is charged, nothing thrown; the item counts when it ends.
    const ready = { type: 'DossierResultReady', data: { dossierId: 'odd', readyAt: at('2026-04-20T10:00:00'), statutoryDueAt: at('2026-03-13T17:00:00'), outcome: 'late' } } as DossierEvent;
    const step = stepDossierTrack(track, ready, 'dossier-odd');
    expect(step.missed).toBeNull();
    expect(assignmentContributions(step.track)).toEqual([
      { staffId: 'commune-officer', year: 2026, month: 4, counts: expect.objectContaining({ assigned: 1, completed: 1, completed_on_time: 1, late: 0 }) },
    ]);
  });
});

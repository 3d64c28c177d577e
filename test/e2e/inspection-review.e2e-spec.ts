import { randomUUID } from 'node:crypto';
import { decisionConsequences } from '#domain';
import { PostgresEventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Issue 15 reviewed from outside (an inspector, the inspected unit's head, HR, a court):
 *   - a delay excused by an objective-cause finding is charged nowhere: not on the
 *     watchlist, not on the trail, listed with the finding instead;
 *   - presence checks reach the person's record and the head's view;
 *   - evidence from another unit's records is refused, whatever the stream;
 *   - hostile input (impossible dates, huge strings, double conclusion, a stranger
 *     contesting, revising a withdrawn finding) is refused with a stable code, nothing written;
 *   - Decree 48/2023: a discipline already counted by an earlier year's cycle is not
 *     counted again (the trace names that cycle).
 */
describe('inspections reviewed from outside (issue 15)', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let hr: string;
  let insp: string;
  let head: string;
  const api = '/api/v1';
  const iid = 'ktcv-review';
  const meta = { actor: { sub: 'fixture', roles: ['importer'] } };
  const append = async (streamId: string, events: Array<{ type: string; data: Record<string, unknown> }>) => {
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta })), 'any');
  };
  const post = (path: string, token: string, body: Record<string, unknown>) => t.http().post(`${api}${path}`).set(...bearer(token)).send(body);
  const get = (path: string, token: string) => t.http().get(`${api}${path}`).set(...bearer(token));
  const count = async (stream?: string) =>
    (await t.sql<{ n: number }>(stream ? `SELECT count(*)::int AS n FROM events WHERE stream_id = '${stream}'` : 'SELECT count(*)::int AS n FROM events'))[0]!.n;
  /** Polls until the probe answers; a hang guard (not a timed assertion) fails the test instead of blocking the file. */
  const waitFor = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 1200; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gave up waiting for ${probe.toString().slice(0, 200)}`);
  };
  /** An assignment of `staffId` in `unitId` due on 20 March of `year`, completed (late or not) and reviewed `met`. */
  const work = async (id: string, staffId: string, unitId: string, year: number, late: boolean) => {
    const due = `${year}-03-20T10:00:00Z`;
    const completedAt = late ? `${year}-03-25T10:00:00Z` : `${year}-03-15T10:00:00Z`;
    await append(`assignment-${id}`, [
      {
        type: 'AssignmentIssued',
        data: { assignmentId: id, kind: 'dossier', unitId, assignee: staffId, title: 't', description: 'd', deliverable: 'r', successCriteria: 's', assignedBy: 'head', authorityBasis: 'b', dueAt: due, responsible: staffId, issuedAt: `${year}-03-01T02:00:00Z` },
      },
      { type: 'AssignmentCompleted', data: { assignmentId: id, deliverableRef: 'x', completedBy: staffId, completedAt, dueAt: due, late } },
      { type: 'CompletionReviewed', data: { assignmentId: id, quality: 'met', reviewedBy: 'head', comment: null, reviewedAt: completedAt } },
    ]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    hr = await t.token('hr-1', ['hr'], ['*']);
    insp = await t.token('insp-1', ['inspector'], ['prov']);
    head = await t.token('head', ['unit_head', 'staff'], ['xa']);
    for (const [unitId, parentUnitId] of [['prov', undefined], ['xa', 'prov'], ['other', 'prov'], ['xb', 'prov']] as const) {
      expect((await post('/units', hr, { unitId, name: `Unit ${unitId}`, establishedOn: '2020-01-01', ...(parentUnitId && { parentUnitId }) })).status).toBe(201);
    }
    for (const [staffId, unitId] of [['head', 'xa'], ['an', 'xa'], ['binh', 'xa'], ['dung', 'other'], ['em', 'xb']]) {
      expect((await post('/staff', hr, { staffId, personnelCode: `P-${staffId}`, fullName: `Nguyễn ${staffId}`, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2020-01-01' })).status).toBe(201);
    }
    expect((await post('/staff/head/leadership', hr, { role: 'head', unitId: 'xa', effectiveOn: '2024-01-01' })).status).toBe(200);
    await work('an-1', 'an', 'xa', 2026, false);
    await work('an-2', 'an', 'xa', 2026, true);
    await work('b-1', 'binh', 'xa', 2026, false);
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM responsibility_trail_v1 WHERE assignment_id = 'an-2' AND deadlines_missed > 0"))[0]!.n > 0 ? true : undefined));
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_assignments_v1 WHERE assignment_id = 'b-1' AND quality = 'met'"))[0]!.n > 0 ? true : undefined));
  });
  afterAll(async () => {
    await store.close();
    await t.close();
  });

  it('refuses hostile plans: impossible dates, a five-digit year, huge strings (400, nothing written)', async () => {
    const plan = { kind: 'surprise', decisionNo: 'x', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 's', plannedStart: '2026-06-10' };
    const before = await count();
    for (const bad of [{ plannedStart: '2026-02-30' }, { plannedStart: '99999-01-01' }, { plannedStart: '2026-6-1' }, { subject: 'x'.repeat(2001) }, { decisionNo: 'x'.repeat(101) }, { scopeUnitIds: [] }, { kind: 'secret' }]) {
      const res = await post('/inspections', insp, { ...plan, inspectionId: `bad-${randomUUID().slice(0, 8)}`, ...bad });
      expect({ bad, status: res.status, problem: res.headers['content-type'] }).toEqual({ bad, status: 400, problem: expect.stringMatching(/problem\+json/) });
    }
    expect(await count()).toBe(before);
  });

  it('runs an inspection with hostile input at every step', async () => {
    expect((await post('/inspections', insp, { inspectionId: iid, kind: 'surprise', decisionNo: '7/QĐ-KTCV', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 'Giờ làm việc', plannedStart: '2026-06-10' })).status).toBe(201);
    expect((await post('/inspections', insp, { inspectionId: iid, kind: 'scheduled', decisionNo: 'x', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 's', plannedStart: '2026-06-10' })).body.code).toBe('inspection.already_planned');
    // Before the start: no visit, no conclusion; the head sees nothing, not even in the head's view.
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v1', unitId: 'xa', notes: '' })).body.code).toBe('inspection.not_started');
    expect((await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: 'k', concludedOn: '2026-06-20', signer: 's', summary: 's' })).body.code).toBe('inspection.not_started');
    const early = await get('/heads/head/accountability?year=2026', head);
    expect(JSON.stringify(early.body)).not.toContain(iid);
    expect((await post(`/inspections/${iid}/start`, insp, { announcedAt: '2099-01-01T00:00:00Z' })).body.code).toBe('inspection.invalid_plan');
    expect((await post(`/inspections/${iid}/start`, insp, {})).status).toBe(200);
    expect((await post(`/inspections/${iid}/start`, insp, {})).body.code).toBe('inspection.already_started');

    // Presence: a person of another unit, an unknown visit, an unknown person.
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v1', unitId: 'xa', notes: '7:45' })).status).toBe(200);
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v1', unitId: 'xa', notes: 'again' })).body.code).toBe('inspection.invalid_visit');
    expect((await post(`/inspections/${iid}/presence-checks`, insp, { visitId: 'v1', checks: [{ staffId: 'dung', status: 'present' }] })).body.code).toBe('inspection.outside_scope');
    expect((await post(`/inspections/${iid}/presence-checks`, insp, { visitId: 'v1', checks: [{ staffId: 'ghost', status: 'present' }] })).body.code).toBe('inspection.outside_scope');
    expect((await post(`/inspections/${iid}/presence-checks`, insp, { visitId: 'v9', checks: [{ staffId: 'an', status: 'present' }] })).body.code).toBe('inspection.unknown_visit');
    expect((await post(`/inspections/${iid}/presence-checks`, insp, { visitId: 'v1', checks: [{ staffId: 'an', status: 'asleep' }] })).status).toBe(400);
    expect((await post(`/inspections/${iid}/presence-checks`, insp, {
      visitId: 'v1', checks: [{ staffId: 'an', status: 'present' }, { staffId: 'binh', status: 'absent_unexcused', note: 'Không có mặt lúc 8:30' }],
    })).status).toBe(200);

    // Conclusion: impossible date refused; then concluded once only.
    for (const concludedOn of ['2026-02-30', '99999-01-01']) {
      expect((await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: 'k', concludedOn, signer: 's', summary: 's' })).status).toBe(400);
    }
    // Backdated to an earlier assessment year (its findings would reach a closed year's cycle), or dated ahead: refused.
    for (const concludedOn of ['2024-01-01', '2199-01-01']) {
      const res = await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: 'k', concludedOn, signer: 's', summary: 's' });
      expect({ concludedOn, code: res.body.code }).toEqual({ concludedOn, code: 'inspection.invalid_conclusion' });
    }
    expect((await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: '9/KL-KTCV', concludedOn: '2026-06-20', signer: 'Trưởng đoàn', summary: 'Kết luận' })).status).toBe(200);
    expect((await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: '10/KL-KTCV', concludedOn: '2026-06-21', signer: 'x', summary: 'x' })).body.code).toBe('inspection.concluded');
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v2', unitId: 'xa', notes: '' })).body.code).toBe('inspection.concluded');

    // Evidence from another unit's records is refused, whatever kind of stream it is (staff record, unit record).
    const n = await count(`inspection-${iid}`);
    const foreignStaff = await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'violation_to_discipline', staffId: 'binh', description: 'd', evidence: [{ streamId: 'staff-dung', revision: 0 }] });
    expect(foreignStaff.status).toBe(422);
    expect(foreignStaff.body).toMatchObject({ code: 'inspection.outside_scope', errors: [{ field: 'evidence[0]' }] });
    const foreignUnit = await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'violation_to_discipline', staffId: 'binh', description: 'd', evidence: [{ streamId: 'unit-other', revision: 0 }] });
    expect(foreignUnit.body.code).toBe('inspection.outside_scope');
    expect((await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'violation_to_discipline', staffId: 'binh', description: 'd', evidence: [{ streamId: 'nowhere-1', revision: 0 }] })).body.code).toBe('inspection.evidence_not_found');
    expect((await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'violation_to_discipline', staffId: 'binh', description: 'x'.repeat(8001), evidence: [{ streamId: 'staff-binh', revision: 0 }] })).status).toBe(400);
    expect(await count(`inspection-${iid}`)).toBe(n);
    // The person's own record is fine as evidence.
    expect((await post(`/inspections/${iid}/findings`, insp, { findingId: 'f-binh', kind: 'violation_to_discipline', staffId: 'binh', description: 'Vắng mặt không lý do', evidence: [{ streamId: 'staff-binh', revision: 0 }] })).status).toBe(201);
    expect((await post(`/inspections/${iid}/findings`, insp, {
      findingId: 'f-an', kind: 'objective_cause', staffId: 'an', assignmentId: 'an-2', failure: 'delay', description: 'Mất điện 5 ngày', evidence: [{ streamId: 'assignment-an-2', revision: 1 }],
    })).status).toBe(201);

    // Contest: a stranger may not; the subject may, again and again; revising a withdrawn finding is refused.
    expect([403, 404]).toContain((await post(`/inspections/${iid}/findings/f-binh/contest`, await t.token('an', ['staff']), { grounds: 'g' })).status);
    const binh = await t.token('binh', ['staff']);
    expect((await post(`/inspections/${iid}/findings/f-binh/contest`, binh, { grounds: '' })).status).toBe(400);
    for (let i = 0; i < 3; i++) {
      expect((await post(`/inspections/${iid}/findings/f-binh/contest`, binh, { grounds: `lần ${i}` })).status).toBe(200);
      expect((await post(`/inspections/${iid}/findings/f-binh/revision`, insp, { outcome: 'upheld', reason: 'Giữ nguyên' })).status).toBe(200);
    }
    expect((await post(`/inspections/${iid}/findings/f-binh/revision`, insp, { outcome: 'amended', reason: 'r' })).body.code).toBe('inspection.invalid_revision');
    expect((await post(`/inspections/${iid}/findings/f-binh/revision`, insp, { outcome: 'withdrawn', reason: 'Có đơn xin nghỉ' })).status).toBe(200);
    expect((await post(`/inspections/${iid}/findings/f-binh/revision`, insp, { outcome: 'upheld', reason: 'r' })).body.code).toBe('inspection.finding_withdrawn');
    expect((await post(`/inspections/${iid}/findings/f-binh/contest`, binh, { grounds: 'g' })).body.code).toBe('inspection.finding_withdrawn');
    expect((await post(`/inspections/${iid}/findings/f-binh/disciplinary-case`, hr, { violationDate: '2026-06-10', severity: 'reprimand_level' })).body.code).toBe('inspection.finding_not_disciplinary');
    expect((await post(`/inspections/${iid}/findings/f-nope/revision`, insp, { outcome: 'upheld', reason: 'r' })).status).toBe(404);

    // A personnel action about an cannot rest on binh's record, nor on a finding about binh.
    const onOthers = await post('/personnel-actions', hr, { staffId: 'an', kind: 'commendation', reason: 'r', basis: { findings: [], results: [], events: [{ streamId: 'staff-binh', revision: 0 }] } });
    expect(onOthers.body).toMatchObject({ code: 'personnel_action.invalid', errors: [{ field: 'basis.events' }] });
    const onFinding = await post('/personnel-actions', hr, { staffId: 'an', kind: 'review', reason: 'r', basis: { findings: [{ inspectionId: iid, findingId: 'f-binh' }], results: [], events: [] } });
    expect(onFinding.body.code).toBe('personnel_action.invalid');

    // A missing or malformed basis is a 400 naming the field, never a 500 (fuzz seed 1742951598).
    const malformed: Array<[Record<string, unknown>, string]> = [
      [{ staffId: 'an', kind: 'review', reason: 'r' }, 'basis'],
      [{ staffId: 'an', kind: 'review', reason: 'r', basis: null }, 'basis'],
      [{ staffId: 'an', kind: 'review', reason: 'r', basis: { findings: [null], results: [], events: [] } }, 'basis.findings'],
      [{ staffId: 'an', kind: 'review', reason: 'r', basis: { findings: [{ inspectionId: iid }], results: [], events: [] } }, 'basis.findings'],
      [{ staffId: 'an', kind: 'review', reason: 'r', basis: { findings: [], results: [{ cycleId: 'c', year: 'x', level: 'l' }], events: [] } }, 'basis.results'],
    ];
    for (const [body, field] of malformed) {
      const res = await post('/personnel-actions', hr, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
    }
    const noOutcome = await post('/personnel-actions/any-action/outcome', hr, { note: '' });
    expect(noOutcome.status).toBe(400);
    expect(JSON.stringify(noOutcome.body.errors)).toContain('outcome');
  });

  it('charges an excused delay nowhere: the watchlist and the trail cite the finding instead', async () => {
    await waitFor(async () => {
      const [row] = await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-2'");
      return row?.delays[0]?.excusedBy ? true : undefined;
    });
    const finding = `inspection-${iid}/f-an`;
    const watch = await get('/watchlist?year=2026', hr);
    expect(watch.status).toBe(200);
    const an = watch.body.items.find((i: { staffId: string }) => i.staffId === 'an');
    // an's only signal was the excused delay: an is not on the watchlist at all.
    expect(an).toBeUndefined();
    const byUnit = await get('/watchlist?year=2026&unitId=xa', head);
    expect(byUnit.body.items.flatMap((i: { signals: Array<{ signal: string }> }) => i.signals.map((s) => s.signal))).not.toContain('deadline_missed');

    const trail = await get('/assignments/an-2/trail', hr);
    expect(trail.status).toBe(200);
    const missed = trail.body.steps.filter((s: { deadlineMissed: boolean }) => s.deadlineMissed);
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ holder: 'an', deadlineExcusedBy: finding });
    // On work with no finding nothing is excused.
    expect((await get('/assignments/b-1/trail', hr)).body.steps.every((s: Record<string, unknown>) => !('deadlineExcusedBy' in s))).toBe(true);

    // Withdrawn, the delay is charged again, on the watchlist and the trail.
    expect((await post(`/inspections/${iid}/findings/f-an/revision`, insp, { outcome: 'withdrawn', reason: 'Không mất điện' })).status).toBe(200);
    await waitFor(async () => {
      const [row] = await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-2'");
      return row && !row.delays[0]?.excusedBy ? true : undefined;
    });
    const again = (await get('/watchlist?year=2026', hr)).body.items.find((i: { staffId: string }) => i.staffId === 'an');
    expect(again).toMatchObject({ total: 1, signals: [{ signal: 'deadline_missed', count: 1 }], excusedDelays: [] });
    expect((await get('/assignments/an-2/trail', hr)).body.steps.find((s: { deadlineMissed: boolean }) => s.deadlineMissed).deadlineExcusedBy).toBeUndefined();
  });

  it("shows presence checks in the person's record and in the head's view", async () => {
    const binh = await get('/staff/binh/indicators?year=2026', hr);
    expect(binh.status).toBe(200);
    expect(binh.body.presenceChecks).toEqual([
      expect.objectContaining({ inspectionId: iid, visitId: 'v1', status: 'absent_unexcused', note: 'Không có mặt lúc 8:30', streamId: `inspection-${iid}`, revision: expect.any(Number) }),
    ]);
    expect((await get('/staff/binh/indicators?year=2025', hr)).body.presenceChecks).toEqual([]);
    // The person sees their own.
    expect((await get('/staff/binh/indicators?year=2026', await t.token('binh', ['staff']))).body.presenceChecks).toHaveLength(1);
    const view = await get('/heads/head/accountability?year=2026', head);
    const xa = view.body.units.find((u: { unitId: string }) => u.unitId === 'xa');
    expect(xa.presenceChecks).toMatchObject({ checked: 2, byStatus: { present: 1, absent_unexcused: 1 }, notPresent: [expect.objectContaining({ staffId: 'binh', status: 'absent_unexcused' })] });
  });

  it('Decree 48/2023: a discipline an earlier year\'s cycle already counted is not counted again, the trace names that cycle', async () => {
    // Decree 90/2020 as amended by Decree 48/2023 governs assessment years up to 2025 (Decree 335 has no such rule).
    await work('em-24', 'em', 'xb', 2024, false);
    await work('em-25', 'em', 'xb', 2025, false);
    await append('case-k48', [
      {
        type: 'CaseOpened',
        data: {
          caseId: 'k48', subjectId: 'em', subjectCategory: 'civil_servant', subjectIsLeader: false, openedBy: 'council-1', openedAt: '2024-05-01T02:00:00Z', processingDeadline: '2024-07-30',
          allegations: [{ id: 'v1', description: 'Để hồ sơ tồn đọng', violationDate: '2024-04-01', severity: 'less_serious', evidence: [] }],
        },
      },
      { type: 'DecisionIssued', data: { form: 'reprimand', decisionNo: 'QD-KL-48', effectiveFrom: '2024-06-01', relatedToDuties: true, allegationIds: ['v1'], decidedBy: 'chair', issuedAt: '2024-06-01T02:00:00Z', formsRegime: 'x' } },
      // The decider records the decision's consequences with it; classification reads those (issue 16).
      { type: 'ConsequencesRecorded', data: { subjectId: 'em', decisionNo: 'QD-KL-48', form: 'reprimand', consequences: decisionConsequences('reprimand', '2024-06-01', true), recordedAt: '2024-06-01T02:00:00Z' } },
    ]);
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_discipline_v1 WHERE case_id = 'k48' AND form IS NOT NULL"))[0]!.n > 0 ? true : undefined));
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_assignments_v1 WHERE assignment_id = 'em-25' AND quality = 'met'"))[0]!.n > 0 ? true : undefined));
    const rule = 'vn-decree-90-2020-48-2023/override/discipline';
    const classify = async (cycleId: string, year: number) => {
      expect((await post('/evaluation-cycles', hr, { cycleId, year, scopeUnitId: 'xb' })).status).toBe(201);
      expect((await post(`/evaluation-cycles/${cycleId}/general-criteria`, hr, { staffId: 'em', score: 25 })).status).toBe(200);
      expect((await post(`/evaluation-cycles/${cycleId}/classification-runs`, hr, {})).status).toBe(200);
      const res = await get(`/evaluation-cycles/${cycleId}/results`, hr);
      const em = res.body.items.find((i: { staffId: string }) => i.staffId === 'em');
      return { level: em.proposedLevel as string, override: em.trace.find((e: { rule: string }) => e.rule === rule) as { outcome: string; inputs: Record<string, unknown> } };
    };
    const y2024 = await classify('c-xb-2024', 2024);
    expect(y2024).toMatchObject({ level: 'not_completed', override: { outcome: 'applied', inputs: { countedViolations: 'k48:v1' } } });
    // The decision re-issued with effect in 2025 (set aside for procedure and issued again): the same violation.
    await append('case-k48', [
      { type: 'DecisionIssued', data: { form: 'reprimand', decisionNo: 'QD-KL-48b', effectiveFrom: '2025-02-01', relatedToDuties: true, allegationIds: ['v1'], decidedBy: 'chair', issuedAt: '2025-02-01T02:00:00Z', formsRegime: 'x' } },
      { type: 'ConsequencesRecorded', data: { subjectId: 'em', decisionNo: 'QD-KL-48b', form: 'reprimand', consequences: decisionConsequences('reprimand', '2025-02-01', true), recordedAt: '2025-02-01T02:00:00Z' } },
    ]);
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_discipline_v1 WHERE case_id = 'k48' AND decision_no = 'QD-KL-48b'"))[0]!.n > 0 ? true : undefined));
    const y2025 = await classify('c-xb-2025', 2025);
    expect(y2025.override).toMatchObject({ outcome: 'not_applied', inputs: { decisions: 1, countedViolations: null, countedInEarlierYear: 'k48:v1@c-xb-2024' } });
    expect(y2025.level).not.toBe('not_completed');
  });
});

import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '#event-store';
import { ProjectionRunner } from '#read-models';
import { dumpTables } from '../support/read-model-dump.js';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Issue 15 "Done when": a surprise inspection of a commune centre (xa) finds
 *   - a delay of officer `an` with an objective cause: an's Decree 335 score regains
 *     the deducted progress points (82.08 -> 85) and the period trace cites the finding;
 *   - avoidance confirmed for officer `binh` (a handoff pushing work away), which opens
 *     a disciplinary case with the finding as evidence;
 *   - corruption handled in the unit, with its head in direct charge: the head is not
 *     completed, the override traced with the finding;
 * the head's accountability view shows all three, and a personnel action follows
 * (binh transferred, the StaffTransferred event linked as its outcome). Then the
 * route x role matrix of every inspection route.
 */
describe('inspections and findings (issue 15)', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let hr: string;
  let insp: string;
  let head: string;
  const api = '/api/v1';
  const iid = 'ktcv-xa-2026';
  const meta = { actor: { sub: 'fixture', roles: ['importer'] } };
  const append = async (streamId: string, events: Array<{ type: string; data: Record<string, unknown> }>) => {
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta })), 'any');
  };
  const post = (path: string, token: string, body: Record<string, unknown>) => t.http().post(`${api}${path}`).set(...bearer(token)).send(body);
  const get = (path: string, token: string) => t.http().get(`${api}${path}`).set(...bearer(token));
  const waitFor = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** An assignment of `staffId` due on 20 March 2026, completed (late or not) and reviewed `met`. */
  const work = async (id: string, staffId: string, late: boolean, extra: Array<{ type: string; data: Record<string, unknown> }> = []) => {
    const due = '2026-03-20T10:00:00Z';
    const completedAt = late ? '2026-03-25T10:00:00Z' : '2026-03-15T10:00:00Z';
    await append(`assignment-${id}`, [
      {
        type: 'AssignmentIssued',
        data: { assignmentId: id, kind: 'dossier', unitId: 'xa', assignee: staffId, title: 't', description: 'd', deliverable: 'r', successCriteria: 's', assignedBy: 'head', authorityBasis: 'b', dueAt: due, responsible: staffId, issuedAt: '2026-03-01T02:00:00Z' },
      },
      ...extra,
      { type: 'AssignmentCompleted', data: { assignmentId: id, deliverableRef: 'x', completedBy: staffId, completedAt, dueAt: due, late } },
      { type: 'CompletionReviewed', data: { assignmentId: id, quality: 'met', reviewedBy: 'head', comment: null, reviewedAt: completedAt } },
    ]);
  };
  const results = async () => {
    const res = await get('/evaluation-cycles/c-xa-2026/results', hr);
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.items.map((i: { staffId: string }) => [i.staffId, i])) as Record<
      string,
      { proposedLevel: string; score: number; trace: Array<{ rule: string; outcome: string; inputs: Record<string, unknown>; effect?: string }> }
    >;
  };

  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    hr = await t.token('hr-1', ['hr'], ['*']);
    insp = await t.token('insp-1', ['inspector'], ['prov']);
    head = await t.token('head', ['unit_head', 'staff'], ['xa']);
    for (const [unitId, name, parentUnitId] of [['prov', 'UBND tỉnh', undefined], ['xa', 'Trung tâm phục vụ hành chính công xã', 'prov'], ['other', 'Xã khác', 'prov']] as const) {
      expect((await post('/units', hr, { unitId, name, establishedOn: '2020-01-01', ...(parentUnitId && { parentUnitId }) })).status).toBe(201);
    }
    for (const [staffId, unitId] of [['head', 'xa'], ['an', 'xa'], ['binh', 'xa'], ['chi', 'xa'], ['dung', 'other']]) {
      expect((await post('/staff', hr, { staffId, personnelCode: `P-${staffId}`, fullName: `Nguyễn ${staffId}`, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2020-01-01' })).status).toBe(201);
    }
    expect((await post('/staff/head/leadership', hr, { role: 'head', unitId: 'xa', effectiveOn: '2024-01-01' })).status).toBe(200);
    // an: one item on time, one late (the delay the inspection will excuse).
    await work('an-1', 'an', false);
    await work('an-2', 'an', true);
    // binh pushes a dossier to chi (the handoff is the avoidance evidence), then does his own on time.
    await append('assignment-bp', [
      { type: 'AssignmentIssued', data: { assignmentId: 'bp', kind: 'dossier', unitId: 'xa', assignee: 'binh', title: 't', description: 'd', deliverable: 'r', successCriteria: 's', assignedBy: 'head', authorityBasis: 'b', dueAt: '2026-03-20T10:00:00Z', responsible: 'binh', issuedAt: '2026-03-01T02:00:00Z' } },
      { type: 'AssignmentHandedOff', data: { assignmentId: 'bp', from: 'binh', to: 'chi', reason: 'outside_authority', justification: 'not mine', by: 'binh', responsible: 'chi', toUnitId: null, pingPong: false, handedOffAt: '2026-03-02T02:00:00Z' } },
    ]);
    await work('b-1', 'binh', false);
    await work('c-1', 'chi', false);
    await work('h-1', 'head', false);
    await work('d-1', 'dung', true);
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_assignments_v1 WHERE assignment_id = 'd-1' AND quality = 'met'"))[0]!.n > 0 ? true : undefined));
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM assignment_board_v1 WHERE id = 'd-1'"))[0]!.n > 0 ? true : undefined));
  });
  afterAll(async () => {
    await store.close();
    await t.close();
  });

  it('runs the whole story: surprise inspection, three findings, the classification, the head\'s view and a personnel action', async () => {
    // A 2026 cycle for the commune centre, classified before the inspection: an carries the delay.
    expect((await post('/evaluation-cycles', hr, { cycleId: 'c-xa-2026', year: 2026, scopeUnitId: 'xa' })).status).toBe(201);
    for (const [staffId, score] of [['an', 15], ['binh', 15], ['chi', 15], ['head', 25]] as const) {
      expect((await post('/evaluation-cycles/c-xa-2026/general-criteria', hr, { staffId, score })).status).toBe(200);
    }
    expect((await post('/evaluation-cycles/c-xa-2026/classification-runs', hr, {})).status).toBe(200);
    const before = await results();
    expect(before.an!.score).toBe(82.08);
    const headBefore = before.head!.proposedLevel;
    expect(headBefore).not.toBe('not_completed');

    // The surprise plan: invisible to the commune's head until it starts.
    expect((await post('/inspections', insp, {
      inspectionId: iid, kind: 'surprise', decisionNo: '15/QĐ-KTCV', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1',
      subject: 'Giờ làm việc, giải quyết hồ sơ', plannedStart: '2026-06-10',
    })).status).toBe(201);
    expect((await get(`/inspections/${iid}`, head)).status).toBe(404);
    expect((await get('/inspections', head)).body.items).toEqual([]);
    expect((await get(`/inspections/${iid}`, insp)).body).toMatchObject({ visibility: 'full', status: 'planned' });

    expect((await post(`/inspections/${iid}/start`, insp, {})).status).toBe(200);
    const progress = await get(`/inspections/${iid}`, head);
    expect(progress.body).toMatchObject({ visibility: 'progress', status: 'started' });
    expect(progress.body.findings).toBeUndefined();
    expect((await get('/inspections', head)).body.items.map((i: { id: string }) => i.id)).toEqual([iid]);
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v1', unitId: 'xa', notes: '7:45, bộ phận một cửa' })).status).toBe(200);
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v2', unitId: 'other', notes: '' })).body.code).toBe('inspection.outside_scope');
    expect((await post(`/inspections/${iid}/presence-checks`, insp, { visitId: 'v1', checks: [{ staffId: 'an', status: 'present' }, { staffId: 'binh', status: 'absent_unexcused' }] })).status).toBe(200);
    // Findings are attached to the conclusion: none before it.
    const early = await post(`/inspections/${iid}/findings`, insp, { findingId: 'f0', kind: 'degradation_concluded', staffId: 'binh', competentBody: 'x', description: 'd', evidence: [] });
    expect(early.body.code).toBe('inspection.not_concluded');
    expect((await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: '22/KL-KTCV', concludedOn: '2026-06-20', signer: 'Trưởng đoàn', summary: 'Kết luận kiểm tra' })).status).toBe(200);

    // Bad findings are refused, nothing written.
    const eventsBefore = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'inspection-${iid}'`))[0]!.n;
    const ghost = await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'avoidance_confirmed', staffId: 'binh', behaviours: ['pushing_work'], description: 'd', evidence: [{ streamId: 'assignment-bp', revision: 42 }] });
    expect(ghost.status).toBe(422);
    expect(ghost.body).toMatchObject({ code: 'inspection.evidence_not_found', errors: [{ field: 'evidence[0]' }] });
    const outside = await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'objective_cause', staffId: 'dung', assignmentId: 'd-1', failure: 'delay', description: 'd', evidence: [{ streamId: 'assignment-d-1', revision: 0 }] });
    expect(outside.status).toBe(422);
    expect(outside.body.code).toBe('inspection.outside_scope');
    const noDelay = await post(`/inspections/${iid}/findings`, insp, { findingId: 'fx', kind: 'objective_cause', staffId: 'an', assignmentId: 'an-1', failure: 'delay', description: 'd', evidence: [] });
    expect(noDelay.body.code).toBe('inspection.failure_not_on_record');
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'inspection-${iid}'`))[0]!.n).toBe(eventsBefore);

    // 1. The objective cause of an's delay.
    expect((await post(`/inspections/${iid}/findings`, insp, {
      findingId: 'f-an', kind: 'objective_cause', staffId: 'an', assignmentId: 'an-2', failure: 'delay',
      description: 'Hệ thống đăng ký đất đai ngừng hoạt động 5 ngày', evidence: [{ streamId: 'assignment-an-2', revision: 1 }],
    })).status).toBe(201);
    // 2. Avoidance confirmed for binh, the handoff as evidence.
    expect((await post(`/inspections/${iid}/findings`, insp, {
      findingId: 'f-binh', kind: 'avoidance_confirmed', staffId: 'binh', behaviours: ['pushing_work'],
      description: 'Đẩy hồ sơ thuộc thẩm quyền sang đồng nghiệp', evidence: [{ streamId: 'assignment-bp', revision: 1 }],
    })).status).toBe(201);
    // 3. Corruption handled in the unit, its head in direct charge.
    expect((await post(`/inspections/${iid}/findings`, insp, {
      findingId: 'f-xa', kind: 'corruption_or_waste_handled', unitId: 'xa', leadersInDirectCharge: ['head'],
      description: 'Nhận tiền ngoài quy định khi giải quyết hồ sơ', evidence: [],
    })).status).toBe(201);

    // The head sees the results now that the inspection is concluded.
    const seen = await get(`/inspections/${iid}`, head);
    expect(seen.body.visibility).toBe('results');
    expect(seen.body.findings.map((f: { findingId: string }) => f.findingId)).toEqual(['f-an', 'f-binh', 'f-xa']);

    // The lateness leaves an's indicators, with the finding as the reason.
    await waitFor(async () => {
      const [row] = await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-2'");
      return row?.delays[0]?.excusedBy ? true : undefined;
    });
    const ind = await get('/staff/an/indicators?year=2026', hr);
    expect(ind.body.totals).toMatchObject({ assigned: 2, late: 0, completedOnTime: 2 });
    expect(ind.body.excusedDelays).toEqual([{ assignmentId: 'an-2', dueAt: '2026-03-20T10:00:00.000Z', finding: `inspection-${iid}/f-an` }]);
    const [delay] = (await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-2'"))[0]!.delays;
    expect(delay!.excusedBy).toBe(`inspection-${iid}/f-an`);

    // The avoidance finding opens a case with the finding as evidence.
    const opened = await post(`/inspections/${iid}/findings/f-binh/disciplinary-case`, hr, { caseId: 'k-binh', violationDate: '2026-03-02', severity: 'reprimand_level' });
    expect(opened.status).toBe(201);
    const [caseOpened] = await t.sql<{ data: { allegations: Array<{ evidence: Array<{ streamId: string; revision: number }> }> } }>(
      "SELECT data FROM events WHERE stream_id = 'case-k-binh' AND type = 'CaseOpened'",
    );
    const findingRevision = (await t.sql<{ revision: number }>(`SELECT revision::int AS revision FROM events WHERE stream_id = 'inspection-${iid}' AND type = 'FindingRecorded' AND data->>'findingId' = 'f-binh'`))[0]!.revision;
    expect(caseOpened!.data.allegations[0]!.evidence).toEqual([{ streamId: `inspection-${iid}`, revision: findingRevision }, { streamId: 'assignment-bp', revision: 1 }]);
    expect((await post(`/inspections/${iid}/findings/f-an/disciplinary-case`, hr, { violationDate: '2026-03-02', severity: 'reprimand_level' })).body.code).toBe('inspection.finding_not_disciplinary');

    // The classification again: the findings drive the rules.
    expect((await post('/evaluation-cycles/c-xa-2026/classification-runs', hr, {})).status).toBe(200);
    const after = await results();
    expect(after.an!.score).toBe(85);
    const m3 = after.an!.trace.find((e) => e.rule === 'vn-decree-335-2025/scoring/period/M3')!;
    expect(m3.inputs).toMatchObject({ delays: 1, delaysWithObjectiveCause: 1, delaysObjectiveCauseFindings: `inspection-${iid}/f-an` });
    expect(after.head!.proposedLevel).toBe('not_completed');
    const override = after.head!.trace.find((e) => e.rule === 'vn-decree-335-2025/override/unit-corruption-or-waste')!;
    expect(override).toMatchObject({ outcome: 'applied', effect: 'not_completed', inputs: { unitHandledForCorruptionOrWaste: true, findings: `inspection-${iid}/f-xa` } });

    // The head's accountability view shows all three findings and the rules they fed.
    const view = await get('/heads/head/accountability?year=2026', head);
    expect(view.status).toBe(200);
    const xa = view.body.units.find((u: { unitId: string }) => u.unitId === 'xa');
    expect(xa.findings.map((f: { kind: string }) => f.kind).sort()).toEqual(['avoidance_confirmed', 'corruption_or_waste_handled', 'objective_cause']);
    expect(xa.avoidanceSignals).toMatchObject({ handoff_initiated: 1 });
    expect(xa.avoidanceSignals.deadline_missed ?? 0).toBe(0);
    expect(xa.excusedDelays).toEqual([{ staffId: 'an', assignmentId: 'an-2', dueAt: '2026-03-20T10:00:00.000Z', finding: `inspection-${iid}/f-an` }]);
    expect(xa.staffNotCompleted).toMatchObject({ classified: 3 });
    expect(view.body.classificationRules).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'vn-decree-335-2025/override/unit-corruption-or-waste', outcome: 'applied' })]));
    expect((await get('/heads/head/accountability?year=2026', insp)).status).toBe(200);
    expect((await get('/heads/head/accountability?year=2026', await t.token('an', ['staff']))).status).toBe(404);
    expect((await get('/heads/head/accountability?year=2026', await t.token('hr-o', ['hr'], ['other']))).status).toBe(404);

    // A personnel action follows: binh transferred to other work, the transfer linked as its outcome.
    expect((await post('/personnel-actions', hr, { actionId: 'pa-dismiss', staffId: 'binh', kind: 'dismissal', reason: 'r', basis: { findings: [{ inspectionId: iid, findingId: 'f-binh' }], results: [], events: [] } })).body.code)
      .toBe('personnel_action.dismissal_not_provided');
    expect((await post('/personnel-actions', hr, { actionId: 'pa-ghost', staffId: 'binh', kind: 'review', reason: 'r', basis: { findings: [{ inspectionId: iid, findingId: 'f-an' }], results: [], events: [] } })).body.code)
      .toBe('personnel_action.invalid');
    expect((await post('/personnel-actions', hr, {
      actionId: 'pa-binh', staffId: 'binh', kind: 'transfer', reason: 'Né tránh, đẩy việc: chuyển sang vị trí khác',
      basis: { findings: [{ inspectionId: iid, findingId: 'f-binh' }], results: [{ cycleId: 'c-xa-2026', year: 2026, level: after.binh!.proposedLevel }], events: [] },
    })).status).toBe(201);
    expect((await post('/personnel-actions/pa-binh/outcome', hr, { outcome: { streamId: 'staff-binh', revision: 0 }, note: '' })).body.code).toBe('personnel_action.not_approved');
    expect((await post('/personnel-actions/pa-binh/decision', hr, { decision: 'approved', decisionNo: '31/QĐ-UBND', note: '' })).status).toBe(200);
    expect((await post('/staff/binh/transfers', hr, { toUnitId: 'other', effectiveOn: '2026-07-01', decisionRef: '31/QĐ-UBND' })).status).toBe(200);
    const transferRev = (await t.sql<{ revision: number }>("SELECT revision::int AS revision FROM events WHERE stream_id = 'staff-binh' AND type = 'StaffTransferred'"))[0]!.revision;
    expect((await post('/personnel-actions/pa-binh/outcome', hr, { outcome: { streamId: 'staff-binh', revision: 0 }, note: '' })).body.code).toBe('personnel_action.wrong_outcome');
    expect((await post('/personnel-actions/pa-binh/outcome', hr, { outcome: { streamId: 'staff-binh', revision: transferRev }, note: 'Đã điều động' })).status).toBe(200);
    const action = await get('/personnel-actions/pa-binh', hr);
    expect(action.body).toMatchObject({ status: 'carried_out', kind: 'transfer', outcome: { outcomeType: 'StaffTransferred', outcome: { streamId: 'staff-binh', revision: transferRev } } });
    expect((await get('/personnel-actions?staffId=binh', hr)).body.items).toHaveLength(1);

    // The person a finding is about sees it (and only theirs); another officer sees nothing.
    const mine = await get(`/inspections/${iid}`, await t.token('an', ['staff']));
    expect(mine.body).toMatchObject({ visibility: 'own_findings', conclusion: { conclusionNo: '22/KL-KTCV' } });
    expect(mine.body.findings.map((f: { findingId: string }) => f.findingId)).toEqual(['f-an']);
    expect((await get(`/inspections/${iid}`, await t.token('chi', ['staff']))).status).toBe(404);

    // A contested finding withdrawn by the inspection restores the lateness.
    expect((await post(`/inspections/${iid}/findings/f-an/contest`, await t.token('an', ['staff']), { grounds: 'x' })).status).toBe(200);
    expect((await post(`/inspections/${iid}/findings/f-an/revision`, insp, { outcome: 'withdrawn', reason: 'Hệ thống không ngừng hoạt động' })).status).toBe(200);
    await waitFor(async () => {
      const [row] = await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-2'");
      return row && !row.delays[0]?.excusedBy ? true : undefined;
    });
    const restored = await get('/staff/an/indicators?year=2026', hr);
    expect(restored.body.totals).toMatchObject({ late: 1, completedOnTime: 1 });
    expect(restored.body.excusedDelays).toEqual([]);
  });

  it('rebuilt inspections and indicators (excused delays, withdrawals) equal the incremental ones', async () => {
    const runner = t.app.get(ProjectionRunner);
    const names = ['inspections_v1', 'staff_indicators_v1'];
    const tables = runner.projections.filter((p) => names.includes(p.name)).flatMap((p) => p.tables);
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await runner.waitFor(BigInt(head), 60_000, true)).toBe(true);
    const incremental = await dumpTables(t.db.url, tables);
    expect(incremental.inspection_findings_v1).toHaveLength(3);
    const last = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    for (const name of names) await runner.rebuild(name);
    expect(await runner.waitFor(BigInt(last), 60_000, true)).toBe(true);
    expect(await dumpTables(t.db.url, tables)).toEqual(incremental);
  });

  describe('route x role (every inspection route)', () => {
    const other = 'ktcv-matrix';
    beforeAll(async () => {
      expect((await post('/inspections', insp, { inspectionId: other, kind: 'surprise', decisionNo: 'x', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 's', plannedStart: '2026-07-01' })).status).toBe(201);
    });
    const routes: Array<{ route: string; body: Record<string, unknown>; expect: Record<string, number> }> = [
      // staff, unit_head, hr are refused by role (403); an inspector off the team who sees it: 403; one with no scope over it: 404.
      { route: 'POST /inspections', body: { inspectionId: 'm2', kind: 'scheduled', decisionNo: 'x', scopeUnitIds: ['xa'], team: ['insp-9'], leadInspector: 'insp-9', subject: 's', plannedStart: '2026-07-01' }, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 403 } },
      { route: `POST /inspections/${other}/start`, body: {}, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 404 } },
      { route: `POST /inspections/${other}/visits`, body: { visitId: 'v1', unitId: 'xa', notes: '' }, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 404 } },
      { route: `POST /inspections/${other}/presence-checks`, body: { visitId: 'v1', checks: [{ staffId: 'an', status: 'present' }] }, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 404 } },
      { route: `POST /inspections/${other}/conclusion`, body: { conclusionNo: 'x', concludedOn: '2026-07-02', signer: 's', summary: 's' }, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 404 } },
      { route: `POST /inspections/${other}/findings`, body: { findingId: 'f1', kind: 'degradation_concluded', staffId: 'an', competentBody: 'x', description: 'd', evidence: [] }, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 404 } },
      { route: `POST /inspections/${other}/findings/f1/revision`, body: { outcome: 'upheld', reason: 'r' }, expect: { staff: 403, unitHead: 403, hr: 403, inspectorOffTeam: 403, inspectorOutOfScope: 404 } },
      // Contest: inspectors are refused by role; the head does not see a surprise plan before its start.
      { route: `POST /inspections/${other}/findings/f1/contest`, body: { grounds: 'g' }, expect: { inspectorOffTeam: 403, unitHeadOutOfScope: 404, unitHead: 404 } },
      { route: `POST /inspections/${other}/findings/f1/disciplinary-case`, body: { violationDate: '2026-03-02', severity: 'reprimand_level' }, expect: { staff: 403, unitHead: 403, inspectorOffTeam: 403, hrOutOfScope: 404 } },
      { route: `GET /inspections/${other}`, body: {}, expect: { unitHead: 404, hrOutOfScope: 404, inspectorOutOfScope: 404, staff: 404 } },
      { route: 'GET /inspections', body: {}, expect: { integration: 403 } },
      { route: 'GET /heads/head/accountability?year=2026', body: {}, expect: { integration: 403, council: 403, hrOutOfScope: 404, staff: 404 } },
      { route: 'POST /personnel-actions', body: { staffId: 'an', kind: 'review', reason: 'r', basis: { findings: [], results: [], events: [] } }, expect: { staff: 403, unitHead: 403, inspectorOffTeam: 403, hrOutOfScope: 403 } },
      { route: 'POST /personnel-actions/pa-binh/decision', body: { decision: 'approved', decisionNo: 'x', note: '' }, expect: { staff: 403, unitHead: 403, inspectorOffTeam: 403, hrOutOfScope: 404 } },
      { route: 'POST /personnel-actions/pa-binh/outcome', body: { outcome: { streamId: 'staff-binh', revision: 0 }, note: '' }, expect: { staff: 403, unitHead: 403, inspectorOffTeam: 403, hrOutOfScope: 404 } },
      { route: 'GET /personnel-actions', body: {}, expect: { staff: 403, integration: 403 } },
      { route: 'GET /personnel-actions/pa-binh', body: {}, expect: { staff: 404, hrOutOfScope: 404, integration: 403 } },
    ];
    const callers = async (): Promise<Record<string, string>> => ({
      staff: await t.token('chi', ['staff']),
      unitHead: await t.token('head', ['unit_head', 'staff'], ['xa']),
      unitHeadOutOfScope: await t.token('head-o', ['unit_head'], ['other']),
      hr: hr,
      hrOutOfScope: await t.token('hr-o', ['hr'], ['other']),
      inspectorOffTeam: await t.token('insp-2', ['inspector'], ['prov']),
      inspectorOutOfScope: await t.token('insp-3', ['inspector'], ['other']),
      integration: await t.token('feed', ['integration'], ['*']),
      council: await t.token('c1', ['council'], ['xa']),
    });

    it.each(routes.map((r) => [r.route, r] as const))('%s: 401 without a token; each refused caller gets its status; nothing is written', async (_name, r) => {
      const [verb, path] = r.route.split(' ') as ['GET' | 'POST', string];
      const send = (token?: string) => {
        const req = verb === 'GET' ? t.http().get(`${api}${path}`) : t.http().post(`${api}${path}`).send(r.body);
        return token ? req.set(...bearer(token)) : req;
      };
      expect((await send()).status).toBe(401);
      const before = (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;
      const who = await callers();
      for (const [name, status] of Object.entries(r.expect)) {
        const res = await send(who[name]);
        expect({ name, status: res.status }).toEqual({ name, status });
      }
      expect((await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n).toBe(before);
    });

    it('the team inspector reaches the domain on every team route (a rule answers, never 401/403/404)', async () => {
      for (const r of routes.filter((x) => x.route.startsWith(`POST /inspections/${other}`) && !x.route.includes('contest') && !x.route.includes('disciplinary-case'))) {
        const res = await post(r.route.slice('POST '.length), insp, r.body);
        expect({ route: r.route, refused: [401, 403, 404].includes(res.status) }).toEqual({ route: r.route, refused: false });
      }
    });
  });
});

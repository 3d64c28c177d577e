import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Issue 15, defects left by the review (each assertion below failed on the code before the fix,
 * except the server-generated id, which is the documented answer to id probing):
 *   1. the audit routes verify an inspection stream for whoever may see its results (the
 *      inspected unit's head, council with the unit in scope) once concluded, and for nobody
 *      outside the team / whole-store before a surprise inspection starts;
 *   2. evidence in commendation, cycle and other inspection streams is placed and held to the scope;
 *   3. POST /inspections without an id answers a server-generated id;
 *   4. open work past due whose missed date an objective-cause finding excused is not counted;
 *   5. an excused delay is matched to its signal by the work's stream and the event, not the due date's text.
 */
describe('inspections: audit, evidence placement, watchlist (issue 15 review)', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let hr: string;
  let insp: string;
  let head: string;
  let council: string;
  let councilOther: string;
  const api = '/api/v1';
  const iid = 'ktcv-audit';
  const meta = { actor: { sub: 'fixture', roles: ['importer'] } };
  const append = async (streamId: string, events: Array<{ type: string; data: Record<string, unknown> }>) => {
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta })), 'any');
  };
  const post = (path: string, token: string, body: Record<string, unknown>) => t.http().post(`${api}${path}`).set(...bearer(token)).send(body);
  const get = (path: string, token: string) => t.http().get(`${api}${path}`).set(...bearer(token));
  const verify = async (stream: string, token: string) => (await get(`/audit/verify?stream=${stream}`, token)).status;
  /** Polls until the probe answers; a hang guard (not a timed assertion) fails the test instead of blocking the file. */
  const waitFor = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 1200; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gave up waiting for ${probe.toString().slice(0, 200)}`);
  };

  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    hr = await t.token('hr-1', ['hr'], ['*']);
    insp = await t.token('insp-1', ['inspector'], ['prov']);
    head = await t.token('head', ['unit_head', 'staff'], ['xa']);
    council = await t.token('council-xa', ['council'], ['xa']);
    councilOther = await t.token('council-other', ['council'], ['other']);
    for (const [unitId, parentUnitId] of [['prov', undefined], ['xa', 'prov'], ['other', 'prov']] as const) {
      expect((await post('/units', hr, { unitId, name: `Unit ${unitId}`, establishedOn: '2020-01-01', ...(parentUnitId && { parentUnitId }) })).status).toBe(201);
    }
    for (const [staffId, unitId] of [['head', 'xa'], ['an', 'xa'], ['dung', 'other']]) {
      expect((await post('/staff', hr, { staffId, personnelCode: `P-${staffId}`, fullName: `Nguyễn ${staffId}`, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2020-01-01' })).status).toBe(201);
    }
    expect((await post('/staff/head/leadership', hr, { role: 'head', unitId: 'xa', effectiveOn: '2024-01-01' })).status).toBe(200);
    // Open work of an's, due 20 March 2026: a progress report on the 25th shows the date passed; still open.
    const due = '2026-03-20T10:00:00Z';
    await append('assignment-an-open', [
      {
        type: 'AssignmentIssued',
        data: { assignmentId: 'an-open', kind: 'dossier', unitId: 'xa', assignee: 'an', title: 't', description: 'd', deliverable: 'r', successCriteria: 's', assignedBy: 'head', authorityBasis: 'b', dueAt: due, responsible: 'an', issuedAt: '2026-03-01T02:00:00Z' },
      },
      { type: 'ProgressReported', data: { assignmentId: 'an-open', reportedBy: 'an', percentComplete: 50, note: 'Chờ hệ thống', reportedAt: '2026-03-25T10:00:00Z' } },
    ]);
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM responsibility_trail_v1 WHERE assignment_id = 'an-open' AND deadlines_missed > 0"))[0]!.n > 0 ? true : undefined));
    await waitFor(async () => ((await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_assignments_v1 WHERE assignment_id = 'an-open' AND missed_by = 'an'"))[0]!.n > 0 ? true : undefined));
  });
  afterAll(async () => {
    await store.close();
    await t.close();
  });

  it('verifies an inspection stream for whoever may see its results, and for nobody else before a surprise starts', async () => {
    const stream = `inspection-${iid}`;
    expect((await post('/inspections', insp, { inspectionId: iid, kind: 'surprise', decisionNo: '8/QĐ-KTCV', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 'Giờ làm việc', plannedStart: '2026-06-10' })).status).toBe(201);
    // Before the start: the team and whole-store callers only; 404 for the rest, as for a stream that does not exist.
    expect(await verify(stream, insp)).toBe(200);
    expect(await verify(stream, hr)).toBe(200); // whole-store scope
    for (const token of [head, council, councilOther, await t.token('hr-xa', ['hr'], ['xa'])]) expect(await verify(stream, token)).toBe(404);
    expect(await verify('inspection-never-planned', head)).toBe(404);
    expect((await post(`/inspections/${iid}/start`, insp, {})).status).toBe(200);
    expect((await post(`/inspections/${iid}/visits`, insp, { visitId: 'v1', unitId: 'xa', notes: '' })).status).toBe(200);
    // Started, not concluded: the results (and the record) are still the team's; the visit names xa, yet the head may not verify.
    for (const token of [head, council]) expect(await verify(stream, token)).toBe(404);
    expect((await post(`/inspections/${iid}/conclusion`, insp, { conclusionNo: '11/KL-KTCV', concludedOn: '2026-06-20', signer: 'Trưởng đoàn', summary: 'Kết luận' })).status).toBe(200);
    // Concluded: the inspected unit's head and council with the unit in scope verify; council elsewhere does not.
    for (const token of [head, council]) {
      const res = await get(`/audit/verify?stream=${stream}`, token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, streamsChecked: 1, broken: [] });
    }
    expect(await verify(stream, councilOther)).toBe(404);
    expect(await verify(stream, await t.token('hr-xa', ['hr'], ['xa']))).toBe(200);
    expect(await verify(stream, await t.token('hr-other', ['hr'], ['other']))).toBe(404);
    // hr and unit heads verify streams, not the whole store; staff may not verify at all.
    expect((await get('/audit/verify', head)).status).toBe(403);
    expect((await get(`/audit/verify?stream=${stream}`, await t.token('an', ['staff'], ['xa']))).status).toBe(403);
  });

  it('places commendations, cycles and other inspections, and refuses evidence outside the scope', async () => {
    const other = await post('/inspections', insp, { inspectionId: 'ktcv-other', kind: 'scheduled', decisionNo: '9/QĐ-KTCV', scopeUnitIds: ['other'], team: ['insp-1'], leadInspector: 'insp-1', subject: 's', plannedStart: '2026-06-10' });
    expect(other.status).toBe(201);
    const grant = async (id: string, staffId: string) =>
      expect((await post('/commendations', hr, { commendationId: id, recipient: { kind: 'person', id: staffId }, form: 'Giấy khen', level: 'department', decisionNo: `${id}/QĐ`, decidedBy: 'Giám đốc', reason: 'r' })).status).toBe(201);
    await grant('kt-dung', 'dung');
    await grant('kt-an', 'an');
    expect((await post('/evaluation-cycles', hr, { cycleId: 'cy-other', year: 2026, scopeUnitId: 'other' })).status).toBe(201);
    const before = (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'inspection-${iid}'`))[0]!.n;
    for (const streamId of ['commendation-kt-dung', 'cycle-cy-other', 'inspection-ktcv-other']) {
      const res = await post(`/inspections/${iid}/findings`, insp, { kind: 'violation_to_discipline', staffId: 'an', description: 'd', evidence: [{ streamId, revision: 0 }] });
      expect({ streamId, status: res.status, code: res.body.code, errors: res.body.errors }).toEqual({ streamId, status: 422, code: 'inspection.outside_scope', errors: [expect.objectContaining({ field: 'evidence[0]' })] });
    }
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'inspection-${iid}'`))[0]!.n).toBe(before);
    // Inside the scope: the commendation of an's and the inspection's own stream pass.
    const ok = await post(`/inspections/${iid}/findings`, insp, { findingId: 'f-kt', kind: 'violation_to_discipline', staffId: 'an', description: 'd', evidence: [{ streamId: 'commendation-kt-an', revision: 0 }, { streamId: `inspection-${iid}`, revision: 0 }] });
    expect(ok.status).toBe(201);
  });

  it('answers a server-generated id when the plan names none (a client-chosen id can be probed: 409 for a taken one)', async () => {
    const res = await post('/inspections', insp, { kind: 'surprise', decisionNo: '10/QĐ-KTCV', scopeUnitIds: ['xa'], team: ['insp-1'], leadInspector: 'insp-1', subject: 's', plannedStart: '2026-06-10' });
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.location).toBe(`/api/v1/inspections/${res.body.id}`);
    expect((await get(`/inspections/${res.body.id}`, insp)).body).toMatchObject({ id: res.body.id, plan: { kind: 'surprise' } });
  });

  it('counts neither the missed date nor the open work past due an objective cause excused, matched by event identity', async () => {
    const finding = `inspection-${iid}/f-open`;
    expect((await post(`/inspections/${iid}/findings`, insp, {
      findingId: 'f-open', kind: 'objective_cause', staffId: 'an', assignmentId: 'an-open', failure: 'delay', description: 'Hệ thống một cửa ngừng 10 ngày', evidence: [{ streamId: 'assignment-an-open', revision: 1 }],
    })).status).toBe(201);
    await waitFor(async () => {
      const [row] = await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-open'");
      return row?.delays[0]?.excusedBy ? true : undefined;
    });
    // The delay keeps the id of the event that showed the date passed (the progress report).
    const [{ id: reportId }] = await t.sql<{ id: string }>("SELECT id::text FROM events WHERE stream_id = 'assignment-an-open' AND type = 'ProgressReported'");
    const [{ delays }] = await t.sql<{ delays: Array<Record<string, unknown>> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-open'");
    expect(delays).toEqual([{ staffId: 'an', dueAt: expect.stringMatching(/^2026-03-20T10:00:00(\.000)?Z$/), eventId: reportId, excusedBy: finding }]);
    // The signal's due date written another way (the same instant): still the same delay, still excused.
    await t.sql("UPDATE avoidance_signals_v1 SET detail = jsonb_set(detail, '{dueAt}', '\"2026-03-20T17:00:00+07:00\"') WHERE stream_id = 'assignment-an-open' AND signal = 'deadline_missed'");

    const watch = await get('/watchlist?year=2026', hr);
    expect(watch.status).toBe(200);
    // an's only signals were the excused delay and the open work past due it excused: an is not on the watchlist.
    expect(watch.body.items.find((i: { staffId: string }) => i.staffId === 'an')).toBeUndefined();
    const byUnit = await get('/watchlist?year=2026&unitId=xa', head);
    expect(byUnit.status).toBe(200);
    expect(byUnit.body.items.flatMap((i: { signals: Array<{ signal: string }> }) => i.signals.map((s) => s.signal))).toEqual([]);

    // Withdrawn: the missed date and the open work past due are charged again.
    expect((await post(`/inspections/${iid}/findings/f-open/revision`, insp, { outcome: 'withdrawn', reason: 'Hệ thống vẫn chạy' })).status).toBe(200);
    await waitFor(async () => {
      const [row] = await t.sql<{ delays: Array<{ excusedBy?: string }> }>("SELECT delays FROM indicator_assignments_v1 WHERE assignment_id = 'an-open'");
      return row && !row.delays[0]?.excusedBy ? true : undefined;
    });
    const an = (await get('/watchlist?year=2026', hr)).body.items.find((i: { staffId: string }) => i.staffId === 'an');
    expect(an).toMatchObject({ total: 2, excusedDelays: [] });
    expect(an.signals.map((s: { signal: string }) => s.signal).sort()).toEqual(['deadline_missed', 'open_past_due']);
  });
});

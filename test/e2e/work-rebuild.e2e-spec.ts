import { ProjectionRunner } from '#read-models';
import { bearer, createTestApp, type TestApp } from '../support/app.js';
import { dumpTables } from '../support/read-model-dump.js';

const DAY = 86_400_000;
const due = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const ago = (days: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - days * DAY).toISOString();

describe('work read models: rebuild and incremental results are identical', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('replays assignment_board_v1, responsibility_trail_v1 and personnel_v1 from scratch into the same rows', async () => {
    const hr = await t.token('hr-1', ['hr', 'importer'], ['*']);
    const post = (path: string, body: Record<string, unknown>) => t.http().post(`/api/v1${path}`).set(...bearer(hr)).send(body);
    await post('/units', { unitId: 'tinh', name: 'Tỉnh', establishedOn: '2025-07-01' }).expect(201);
    await post('/units', { unitId: 'u1', name: 'U1', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    await post('/units', { unitId: 'u2', name: 'U2', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    for (const [staffId, unitId] of [['s1', 'u1'], ['s2', 'u1'], ['s3', 'u2']] as const) {
      await post('/staff', { staffId, personnelCode: staffId, fullName: staffId, category: 'civil_servant', unitId, jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
    }
    await post('/staff/s3/leadership', { role: 'head', unitId: 'u2', effectiveOn: '2024-01-01' }).expect(200);
    const clear = { title: 'T', description: 'D', deliverable: 'R', successCriteria: 'C', assignedBy: 'hr-1', authorityBasis: 'QĐ' };
    for (let i = 0; i < 12; i++) {
      const id = `w${String(i).padStart(2, '0')}`;
      await post('/assignments', { assignmentId: id, assignee: i % 2 ? 's1' : 's2', ...clear, dueAt: i % 3 ? due(5) : ago(1), occurredAt: ago(4) }).expect(201);
      if (i % 2 === 0) await post(`/assignments/${id}/handoffs`, { to: 's1', reason: 'reassignment', justification: 'load', occurredAt: ago(3) }).expect(200);
      if (i % 4 === 0) await post(`/assignments/${id}/handoffs`, { to: 's2', reason: 'escalation', justification: 'back', occurredAt: ago(2) }).expect(200);
      if (i === 5) await post(`/assignments/${id}/cancellation`, { reason: 'no longer needed' }).expect(200);
    }
    await post('/units/u1/merger', { intoUnitId: 'u2', mergedOn: '2026-01-01', decisionRef: '9/QĐ' }).expect(200);

    const runner = t.app.get(ProjectionRunner);
    const names = ['personnel_v1', 'assignment_board_v1', 'responsibility_trail_v1'];
    const tables = runner.projections.filter((p) => names.includes(p.name)).flatMap((p) => p.tables);
    // Commands do not wait for projections: let them apply everything before the first dump.
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await runner.waitFor(BigInt(head), 10_000)).toBe(true);
    const incremental = await dumpTables(t.db.url, tables);
    expect(incremental.responsibility_trail_v1!.length).toBeGreaterThan(12);
    expect(incremental.assignment_board_v1).toHaveLength(12);

    const last = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    for (const name of names) await runner.rebuild(name);
    expect(await runner.waitFor(BigInt(last), 10_000)).toBe(true);
    const rebuilt = await dumpTables(t.db.url, tables);
    expect(rebuilt).toEqual(incremental);
  });
});

import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Issue 14: every route of positions, catalogues, score sheets and KPI views, times
 * every role: a role the route does not name is 403 `forbidden_role`; a named role
 * outside the record's unit scope learns nothing (404, as for an id never used) and
 * appends nothing.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const now = new Date();
const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const P = `${prev.getUTCFullYear()}-${pad(prev.getUTCMonth() + 1)}`;
const ROLES = ['hr', 'unit_head', 'inspector', 'staff', 'council', 'integration', 'importer'] as const;
type Role = (typeof ROLES)[number];
const CATALOGUE = { effectiveFrom: '2099-01-01', basis: 'QĐ 1', products: [{ code: 'A', name: 'A', unitOfMeasure: 'hồ sơ', coefficient: 1, qualityCriterion: 'đạt', standardDays: 1 }] };

interface Route {
  readonly method: 'get' | 'post';
  readonly path: string;
  readonly body?: Record<string, unknown>;
  readonly roles: readonly Role[];
}

const ROUTES: Route[] = [
  { method: 'post', path: '/api/v1/positions', body: { unitId: 'xa', code: 'X', title: 'X', category: 'support', competencies: [], taskGroup: 'g', effectiveFrom: '2026-01-01' }, roles: ['hr'] },
  { method: 'post', path: '/api/v1/positions/p/appointments', body: { staffId: 's2', from: '2026-02-01' }, roles: ['hr'] },
  { method: 'post', path: '/api/v1/positions/p/appointment-endings', body: { staffId: 's', to: '2099-01-01', reason: 'x' }, roles: ['hr'] },
  { method: 'post', path: '/api/v1/positions/p/catalogue-versions', body: CATALOGUE, roles: ['hr'] },
  { method: 'post', path: '/api/v1/catalogue-overlays/xa/versions', body: CATALOGUE, roles: ['hr'] },
  { method: 'post', path: '/api/v1/score-sheets/drafts', body: { period: P, unitId: 'xa' }, roles: ['hr', 'unit_head'] },
  { method: 'post', path: '/api/v1/score-sheets/confirmations', body: { period: P, unitId: 'xa' }, roles: ['hr', 'unit_head'] },
  { method: 'post', path: `/api/v1/score-sheets/s/${P}/self-assessment`, body: { comment: 'x' }, roles: ['staff'] },
  { method: 'post', path: `/api/v1/score-sheets/s/${P}/confirmation`, body: {}, roles: ['hr', 'unit_head'] },
  { method: 'post', path: `/api/v1/score-sheets/s/${P}/publication`, body: {}, roles: ['hr', 'unit_head'] },
  { method: 'post', path: `/api/v1/score-sheets/s/${P}/contest`, body: { grounds: 'x' }, roles: ['staff'] },
  { method: 'post', path: `/api/v1/score-sheets/s/${P}/revisions`, body: { reason: 'x' }, roles: ['hr', 'unit_head'] },
  { method: 'get', path: '/api/v1/positions', roles: ['hr', 'unit_head', 'inspector'] },
  { method: 'get', path: '/api/v1/positions/p', roles: ['hr', 'unit_head', 'inspector'] },
  { method: 'get', path: '/api/v1/positions/p/catalogue', roles: ['hr', 'unit_head', 'inspector'] },
  { method: 'get', path: '/api/v1/score-sheets', roles: ['hr', 'unit_head', 'inspector', 'staff'] },
  { method: 'get', path: `/api/v1/score-sheets/s/${P}`, roles: ['hr', 'unit_head', 'inspector', 'staff'] },
  { method: 'get', path: '/api/v1/kpi', roles: ['hr', 'unit_head', 'inspector', 'staff'] },
];

describe('positions and score sheets: authorization of every route', () => {
  let t: TestApp;
  let hr: string;
  const call = (r: Route, token?: string, path = r.path) => {
    let req = t.http()[r.method](path);
    if (token) req = req.set(...bearer(token));
    return r.method === 'post' ? req.send(r.body ?? {}) : req;
  };
  const eventCount = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events')).at(0)!.n;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'tinh', name: 'Tỉnh', establishedOn: '2020-01-01' }).expect(201);
    for (const unitId of ['xa', 'xa-khac']) await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2020-01-01' }).expect(201);
    for (const staffId of ['s', 's2']) {
      await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId, personnelCode: staffId, fullName: staffId, category: 'civil_servant', unitId: 'xa', jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
    }
    await t.http().post('/api/v1/positions').set(...bearer(hr)).send({ positionId: 'p', unitId: 'xa', code: 'VT', title: 'VT', category: 'professional', competencies: [], taskGroup: 'g', effectiveFrom: '2026-01-01' }).expect(201);
    await t.http().post('/api/v1/positions/p/appointments').set(...bearer(hr)).send({ staffId: 's', from: '2026-01-01' }).expect(200);
    await t.http().post('/api/v1/score-sheets/drafts').set(...bearer(hr)).send({ period: P, unitId: 'xa' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, route) => {
    it('401 without a token', async () => {
      const res = await call(route);
      expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
    });

    it.each(ROLES.filter((role) => !route.roles.includes(role)))('403 forbidden_role for %s, and nothing appended', async (role) => {
      const before = await eventCount();
      const res = await call(route, await t.token('x', [role], ['*']));
      expect([res.status, res.body.code]).toEqual([403, 'forbidden_role']);
      expect(await eventCount()).toBe(before);
    });

    it.each(route.roles)('%s passes the role check', async (role) => {
      const res = await call(route, await t.token(role === 'staff' ? 's' : `x-${role}`, [role], ['xa']));
      expect(res.body?.code).not.toBe('forbidden_role');
      expect(res.status).not.toBe(401);
    });
  });

  it('a unit head of another unit learns nothing about the sheet, the position or the unit, and appends nothing', async () => {
    const other = await t.token('head-2', ['unit_head'], ['xa-khac']);
    const before = await eventCount();
    for (const path of ['confirmation', 'publication', 'revisions']) {
      const res = await t.http().post(`/api/v1/score-sheets/s/${P}/${path}`).set(...bearer(other)).send(path === 'revisions' ? { reason: 'x' } : {});
      expect([res.status, res.body.code]).toEqual([404, 'scoresheet.not_found']);
      const never = await t.http().post(`/api/v1/score-sheets/s/1999-01/${path}`).set(...bearer(other)).send(path === 'revisions' ? { reason: 'x' } : {});
      expect([never.status, never.body.code, never.body.detail]).toEqual([res.status, res.body.code, res.body.detail]);
    }
    for (const body of [{ period: P, unitId: 'xa' }]) {
      for (const path of ['drafts', 'confirmations']) {
        const res = await t.http().post(`/api/v1/score-sheets/${path}`).set(...bearer(other)).send(body);
        expect([res.status, res.body.code]).toEqual([403, 'outside_unit_scope']);
      }
    }
    expect((await t.http().get(`/api/v1/score-sheets/s/${P}`).set(...bearer(other))).status).toBe(404);
    expect((await t.http().get('/api/v1/positions/p').set(...bearer(other))).status).toBe(404);
    expect((await t.http().get('/api/v1/kpi?unitId=xa').set(...bearer(other))).status).toBe(404);
    expect((await t.http().get(`/api/v1/score-sheets?period=${P}`).set(...bearer(other))).body.items).toEqual([]);
    const hrOther = await t.token('hr-2', ['hr'], ['xa-khac']);
    const appoint = await t.http().post('/api/v1/positions/p/appointments').set(...bearer(hrOther)).send({ staffId: 's2', from: '2026-02-01' });
    expect([appoint.status, appoint.body.code]).toEqual([404, 'position.not_found']);
    const establish = await t.http().post('/api/v1/positions').set(...bearer(hrOther)).send({ unitId: 'xa', code: 'X', title: 'X', category: 'support', competencies: [], taskGroup: 'g', effectiveFrom: '2026-01-01' });
    expect([establish.status, establish.body.code]).toEqual([403, 'outside_unit_scope']);
    const overlay = await t.http().post('/api/v1/catalogue-overlays/xa/versions').set(...bearer(hrOther)).send(CATALOGUE);
    expect([overlay.status, overlay.body.code]).toEqual([403, 'outside_unit_scope']);
    expect(await eventCount()).toBe(before);
  });

  it('staff see and act on their own sheet only', async () => {
    const s2 = await t.token('s2', ['staff'], ['xa']);
    expect((await t.http().get(`/api/v1/score-sheets/s/${P}`).set(...bearer(s2))).status).toBe(404);
    // s2 was appointed by a route check above: they see their own sheet, never s's.
    const staffIds = (items: Array<{ staffId?: string; key?: string }>) => items.map((i) => i.staffId ?? i.key);
    expect(staffIds((await t.http().get(`/api/v1/score-sheets?period=${P}`).set(...bearer(s2))).body.items)).not.toContain('s');
    expect(staffIds((await t.http().get('/api/v1/kpi').set(...bearer(s2))).body.items)).not.toContain('s');
    expect((await t.http().get(`/api/v1/score-sheets?staffId=s`).set(...bearer(s2))).body.items).toEqual([]);
    const own = await t.http().get(`/api/v1/score-sheets?period=${P}`).set(...bearer(await t.token('s', ['staff']))).expect(200);
    expect(own.body.items.map((i: { staffId: string }) => i.staffId)).toEqual(['s']);
    const contest = await t.http().post(`/api/v1/score-sheets/s/${P}/contest`).set(...bearer(s2)).send({ grounds: 'x' });
    expect([contest.status, contest.body.code]).toEqual([404, 'scoresheet.not_found']);
  });

  it('a second main position is refused while one is in force (409)', async () => {
    await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId: 's3', personnelCode: 's3', fullName: 's3', category: 'civil_servant', unitId: 'xa', jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
    await t.http().post('/api/v1/positions/p/appointments').set(...bearer(hr)).send({ staffId: 's3', from: '2026-01-01' }).expect(200);
    await t.http().post('/api/v1/positions').set(...bearer(hr)).send({ positionId: 'q', unitId: 'xa', code: 'VT2', title: 'VT2', category: 'support', competencies: [], taskGroup: 'g', effectiveFrom: '2026-01-01' }).expect(201);
    const res = await t.http().post('/api/v1/positions/q/appointments').set(...bearer(hr)).send({ staffId: 's3', from: '2026-03-01' });
    expect([res.status, res.body.code]).toEqual([409, 'position.main_position_held']);
    await t.http().post('/api/v1/positions/q/appointments').set(...bearer(hr)).send({ staffId: 's3', from: '2026-03-01', main: false }).expect(200);
    await t.http().post('/api/v1/positions/p/appointment-endings').set(...bearer(hr)).send({ staffId: 's3', to: '2026-03-31', reason: 'Điều động' }).expect(200);
    const unknown = await t.http().post('/api/v1/positions/p/appointments').set(...bearer(hr)).send({ staffId: 'ghost', from: '2026-04-01' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'unknown_person']);
  });
});

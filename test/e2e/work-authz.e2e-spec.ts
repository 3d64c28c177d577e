import { bearer, createTestApp, type TestApp } from '../support/app.js';

const DUE = new Date(Date.now() + 10 * 86_400_000).toISOString();
const SIX_CLEAR = {
  assignee: 'an',
  title: 'Rà soát',
  description: 'Rà soát hồ sơ',
  deliverable: 'Báo cáo',
  successCriteria: 'Đủ hồ sơ',
  assignedBy: 'hr-1',
  authorityBasis: 'QĐ 12',
  dueAt: DUE,
};

type Method = 'get' | 'post';
interface Route {
  readonly method: Method;
  readonly path: string;
  readonly body?: Record<string, unknown>;
  /** Holder-only or holder-or-manager actions a staff holder may call. */
  readonly staffHolder?: boolean;
}

const COMMANDS: Route[] = [
  { method: 'post', path: '/api/v1/assignments', body: { unitId: 'snv', ...SIX_CLEAR } },
  { method: 'post', path: '/api/v1/assignments/z/acceptance', body: {}, staffHolder: true },
  { method: 'post', path: '/api/v1/assignments/z/decline', body: { reason: 'x' }, staffHolder: true },
  { method: 'post', path: '/api/v1/assignments/z/handoffs', body: { to: 'binh', reason: 'reassignment', justification: 'x' }, staffHolder: true },
  { method: 'post', path: '/api/v1/assignments/z/progress', body: { note: 'x' }, staffHolder: true },
  { method: 'post', path: '/api/v1/assignments/z/extensions', body: { newDueAt: '2099-01-01T00:00:00Z', reason: 'x' } },
  { method: 'post', path: '/api/v1/assignments/z/completion', body: { deliverableRef: 'x' }, staffHolder: true },
  { method: 'post', path: '/api/v1/assignments/z/review', body: { quality: 'met' } },
  { method: 'post', path: '/api/v1/assignments/z/cancellation', body: { reason: 'x' } },
  { method: 'post', path: '/api/v1/assignments/z/dossier-returns', body: { reason: 'x' }, staffHolder: true },
  { method: 'post', path: '/api/v1/assignments/z/apologies', body: { newDueAt: '2099-01-01T00:00:00Z' }, staffHolder: true },
];
const READS: Route[] = [
  { method: 'get', path: '/api/v1/assignments' },
  { method: 'get', path: '/api/v1/assignments/z' },
  { method: 'get', path: '/api/v1/assignments/z/trail' },
  { method: 'get', path: '/api/v1/assignments/z/responsible?at=2099-01-01T00:00:00Z' },
];

describe('work handling: authorization of every route', () => {
  let t: TestApp;
  let hr: string;

  const call = (r: Route, token?: string) => {
    let req = t.http()[r.method](r.path);
    if (token) req = req.set(...bearer(token));
    return r.method === 'post' ? req.send(r.body ?? {}) : req;
  };
  const eventCount = async () => (await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'assignment-%'"))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'tinh', name: 'Tỉnh', establishedOn: '2025-07-01' }).expect(201);
    for (const unitId of ['snv', 'stc']) {
      await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId, name: unitId, parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    }
    await t
      .http()
      .post('/api/v1/staff')
      .set(...bearer(hr))
      .send({ staffId: 'an', personnelCode: 'CC-1', fullName: 'An', category: 'civil_servant', unitId: 'snv', jobPosition: 'CV', joinedOn: '2020-01-01' })
      .expect(201);
    // Handoffs name registered staff (issue 12 item 5).
    await t
      .http()
      .post('/api/v1/staff')
      .set(...bearer(hr))
      .send({ staffId: 'binh', personnelCode: 'CC-2', fullName: 'Bình', category: 'civil_servant', unitId: 'snv', jobPosition: 'CV', joinedOn: '2020-01-01' })
      .expect(201);
    await t.http().post('/api/v1/assignments').set(...bearer(hr)).send({ assignmentId: 'z', unitId: 'snv', ...SIX_CLEAR }).expect(201);
  });
  afterAll(async () => {
    await t.close();
  });

  describe.each([...COMMANDS, ...READS].map((r) => [`${r.method.toUpperCase()} ${r.path.split('?')[0]}`, r] as const))('%s', (_name, route) => {
    it('401 without a token', async () => {
      const res = await call(route);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('unauthenticated');
    });

    it('403 for a role that may not call it', async () => {
      const token = await t.token('x', [route.method === 'get' ? 'integration' : 'inspector'], ['*']);
      const res = await call(route, token);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden_role');
    });
  });

  describe.each(COMMANDS.map((r) => [`POST ${r.path}`, r] as const))('%s outside the unit scope', (_name, route) => {
    // Issue 12 item 9: an existing assignment outside the caller's scope answers exactly as a nonexistent one.
    const creates = route.path === '/api/v1/assignments';
    it(`${creates ? '403 outside_unit_scope' : '404 assignment.not_found'} for a unit head of another unit, and nothing is appended`, async () => {
      const before = await eventCount();
      const headStc = await t.token('head-stc', ['unit_head'], ['stc']);
      const res = await call(route, headStc);
      if (creates) {
        expect([res.status, res.body.code]).toEqual([403, 'outside_unit_scope']);
      } else {
        expect([res.status, res.body.code]).toEqual([404, 'assignment.not_found']);
        const missing = await call({ ...route, path: route.path.replace('/z/', '/never-issued/') }, headStc);
        expect([missing.status, missing.body.code, missing.body.detail]).toEqual([res.status, res.body.code, res.body.detail]);
      }
      expect(await eventCount()).toBe(before);
    });
  });

  describe.each(COMMANDS.filter((r) => r.staffHolder).map((r) => [`POST ${r.path}`, r] as const))('%s by staff', (_name, route) => {
    it('404 for a staff member not involved in the work (as for an id never issued)', async () => {
      const other = await t.token('binh', ['staff']);
      const res = await call(route, other);
      expect([res.status, res.body.code]).toEqual([404, 'assignment.not_found']);
    });

    it('a staff token with a units claim still acts only as itself (issue 12 item 10)', async () => {
      const before = await eventCount();
      const scoped = await t.token('binh', ['staff'], ['snv']);
      const res = await call(route, scoped);
      expect([res.status, res.body.code]).toEqual([404, 'assignment.not_found']);
      expect(await eventCount()).toBe(before);
    });
  });

  describe.each(READS.slice(1).map((r) => [`GET ${r.path.split('?')[0]}`, r] as const))('%s', (_name, route) => {
    it('404 outside the unit scope and for staff not involved; 200 for the people entitled', async () => {
      for (const token of [await t.token('head-stc', ['unit_head'], ['stc']), await t.token('insp', ['inspector'], ['stc']), await t.token('binh', ['staff'])]) {
        const res = await call(route, token);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('assignment.not_found');
      }
      for (const token of [
        hr,
        await t.token('head-snv', ['unit_head'], ['snv']),
        await t.token('insp', ['inspector'], ['tinh']),
        await t.token('council-1', ['council']),
        await t.token('an', ['staff']),
      ]) {
        expect((await call(route, token)).status).toBe(200);
      }
    });
  });

  it('GET /assignments lists only what the caller may see', async () => {
    const ids = async (token: string) => (await t.http().get('/api/v1/assignments').set(...bearer(token))).body.items.map((a: { id: string }) => a.id);
    expect(await ids(await t.token('head-stc', ['unit_head'], ['stc']))).toEqual([]);
    expect(await ids(await t.token('binh', ['staff']))).toEqual([]);
    expect(await ids(await t.token('an', ['staff']))).toEqual(['z']);
    expect(await ids(await t.token('head-snv', ['unit_head'], ['snv']))).toEqual(['z']);
    expect(await ids(await t.token('council-1', ['council']))).toEqual(['z']);
  });

  it('a person involved in the work but not holding it gets 403 naming nobody; a stale If-Match is 412 first', async () => {
    const head = await t.token('head-snv', ['unit_head'], ['snv']);
    await t.http().post('/api/v1/assignments').set(...bearer(hr)).send({ assignmentId: 'w', unitId: 'snv', ...SIX_CLEAR }).expect(201);
    const an = await t.token('an', ['staff']);
    await t.http().post('/api/v1/assignments/w/acceptance').set(...bearer(an)).send({}).expect(200);
    const handoff = await t
      .http()
      .post('/api/v1/assignments/w/handoffs')
      .set(...bearer(an))
      .set('If-Match', '"2"')
      .send({ to: 'binh', reason: 'reassignment', justification: 'x' });
    expect(handoff.status).toBe(200);
    expect(handoff.headers.etag).toBe('"3"');
    expect(handoff.headers['ledger-position']).toMatch(/^\d+$/);
    // an held it once: may know it exists, may not act, and learns nothing about who holds it now.
    const again = await t.http().post('/api/v1/assignments/w/progress').set(...bearer(an)).send({ note: 'still on it' });
    expect([again.status, again.body.code]).toEqual([403, 'not_assignment_holder']);
    expect(JSON.stringify(again.body)).not.toContain('binh');
    // The same former holder with the version it saw: the record moved (412 with the current version), not "you lost it".
    const stale = await t.http().post('/api/v1/assignments/w/progress').set(...bearer(an)).set('If-Match', '"2"').send({ note: 'still on it' });
    expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([412, 'precondition_failed', 3]);
    expect(stale.headers.etag).toBe('"3"');
    // A manager of the unit may route it; a unit head elsewhere may not even learn it exists.
    const routed = await t.http().post('/api/v1/assignments/w/handoffs').set(...bearer(head)).send({ to: 'an', reason: 'reassignment', justification: 'back' });
    expect(routed.status).toBe(200);
  });

  it('a nonexistent assignment is 404 for commands too', async () => {
    const head = await t.token('head-snv', ['unit_head'], ['snv']);
    const res = await t.http().post('/api/v1/assignments/nope/acceptance').set(...bearer(head)).send({});
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('assignment.not_found');
  });

  describe('OpenAPI', () => {
    it('describes every assignment route with request and response schemas and the bearer requirement', async () => {
      const res = await t.http().get('/docs-json');
      expect(res.status).toBe(200);
      const doc = res.body as {
        paths: Record<string, Record<string, { security?: unknown[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; parameters?: Array<{ name: string; in: string }> }>>;
        components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { scheme: string }> };
      };
      expect(doc.components.securitySchemes.bearer!.scheme).toBe('bearer');
      const expected: Array<[string, Method]> = [
        ['/api/v1/assignments', 'post'],
        ...['acceptance', 'decline', 'handoffs', 'progress', 'extensions', 'completion', 'review', 'cancellation', 'dossier-returns', 'apologies'].map(
          (a) => [`/api/v1/assignments/{id}/${a}`, 'post'] as [string, Method],
        ),
        ['/api/v1/assignments', 'get'],
        ['/api/v1/assignments/{id}', 'get'],
        ['/api/v1/assignments/{id}/trail', 'get'],
        ['/api/v1/assignments/{id}/responsible', 'get'],
        ['/api/v1/units/{id}/merger', 'post'],
      ];
      for (const [path, method] of expected) {
        const op = doc.paths[path]?.[method];
        expect({ path, method, found: op !== undefined }).toEqual({ path, method, found: true });
        expect(op!.security).toEqual([{ bearer: [] }]);
        const success = op!.responses[method === 'post' && path === '/api/v1/assignments' ? '201' : '200'];
        expect(success?.content?.['application/json']?.schema).toBeDefined();
        expect(op!.responses['401']).toBeDefined();
        expect(op!.responses['403']).toBeDefined();
        if (method === 'post') expect(op!.requestBody?.content['application/json']?.schema).toBeDefined();
      }
      expect(doc.paths['/api/v1/assignments/{id}/responsible']!.get!.parameters!.map((p) => p.name)).toContain('at');
      expect(doc.paths['/api/v1/assignments']!.get!.parameters!.map((p) => p.name)).toEqual(
        expect.arrayContaining(['cursor', 'limit', 'unitId', 'assigneeId', 'holder', 'status', 'overdue']),
      );
      const issue = doc.components.schemas.IssueAssignmentRequest as { properties: Record<string, { example?: unknown }> };
      for (const field of ['assignee', 'title', 'description', 'deliverable', 'successCriteria', 'assignedBy', 'authorityBasis', 'dueAt', 'responsible']) {
        expect(issue.properties[field]?.example).toBeDefined();
      }
    });
  });
});

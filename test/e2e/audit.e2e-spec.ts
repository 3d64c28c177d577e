import { bearer, createTestApp, type TestApp } from '../support/app.js';

describe('audit: chain verification and digests', () => {
  let t: TestApp;
  let hr: string;
  let inspector: string;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    inspector = await t.token('insp-1', ['inspector'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'u1', name: 'Unit 1', establishedOn: '2025-07-01' }).expect(201);
    await t.http().post('/api/v1/units/u1/renaming').set(...bearer(hr)).send({ name: 'Unit one', effectiveOn: '2026-01-01' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('verifies an intact stream, then names the event altered behind the API', async () => {
    const intact = await t.http().get('/api/v1/audit/verify?stream=unit-u1').set(...bearer(inspector));
    expect(intact.status).toBe(200);
    expect(intact.body).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 2, broken: [] });

    await t.sql('ALTER TABLE events DISABLE TRIGGER events_immutable');
    await t.sql(`UPDATE events SET data = jsonb_set(data, '{name}', '"Forged"') WHERE stream_id = 'unit-u1' AND revision = 1`);
    await t.sql('ALTER TABLE events ENABLE TRIGGER events_immutable');

    const again = await t.http().get('/api/v1/audit/verify?stream=unit-u1').set(...bearer(inspector));
    expect(again.body.ok).toBe(false);
    expect(again.body.broken).toEqual([expect.objectContaining({ streamId: 'unit-u1', revision: '1', reason: 'hash_mismatch' })]);
    // Without a stream, the whole store is verified as a background job (test/e2e/ledger.e2e-spec.ts).
    const all = await t.http().get('/api/v1/audit/verify').set(...bearer(inspector));
    expect(all.status).toBe(202);
    expect(all.headers.location).toMatch(/^\/api\/v1\/audit\/verifications\//);
  });

  it('records a digest and lists it', async () => {
    const made = await t.http().post('/api/v1/audit/digests').set(...bearer(inspector));
    expect(made.status).toBe(201);
    expect(made.body.root).toMatch(/^[0-9a-f]{64}$/);
    const list = await t.http().get('/api/v1/audit/digests').set(...bearer(inspector));
    expect(list.body.items[0]).toMatchObject({ root: made.body.root, position: made.body.position });
  });

  it.each([
    ['get', '/api/v1/audit/verify'],
    ['post', '/api/v1/audit/digests'],
    ['get', '/api/v1/audit/digests'],
  ] as const)('%s %s: 401 without a token, 403 for a role outside inspector/council', async (method, url) => {
    expect((await t.http()[method](url)).status).toBe(401);
    const staff = await t.token('s-1', ['staff']);
    const res = await t.http()[method](url).set(...bearer(staff));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden_role');
  });
});

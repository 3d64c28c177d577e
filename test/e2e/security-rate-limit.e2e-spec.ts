import { bearer, createTestApp, type TestApp } from '../support/app.js';

/** Issue 12 item 14: per-caller rate limits (stricter on audit and heavy routes) and security headers. */
describe('rate limits and security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_MAX: '5', RATE_LIMIT_HEAVY_MAX: '3', RATE_LIMIT_AUDIT_MAX: '2', RATE_LIMIT_PUBLIC_LOOKUP_MAX: '3', RATE_LIMIT_WINDOW: '60' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 problem+json with Retry-After once a caller spends its budget; another caller is unaffected', async () => {
    const noisy = await t.token('noisy', ['hr'], ['*']);
    for (let i = 0; i < 5; i++) await t.http().get('/api/v1/units').set(...bearer(noisy)).expect(200);
    const refused = await t.http().get('/api/v1/units').set(...bearer(noisy));
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // a fresh token of the same subject is the same caller
    const again = await t.token('noisy', ['hr'], ['*']);
    expect((await t.http().get('/api/v1/units').set(...bearer(again))).status).toBe(429);
    const quiet = await t.token('quiet', ['hr'], ['*']);
    await t.http().get('/api/v1/units').set(...bearer(quiet)).expect(200);
  });

  it('gives audit routes a smaller budget of their own', async () => {
    const inspector = await t.token('insp', ['inspector'], ['*']);
    await t.http().get('/api/v1/audit/digests').set(...bearer(inspector)).expect(200);
    await t.http().get('/api/v1/audit/digests').set(...bearer(inspector)).expect(200);
    const refused = await t.http().get('/api/v1/audit/digests').set(...bearer(inspector));
    expect(refused.status).toBe(429);
    expect(refused.body.detail).toMatch(/2 audit requests/);
    // ordinary reads still have their own budget
    await t.http().get('/api/v1/units').set(...bearer(inspector)).expect(200);
  });

  it('gives the public dossier lookup (no token, receipt codes often in sequence) a small budget of its own, so walking the codes is slow', async () => {
    for (let i = 1; i <= 3; i++) await t.http().get(`/api/v1/public/dossiers/XA-2603-000${i}`).expect(404);
    const refused = await t.http().get('/api/v1/public/dossiers/XA-2603-0004');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'rate_limited' });
    expect(refused.body.detail).toMatch(/3 public lookup requests/);
  });

  it('counts requests without a valid token by address, and leaves health probes alone', async () => {
    for (let i = 0; i < 5; i++) await t.http().get('/api/v1/units').set('Authorization', 'Bearer not-a-token').expect(401);
    expect((await t.http().get('/api/v1/units').set('Authorization', 'Bearer not-a-token')).status).toBe(429);
    for (let i = 0; i < 8; i++) await t.http().get('/health/live').expect(200);
  });

  it('sends security headers on API responses', async () => {
    const res = await t.http().get('/health/live');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});

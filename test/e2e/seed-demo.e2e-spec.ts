import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../../apps/api/src/app.factory.js';
import { mintDevToken } from '../../apps/api/src/auth/jwt.verifier.js';
import { DemoAlreadySeeded, seedDemo, type SeedDemoResult } from '../../apps/cli/src/seed/seed-demo.js';
import { generateProvince } from '../../apps/cli/src/seed/generate.js';
import { loadConfig } from '#platform';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { bearer, TEST_JWT_SECRET } from '../support/app.js';

/** The seed runs into a fresh database first, then the app boots on it, as after `seed-demo` on a real install. */
describe('seed-demo: a small province, then the API answers on it', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let seeded: SeedDemoResult;
  let hr: string;
  const clock = () => new Date('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    seeded = await seedDemo({ databaseUrl: db.url, staff: 60, year: 2025, seed: 'e2e', progress: { silent: true }, clock });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DOCS_UI: 'false', JWT_SECRET: TEST_JWT_SECRET, READ_WAIT_TIMEOUT_MS: '600000' });
    app = await createApp(config, db.url);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    hr = await mintDevToken(TEST_JWT_SECRET, { sub: 'hr-e2e', roles: ['hr', 'inspector'], units: ['*'] });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());

  it('wrote a year of varied work, every step accepted by the deciders', () => {
    expect(seeded.prefix).toBe('demo-');
    expect(seeded.projections).toBe('caught_up');
    expect(seeded.byType.StaffRegistered).toBe(60);
    for (const type of ['AssignmentIssued', 'AssignmentHandedOff', 'AssignmentCompleted', 'CompletionReviewed', 'ConsultationAnswered', 'CycleOpened']) {
      expect(seeded.byType[type]).toBeGreaterThan(0);
    }
    expect(seeded.events).toBeGreaterThan(2000);
    // Issue 14: positions with catalogues, products named on the work, monthly sheets drafted, confirmed and published.
    for (const type of ['PositionEstablished', 'StaffAppointedToPosition', 'CatalogueVersionPublished', 'AssignmentProductNamed', 'ScoreSheetDrafted', 'ScoreSheetConfirmed', 'ScoreSheetPublished']) {
      expect([type, seeded.byType[type] ?? 0]).toEqual([type, expect.any(Number)]);
      expect(seeded.byType[type]).toBeGreaterThan(0);
    }
    expect(Object.keys(seeded.refusals).filter((k) => /Position|Catalogue|ScoreSheet|product|coefficient/.test(k))).toEqual([]);
  });

  it('the seeded catalogues produce KPI rows for the commune, the department and the one-stop desk (issue 14)', async () => {
    const res = await http().get('/api/v1/kpi?year=2025&groupBy=position').set(...bearer(hr));
    expect(res.status).toBe(200);
    const positions = new Set(res.body.items.map((r: { key: string }) => r.key.split('.').pop()));
    for (const code of ['vt-mc', 'vt-dc-xd', 'vt-cv-th']) expect([...positions].some((p) => String(p).includes(code))).toBe(true);
    expect(res.body.items.some((r: { deliveredUnits: number }) => r.deliveredUnits > 0)).toBe(true);
  });

  it('records business time as historical facts: occurredAt in the year, recorded now', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const { rows } = await pool.query<{ min: string; max: string }>(
        `SELECT min(metadata->>'occurredAt') AS min, max(metadata->>'occurredAt') AS max FROM events WHERE type LIKE 'Assignment%'`,
      );
      expect(rows[0]!.min >= '2025-01-01').toBe(true);
      expect(rows[0]!.max < '2026-01-01').toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('answers the trail of a ping-pong assignment', async () => {
    const res = await http().get(`/api/v1/assignments/${seeded.examples.pingPongAssignmentId}/trail`).set(...bearer(hr));
    expect(res.status).toBe(200);
    expect(res.body.steps.length).toBeGreaterThanOrEqual(2);
    expect(res.body.steps[0]).toMatchObject({ action: expect.any(String), holder: expect.stringMatching(/^demo-cb-/) });
  });

  it('answers the indicators of a staff member for the year', async () => {
    const res = await http().get(`/api/v1/staff/${seeded.examples.staffId}/indicators?year=2025`).set(...bearer(hr));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(/"assigned":[1-9]/);
  });

  it('answers the watchlist with ranked staff and their signals', async () => {
    const res = await http().get('/api/v1/watchlist?year=2025').set(...bearer(hr));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items[0]).toMatchObject({ rank: 1, staffId: expect.stringMatching(/^demo-cb-/), total: expect.any(Number) });
  });

  it('refuses to seed the same database twice without force', async () => {
    await expect(seedDemo({ databaseUrl: db.url, staff: 10, year: 2025, seed: 'e2e', progress: { silent: true }, clock, catchUp: false })).rejects.toBeInstanceOf(
      DemoAlreadySeeded,
    );
  });

  it('seeds a procedures catalogue and a month of dossiers at the commune centres (issue 19); the public lookup answers', async () => {
    expect(seeded.byType.ProcedureVersionPublished).toBe(3);
    expect(seeded.byType.DossierReceived).toBeGreaterThan(10);
    expect(seeded.byType.DossierHandedOver).toBeGreaterThan(seeded.byType.DossierReceived!);
    expect(Object.keys(seeded.refusals).filter((k) => /Dossier|Procedure|Supplement|Feedback|Deliver/.test(k))).toEqual([]);
    const res = await http().get(`/api/v1/public/dossiers/${seeded.examples.dossierReceiptCode}`);
    expect(res.status).toBe(200);
    expect(res.body.receiptCode).toBe(seeded.examples.dossierReceiptCode);
  });

  it('is deterministic for a seed', () => {
    const options = { staff: 60, year: 2025, seed: 'e2e', avoiderShare: 0.1, assignmentsPerStaff: 24, prefix: 'demo-', horizon: clock().getTime() };
    const a = generateProvince(options);
    const b = generateProvince(options);
    const assignments = (g: typeof a) => g.phases.find((p) => p.name === 'assignments')!.writes;
    expect(assignments(b)[5]).toEqual(assignments(a)[5]);
    expect(b.examples).toEqual(a.examples);
  });
});

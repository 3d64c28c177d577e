import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Review of issue 14 from outside: inputs an HR department, a unit head or a prober
 * would send. Each case here failed on the code as first landed.
 */
describe('positions: adversarial review (issue 14)', () => {
  let t: TestApp;
  let hr: string;
  const events = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'xa', name: 'UBND xã An Bình', establishedOn: '2020-01-01' }).expect(201);
    await t.http().post('/api/v1/staff').set(...bearer(hr))
      .send({ staffId: 'hoa', personnelCode: 'CC-hoa', fullName: 'Nguyễn Thị Hoa', category: 'civil_servant', unitId: 'xa', jobPosition: 'Công chức', joinedOn: '2020-01-01' })
      .expect(201);
    for (const [positionId, code, taskGroup] of [['xa.mot-cua', 'VT-MC', 'mot-cua'], ['xa.dia-chinh', 'VT-DC', 'dia-chinh']]) {
      await t.http().post('/api/v1/positions').set(...bearer(hr)).send({
        positionId, unitId: 'xa', code, title: `Vị trí ${code}`, category: 'professional', taskGroup, effectiveFrom: '2025-01-01',
        competencies: [{ name: 'Giao tiếp với công dân', level: 3 }],
      }).expect(201);
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a main appointment from an earlier date while a later main appointment is open (two main positions would overlap)', async () => {
    await t.http().post('/api/v1/positions/xa.mot-cua/appointments').set(...bearer(hr)).send({ staffId: 'hoa', from: '2026-06-01' }).expect(200);
    const before = await events();
    const res = await t.http().post('/api/v1/positions/xa.dia-chinh/appointments').set(...bearer(hr)).send({ staffId: 'hoa', from: '2026-01-01' });
    expect([res.status, res.body.code]).toEqual([409, 'position.main_position_held']);
    expect(await events()).toBe(before);
    // A main appointment that ended before the new one begins does not block it.
    await t.http().post('/api/v1/positions/xa.mot-cua/appointment-endings').set(...bearer(hr)).send({ staffId: 'hoa', to: '2026-06-30', reason: 'Điều động' }).expect(200);
    await t.http().post('/api/v1/positions/xa.dia-chinh/appointments').set(...bearer(hr)).send({ staffId: 'hoa', from: '2026-07-01' }).expect(200);
  });

  it('drafts the sheet of someone whose main appointment ended during the period (their month of work is not lost)', async () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const now = new Date();
    const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const M = `${prev.getUTCFullYear()}-${pad(prev.getUTCMonth() + 1)}`;
    await t.http().post('/api/v1/staff').set(...bearer(hr))
      .send({ staffId: 'nam', personnelCode: 'CC-nam', fullName: 'Trần Văn Nam', category: 'civil_servant', unitId: 'xa', jobPosition: 'Công chức', joinedOn: '2020-01-01' })
      .expect(201);
    await t.http().post('/api/v1/positions/xa.mot-cua/appointments').set(...bearer(hr)).send({ staffId: 'nam', from: '2025-01-01' }).expect(200);
    const importer = await t.token('head', ['importer'], ['xa']);
    await t.http().post('/api/v1/assignments').set(...bearer(importer)).send({
      assignmentId: 'nam-1', assignee: 'nam', title: 'Tiếp nhận hồ sơ', description: 'Một cửa', deliverable: 'Hồ sơ', successCriteria: 'Đúng hạn',
      assignedBy: 'head', authorityBasis: 'Quy chế làm việc', dueAt: `${M}-12T10:00:00Z`, occurredAt: `${M}-02T09:00:00Z`,
    }).expect(201);
    await t.http().post('/api/v1/positions/xa.mot-cua/appointment-endings').set(...bearer(hr)).send({ staffId: 'nam', to: `${M}-20`, reason: 'Nghỉ hưu' }).expect(200);
    await t.http().post('/api/v1/score-sheets/drafts').set(...bearer(hr)).send({ period: M, unitId: 'xa' }).expect(200);
    const sheet = await t.http().get(`/api/v1/score-sheets/nam/${M}`).set(...bearer(hr));
    expect([sheet.status, sheet.body.unitId, sheet.body.positionId, sheet.body.plannedUnits]).toEqual([200, 'xa', 'xa.mot-cua', 1]);
  });

  it('hr appoints only people of its own unit scope (a position cannot pull in the record of someone outside it)', async () => {
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'xa-khac', name: 'UBND xã Phú Hòa', establishedOn: '2020-01-01' }).expect(201);
    await t.http().post('/api/v1/staff').set(...bearer(hr))
      .send({ staffId: 'lan', personnelCode: 'CC-lan', fullName: 'Lê Thị Lan', category: 'civil_servant', unitId: 'xa-khac', jobPosition: 'Công chức', joinedOn: '2020-01-01' })
      .expect(201);
    const hrXa = await t.token('hr-xa', ['hr'], ['xa']);
    const before = await events();
    const res = await t.http().post('/api/v1/positions/xa.mot-cua/appointments').set(...bearer(hrXa)).send({ staffId: 'lan', from: '2026-01-01' });
    expect([res.status, res.body.code]).toEqual([403, 'outside_unit_scope']);
    expect(await events()).toBe(before);
  });

  it('refuses a position or a local catalogue for a unit that does not exist (hr with every unit in scope included)', async () => {
    const before = await events();
    const position = await t.http().post('/api/v1/positions').set(...bearer(hr)).send({
      positionId: 'ghost.p', unitId: 'no-such-unit', code: 'X', title: 'X', category: 'support', taskGroup: 'g', effectiveFrom: '2026-01-01', competencies: [],
    });
    expect([position.status, position.body.code]).toEqual([422, 'position.unknown_unit']);
    const overlay = await t.http().post('/api/v1/catalogue-overlays/no-such-unit/versions').set(...bearer(hr)).send({
      effectiveFrom: '2026-01-01', basis: 'QĐ 1', products: [{ code: 'A', name: 'A', unitOfMeasure: 'hồ sơ', coefficient: 1, qualityCriterion: 'Đạt', standardDays: 1 }],
    });
    expect([overlay.status, overlay.body.code]).toEqual([422, 'position.unknown_unit']);
    expect(await events()).toBe(before);
  });

  it('refuses impossible calendar dates on the catalogue read (2026-02-30, 2026-13-01)', async () => {
    for (const on of ['2026-02-30', '2026-13-01']) {
      const res = await t.http().get(`/api/v1/positions/xa.mot-cua/catalogue?on=${on}`).set(...bearer(hr));
      expect([res.status, res.headers['content-type']]).toEqual([400, expect.stringMatching(/problem\+json/)]);
    }
  });
});

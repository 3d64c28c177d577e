import { bearer, createTestApp, type TestApp } from '../support/app.js';

describe('personnel API (units and staff)', () => {
  let t: TestApp;
  let hr: string;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('establishes a unit tree and registers staff, answering 201 {id, version} with an ETag', async () => {
    const root = await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' });
    expect(root.status).toBe(201);
    expect(root.body).toEqual({ id: 'tinh', version: 1 });
    expect(root.headers.etag).toBe('"1"');
    const dept = await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'snv', name: 'Sở Nội vụ', parentUnitId: 'tinh', establishedOn: '2025-07-01' });
    expect(dept.status).toBe(201);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'stc', name: 'Sở Tài chính', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    const staff = await t.http().post('/api/v1/staff').set(...bearer(hr)).send({
      staffId: 'an', personnelCode: 'CC-1', fullName: 'Nguyễn Văn An', category: 'civil_servant', unitId: 'snv', jobPosition: 'Chuyên viên', joinedOn: '2020-03-01',
    });
    expect(staff.status).toBe(201);
    const got = await t.http().get('/api/v1/staff/an').set(...bearer(hr));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: 'an', fullName: 'Nguyễn Văn An', unitId: 'snv', status: 'active', version: 1 });
    const unit = await t.http().get('/api/v1/units/snv').set(...bearer(hr));
    expect(unit.body).toMatchObject({ id: 'snv', path: '/tinh/snv/', parentUnitId: 'tinh' });
  });

  it('refuses unknown fields with 400 problem+json naming the field', async () => {
    const res = await t.http().post('/api/v1/units').set(...bearer(hr)).send({ name: 'X', establishedOn: '2025-07-01', colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'unknown_field', errors: [{ field: 'colour', message: 'is not an accepted field' }] });
  });

  it('maps a domain rule violation to problem+json with its stable code', async () => {
    const res = await t.http().post('/api/v1/staff/an/transfers').set(...bearer(hr)).send({ toUnitId: 'snv', effectiveOn: '2026-01-01' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('staff.transfer_same_unit');
  });

  it('answers a stale If-Match with 412 and the current version', async () => {
    const res = await t.http().post('/api/v1/units/snv/renaming').set(...bearer(hr)).set('If-Match', '"7"').send({ name: 'Sở Nội vụ tỉnh', effectiveOn: '2026-01-01' });
    expect(res.status).toBe(412);
    expect(res.body).toMatchObject({ code: 'precondition_failed', currentVersion: 1 });
    const ok = await t.http().post('/api/v1/units/snv/renaming').set(...bearer(hr)).set('If-Match', '"1"').send({ name: 'Sở Nội vụ tỉnh', effectiveOn: '2026-01-01' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ version: 2 });
  });

  it('replays a POST retried with the same Idempotency-Key and appends nothing', async () => {
    const body = { staffId: 'binh', personnelCode: 'CC-2', fullName: 'Trần Thị Bình', category: 'civil_servant', unitId: 'snv', jobPosition: 'Chuyên viên', joinedOn: '2021-01-01' };
    const first = await t.http().post('/api/v1/staff').set(...bearer(hr)).set('Idempotency-Key', 'reg-binh-1').send(body);
    const again = await t.http().post('/api/v1/staff').set(...bearer(hr)).set('Idempotency-Key', 'reg-binh-1').send(body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const rows = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'staff-binh'");
    expect(rows[0]!.n).toBe(1);
    const reused = await t.http().post('/api/v1/staff').set(...bearer(hr)).set('Idempotency-Key', 'reg-binh-1').send({ ...body, fullName: 'Other' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });

  describe('authorization', () => {
    it('401 without a token, 401 with a bad token', async () => {
      const none = await t.http().get('/api/v1/units');
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('unauthenticated');
      const bad = await t.http().get('/api/v1/units').set('Authorization', 'Bearer not.a.token');
      expect(bad.status).toBe(401);
      expect(bad.body.code).toBe('invalid_token');
    });

    it('403 for a role that may not register staff or units', async () => {
      const head = await t.token('head-1', ['unit_head'], ['snv']);
      const res = await t.http().post('/api/v1/units').set(...bearer(head)).send({ name: 'X', establishedOn: '2025-07-01' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden_role');
    });

    it('outside the unit scope: 403 on commands, 404 on reads, filtered lists', async () => {
      const hrStc = await t.token('hr-2', ['hr'], ['stc']);
      const cmd = await t.http().post('/api/v1/staff').set(...bearer(hrStc)).send({
        personnelCode: 'X', fullName: 'X', category: 'worker', unitId: 'snv', jobPosition: 'X', joinedOn: '2020-01-01',
      });
      expect(cmd.status).toBe(403);
      expect(cmd.body.code).toBe('outside_unit_scope');
      const read = await t.http().get('/api/v1/staff/an').set(...bearer(hrStc));
      expect(read.status).toBe(404);
      const list = await t.http().get('/api/v1/units').set(...bearer(hrStc));
      expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(['stc']);
    });

    it('an existing person outside the scope is indistinguishable from nobody (issue 12 item 9)', async () => {
      const hrStc = await t.token('hr-2', ['hr'], ['stc']);
      for (const path of ['transfers', 'leaves', 'departure']) {
        const body =
          path === 'transfers'
            ? { toUnitId: 'stc', effectiveOn: '2026-01-01', jobPosition: 'CV' }
            : path === 'leaves'
              ? { kind: 'sick', from: '2026-01-01', to: '2026-01-05' }
              : { leftOn: '2026-01-01', reason: 'retired' };
        const existing = await t.http().post(`/api/v1/staff/an/${path}`).set(...bearer(hrStc)).send(body);
        const nobody = await t.http().post(`/api/v1/staff/nobody-${path}/${path}`).set(...bearer(hrStc)).send(body);
        expect([path, existing.status, existing.body.code, existing.body.detail]).toEqual([path, 404, 'staff.not_found', existing.body.detail]);
        expect([nobody.status, nobody.body.code]).toEqual([404, 'staff.not_found']);
        // The detail names neither the person's unit nor the person.
        expect(JSON.stringify(existing.body)).not.toMatch(/snv/);
        expect(existing.body.detail).toBe(nobody.body.detail);
      }
    });

    it('a staff member sees their own record and no one else\'s', async () => {
      const an = await t.token('an', ['staff']);
      expect((await t.http().get('/api/v1/staff/an').set(...bearer(an))).status).toBe(200);
      expect((await t.http().get('/api/v1/staff/binh').set(...bearer(an))).status).toBe(404);
      expect((await t.http().get('/api/v1/staff').set(...bearer(an))).status).toBe(403);
    });

    it('health is public', async () => {
      expect((await t.http().get('/health/live')).status).toBe(200);
      expect((await t.http().get('/health/ready')).status).toBe(200);
    });
  });
});

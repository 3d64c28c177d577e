import { createHash, randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '#event-store';
import { ProjectionRunner } from '#read-models';
import { bearer, createTestApp, type TestApp } from '../support/app.js';
import { dumpTables } from '../support/read-model-dump.js';

/**
 * Issue 19, end to end: a land-use dossier received at a commune one-stop centre,
 * processed by the commune and a district land registration office, late at the second
 * stage with an apology before the due date, delivered and rated. The first stage's
 * officer is on time, the second stage's is charged the delay; the centre's board, the
 * public lookup and the monthly statistics show it. Then bad input, erasure of the
 * applicant's data, and the route x role matrix.
 *
 * Times are March 2026 in Vietnam time (no holiday that month); the officers' tokens
 * carry the importer role so they can record the past as it happened (occurredAt).
 */
const vn = (local: string) => new Date(`${local}+07:00`).toISOString();
const api = '/api/v1';

describe('administrative-procedure dossiers (Decree 61/2018, Decree 118/2025)', () => {
  let t: TestApp;
  let hr: string;
  let centre: string;
  let commune: string;
  let land: string;
  let landHead: string;
  let outsider: string;
  let portal: string;
  let council: string;
  let applicantRef: string;
  const post = (path: string, token: string, body: Record<string, unknown>) => t.http().post(`${api}${path}`).set(...bearer(token)).send(body);
  const get = (path: string, token?: string) => (token ? t.http().get(`${api}${path}`).set(...bearer(token)) : t.http().get(`${api}${path}`));
  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 300; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const stages = [
    { key: 'reception', name: 'Tiếp nhận tại Bộ phận một cửa xã', kind: 'reception', agency: 'ubnd-xa-a', unitIds: ['xa-a-tthc'], shareDays: 0.5 },
    { key: 'commune', name: 'UBND xã kiểm tra, xác nhận', kind: 'processing', agency: 'ubnd-xa-a', unitIds: ['xa-a'], shareDays: 3 },
    { key: 'land_office', name: 'Chi nhánh Văn phòng đăng ký đất đai', kind: 'processing', agency: 'vpdkdd', unitIds: ['vpdk'], shareDays: 6 },
    { key: 'return', name: 'Trả kết quả tại Bộ phận một cửa xã', kind: 'return', agency: 'ubnd-xa-a', unitIds: ['xa-a-tthc'], shareDays: 0.5 },
  ];

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    await post('/units', hr, { unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2020-01-01' }).expect(201);
    for (const [unitId, parentUnitId, name] of [['xa-a', 'tinh', 'UBND xã A'], ['xa-a-tthc', 'xa-a', 'Bộ phận một cửa xã A'], ['vpdk', 'tinh', 'Chi nhánh VPĐKĐĐ khu vực'], ['stc', 'tinh', 'Sở Tài chính']]) {
      await post('/units', hr, { unitId, name, parentUnitId, establishedOn: '2020-01-01' }).expect(201);
    }
    for (const [staffId, unitId] of [['mot-cua', 'xa-a-tthc'], ['cc-xa', 'xa-a'], ['cb-vpdk', 'vpdk'], ['truong-vpdk', 'vpdk'], ['ngoai', 'stc']]) {
      await post('/staff', hr, { staffId, personnelCode: `P-${staffId}`, fullName: staffId, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2015-01-01' }).expect(201);
    }
    centre = await t.token('mot-cua', ['staff', 'importer']);
    commune = await t.token('cc-xa', ['staff', 'importer']);
    land = await t.token('cb-vpdk', ['staff', 'importer']);
    landHead = await t.token('truong-vpdk', ['unit_head'], ['vpdk']);
    outsider = await t.token('ngoai', ['staff']);
    portal = await t.token('dichvucong', ['integration']);
    council = await t.token('hd-1', ['council']);
    const published = await post('/procedures/1.004227/versions', hr, {
      name: 'Đăng ký biến động quyền sử dụng đất', effectiveFrom: '2026-01-01', statutoryDays: 10, stages, legalBasis: 'QĐ công bố TTHC và quy trình nội bộ (demo)',
    });
    expect(published.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a land-use dossier: commune, then district land office late with an apology, delivered, rated', () => {
    it('is received at the commune centre with the receipt code and the appointment date (10 working days)', async () => {
      const res = await post('/dossiers', centre, {
        dossierId: 'hs-1', receiptCode: 'XA-A-260302-0001', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc',
        documents: ['Đơn đăng ký biến động', 'Giấy chứng nhận'], applicant: { name: 'Nguyễn Văn Dân', phone: '0912000111' }, occurredAt: vn('2026-03-02T08:00:00'),
      });
      expect(res.status).toBe(201);
      applicantRef = res.body.applicantRef;
      const got = await get('/dossiers/hs-1', centre);
      expect(got.body).toMatchObject({ status: 'in_progress', appointmentAt: vn('2026-03-13T17:00:00'), statutoryDays: 10 });
      // The applicant's contact is not in any event.
      const leaked = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE data::text LIKE '%0912000111%' OR data::text LIKE '%Nguyễn Văn Dân%'");
      expect(leaked[0]!.n).toBe(0);
    });

    it('goes to the commune, then (inter-agency) to the land office, each hand-over with its stage due date', async () => {
      expect((await post('/dossiers/hs-1/handovers', centre, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa', occurredAt: vn('2026-03-02T11:00:00') })).status).toBe(200);
      expect((await post('/dossiers/hs-1/handovers', commune, { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk', occurredAt: vn('2026-03-05T10:00:00') })).status).toBe(200);
      const got = await get('/dossiers/hs-1', land);
      expect(got.body.trail.map((s: { stageKey: string; holder: string; late: boolean | null; interAgency: boolean }) => [s.stageKey, s.holder, s.late, s.interAgency])).toEqual([
        ['reception', 'mot-cua', false, false],
        ['commune', 'cc-xa', false, false],
        ['land_office', 'cb-vpdk', null, true],
      ]);
      expect(got.body.trail[2]).toMatchObject({ dueAt: vn('2026-03-13T10:00:00'), allowedDays: 6 });
    });

    it('the centre\'s board shows it late at the land office stage (its due date has passed by now)', async () => {
      const board = await get('/dossiers/board?centreUnitId=xa-a-tthc', centre);
      expect(board.status).toBe(200);
      expect(board.body.byStage).toEqual({ land_office: 1 });
      expect(board.body.lateByStageAndUnit).toEqual([{ stageKey: 'land_office', unitId: 'vpdk', count: 1 }]);
      expect(board.body.late[0]).toMatchObject({ receiptCode: 'XA-A-260302-0001', holder: 'cb-vpdk', lateNow: true });
    });

    it('refuses an apology without a reason or a new date (422 naming both), then records one before the due date', async () => {
      const before = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'dossier-hs-1'");
      const bare = await post('/dossiers/hs-1/apologies', land, { occurredAt: vn('2026-03-12T15:00:00') });
      expect(bare.status).toBe(422);
      expect(bare.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bare.body.code).toBe('dossier.apology_incomplete');
      expect(bare.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['newAppointmentAt', 'reason']);
      expect(bare.body.source).toMatch(/Decree 61\/2018/);
      const after = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'dossier-hs-1'");
      expect(after[0]!.n).toBe(before[0]!.n);
      const ok = await post('/dossiers/hs-1/apologies', land, { reason: 'Chờ kết quả đo đạc lại thửa đất', newAppointmentAt: vn('2026-03-18T17:00:00'), occurredAt: vn('2026-03-12T15:00:00') });
      expect(ok.status).toBe(200);
    });

    it('returns the result late to the centre, which delivers it; the portal relays the applicant\'s rating', async () => {
      expect((await post('/dossiers/hs-1/handovers', land, { toStage: 'return', toUnitId: 'xa-a-tthc', to: 'mot-cua', occurredAt: vn('2026-03-16T10:00:00') })).status).toBe(200);
      expect((await post('/dossiers/hs-1/delivery', centre, { occurredAt: vn('2026-03-17T09:00:00') })).status).toBe(200);
      const rated = await post('/dossiers/hs-1/feedback', portal, {
        applicantRef, ratings: [{ criterion: 'access', score: 5 }, { criterion: 'civil_servant', score: 4 }, { criterion: 'result', score: 3 }], text: 'Trả chậm nhưng có xin lỗi',
      });
      expect(rated.status).toBe(200);
      const got = await get('/dossiers/hs-1', centre);
      expect(got.body).toMatchObject({ status: 'delivered', outcome: 'late', appointmentAt: vn('2026-03-18T17:00:00'), statutoryDueAt: vn('2026-03-13T17:00:00') });
      expect(got.body.apologies).toEqual([expect.objectContaining({ unitId: 'vpdk', beforeDue: true })]);
      expect(got.body.trail.map((s: { holder: string; late: boolean | null }) => [s.holder, s.late])).toEqual([['mot-cua', false], ['cc-xa', false], ['cb-vpdk', true], ['mot-cua', null]]);
      expect(got.body.feedback[0].ratings).toHaveLength(3);
    });

    it('the second stage\'s officer is charged the delay, not the first one nor the centre (indicators and watchlist)', async () => {
      await waitFor(async () => {
        const rows = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_assignments_v1 WHERE assignment_id = 'dossier-hs-1' AND status = 'completed'");
        return rows[0]!.n > 0 ? true : undefined;
      }, 'indicators projection');
      const late = async (who: string) => (await get(`/staff/${who}/indicators?year=2026`, hr)).body.totals?.late ?? 0;
      expect(await late('cb-vpdk')).toBe(1);
      expect(await late('cc-xa')).toBe(0);
      expect(await late('mot-cua')).toBe(0);
      const watch = await get('/watchlist?year=2026', await t.token('insp', ['inspector'], ['*']));
      const missed = watch.body.items.flatMap((i: { staffId: string; signals: Array<{ signal: string }> }) => i.signals.filter((s) => s.signal === 'deadline_missed').map(() => i.staffId));
      expect(missed).toEqual(['cb-vpdk']);
    });

    it('the public lookup by receipt code shows the status and the apology, and no person', async () => {
      const res = await t.raw().get(`${api}/public/dossiers/XA-A-260302-0001`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'delivered', procedure: { code: '1.004227' }, appointmentAt: vn('2026-03-18T17:00:00') });
      expect(res.body.apologies[0].reason).toBe('Chờ kết quả đo đạc lại thửa đất');
      expect(JSON.stringify(res.body)).not.toMatch(/mot-cua|cc-xa|cb-vpdk|Nguyễn|0912|applicantRef/);
      expect((await t.raw().get(`${api}/public/dossiers/NO-SUCH-CODE`)).status).toBe(404);
    });

    it('the monthly statistics count it late for the procedure, on time for the commune, late for the land office; CSV and XLSX export', async () => {
      const res = await get('/dossiers/statistics?month=2026-03', landHead);
      expect(res.status).toBe(200);
      expect(res.body.procedures).toEqual([expect.objectContaining({ key: '1.004227', finished: 1, late: 1, onTime: 0, apologies: 1, lateWithoutTimelyApology: 0 })]);
      const units = Object.fromEntries(res.body.units.map((u: { unitId: string }) => [u.unitId, u]));
      expect(units.vpdk).toMatchObject({ stagesLate: 1, stagesOnTime: 0 });
      // The head of the land office sees the dossiers that went through it; the commune's stage is in them.
      expect(units['xa-a']).toMatchObject({ stagesLate: 0, stagesOnTime: 1 });
      const staff = Object.fromEntries(res.body.staff.map((x: { staffId: string }) => [x.staffId, x]));
      expect(staff['cb-vpdk']).toMatchObject({ stagesLate: 1, averageRating: 4 });
      expect(staff['cc-xa']).toMatchObject({ stagesLate: 0, stagesOnTime: 1 });
      const csv = await get('/dossiers/statistics?month=2026-03&format=csv', landHead);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text).toContain('"procedure","1.004227",1,0,0,1');
      expect(csv.text).toContain('"staff","cb-vpdk"');
      const xlsx = await get('/dossiers/statistics?month=2026-03&format=xlsx', landHead).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(xlsx.status).toBe(200);
      expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });
  });

  describe('bad input: clear problem+json with stable codes, nothing written', () => {
    beforeAll(async () => {
      expect((await post('/dossiers', centre, { dossierId: 'hs-2', receiptCode: 'XA-A-2', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] })).status).toBe(201);
    });

    it('stages out of order', async () => {
      const res = await post('/dossiers/hs-2/handovers', centre, { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('dossier.stage_out_of_order');
    });

    it('a hand-over to a unit not in the procedure, or to a person not in the unit', async () => {
      const res = await post('/dossiers/hs-2/handovers', centre, { toStage: 'commune', toUnitId: 'stc', to: 'ngoai' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('dossier.unit_not_in_procedure');
      const person = await post('/dossiers/hs-2/handovers', centre, { toStage: 'commune', toUnitId: 'xa-a', to: 'ngoai' });
      expect(person.status).toBe(422);
      expect(person.body.code).toBe('dossier.receiver_not_in_unit');
    });

    it('a receipt code already in use', async () => {
      const res = await post('/dossiers', centre, { dossierId: 'hs-dup', receiptCode: 'XA-A-2', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('dossier.receipt_code_taken');
    });

    it('concurrent receptions with one receipt code: exactly one is received, the others 409, one DossierReceived carries the code (the read-model check let them all through)', async () => {
      const body = (i: number) => ({ dossierId: `hs-race-${i}`, receiptCode: 'XA-A-RACE', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'], applicant: { phone: `09000000${i}` } });
      const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => post('/dossiers', centre, body(i))));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409, 409, 409]);
      for (const r of answers.filter((a) => a.status === 409)) expect(r.body.code).toBe('dossier.receipt_code_taken');
      const received = await t.sql<{ stream: string }>("SELECT stream_id AS stream FROM events WHERE type = 'DossierReceived' AND data->>'receiptCode' = 'XA-A-RACE'");
      expect(received).toHaveLength(1);
      const reserved = await t.sql<{ dossier: string }>("SELECT data->>'dossierId' AS dossier FROM events WHERE stream_id = 'receipt-XA-A-RACE'");
      expect(reserved).toEqual([{ dossier: received[0]!.stream.slice('dossier-'.length) }]);
      // Nothing half-written: the refused receptions kept no contact.
      const contacts = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM dossier_applicant_data WHERE kind = 'contact' AND payload->>'dossierId' LIKE 'hs-race-%'");
      expect(contacts[0]!.n).toBe(1);
    });

    it('staff-written text kept in the events (apology reason, return reasons) may not carry the applicant\'s contact: 422 naming the field, nothing written (it went into the events as written)', async () => {
      const applicant = { name: 'Trần Thị Bé', phone: '0988 123 456' };
      expect((await post('/dossiers', centre, { dossierId: 'hs-pii', receiptCode: 'XA-A-PII', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'], applicant })).status).toBe(201);
      expect((await post('/dossiers/hs-pii/handovers', centre, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa' })).status).toBe(200);
      const before = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'dossier-hs-pii'");
      const named = await post('/dossiers/hs-pii/apologies', commune, { reason: 'Bà Trần Thị Bé chưa ký biên bản', newAppointmentAt: '2099-01-05T10:00:00+07:00' });
      expect(named.status).toBe(422);
      expect(named.body.code).toBe('dossier.text_quotes_applicant');
      expect(named.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      const phone = await post('/dossiers/hs-pii/return', commune, { reasons: ['Thiếu bản sao', 'Đã gọi 0988123456 không được'] });
      expect(phone.status).toBe(422);
      expect(phone.body.errors).toEqual([expect.objectContaining({ field: 'reasons[1]' })]);
      expect(await t.sql("SELECT count(*)::int AS n FROM events WHERE stream_id = 'dossier-hs-pii'")).toEqual(before);
      // Someone who may not see the dossier learns nothing about the contact: the command answers as for anyone.
      expect((await post('/dossiers/hs-pii/apologies', outsider, { reason: 'Trần Thị Bé', newAppointmentAt: '2099-01-05T10:00:00+07:00' })).body.code).toBe('dossier.not_found');
    });

    it('feedback on another applicant\'s dossier', async () => {
      const res = await post('/dossiers/hs-2/feedback', portal, { applicantRef, ratings: [{ criterion: 'result', score: 5 }] });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('dossier.not_applicants_dossier');
    });

    it('a reception at a centre the procedure does not name, and an unknown procedure, write nothing', async () => {
      const wrong = await post('/dossiers', await t.token('cc-xa', ['staff']), { dossierId: 'hs-x', receiptCode: 'X', procedureCode: '1.004227', centreUnitId: 'xa-a', documents: ['Đơn'] });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('dossier.unit_not_in_procedure');
      const unknown = await post('/dossiers', centre, { dossierId: 'hs-y', receiptCode: 'Y', procedureCode: 'nope', centreUnitId: 'xa-a-tthc', documents: ['Đơn'], applicant: { phone: '0999' } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('dossier.procedure_not_in_force');
      const rows = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM dossier_applicant_data WHERE payload::text LIKE '%0999%'");
      expect(rows[0]!.n).toBe(0);
      const events = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id IN ('dossier-hs-x', 'dossier-hs-y')");
      expect(events[0]!.n).toBe(0);
    });

    it('a reception retried with its Idempotency-Key answers the applicant reference the record carries and keeps one contact, under that reference (probe: held by the idempotency lease)', async () => {
      const body = { dossierId: 'hs-retry', receiptCode: 'XA-A-RETRY', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'], applicant: { phone: '0988777666' } };
      const first = await t.http().post(`${api}/dossiers`).set(...bearer(centre)).set('Idempotency-Key', 'retry-1').send(body);
      expect(first.status).toBe(201);
      const again = await t.http().post(`${api}/dossiers`).set(...bearer(centre)).set('Idempotency-Key', 'retry-1').send(body);
      expect(again.status).toBe(201);
      expect(again.body.applicantRef).toBe(first.body.applicantRef);
      const recorded = await t.sql<{ ref: string }>("SELECT data->>'applicantRef' AS ref FROM events WHERE stream_id = 'dossier-hs-retry'");
      expect(recorded).toEqual([{ ref: first.body.applicantRef }]);
      const held = await t.sql<{ ref: string }>("SELECT applicant_ref AS ref FROM dossier_applicant_data WHERE payload::text LIKE '%0988777666%'");
      expect(held).toEqual([{ ref: first.body.applicantRef }]);
    });
  });

  describe('applicant data held apart: erasure keeps the hash chain', () => {
    it('an hr token scoped away from the centre, or an unknown reference, is 404 with nothing recorded and nothing erased (any hr erased any reference, and an unknown one recorded an event of 0 entries)', async () => {
      const held = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM dossier_applicant_data WHERE applicant_ref = $1', [applicantRef]);
      expect(held[0]!.n).toBeGreaterThan(0);
      const scoped = await t.http().delete(`${api}/dossier-applicants/${applicantRef}`).set(...bearer(await t.token('hr-vpdk', ['hr'], ['vpdk'])));
      expect(scoped.status).toBe(404);
      expect(scoped.body.code).toBe('dossier.applicant_not_found');
      const unknown = await t.http().delete(`${api}/dossier-applicants/khong-co-ai`).set(...bearer(hr));
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('dossier.applicant_not_found');
      const recorded = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id IN ($1, 'applicant-khong-co-ai')", [`applicant-${applicantRef}`]);
      expect(recorded[0]!.n).toBe(0);
      const still = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM dossier_applicant_data WHERE applicant_ref = $1', [applicantRef]);
      expect(still[0]!.n).toBe(held[0]!.n);
    });

    it('erases the contact and the feedback text; the events, with the reference and the digest, are unchanged', async () => {
      const before = await t.sql<{ hash: string }>("SELECT hash FROM events WHERE stream_id = 'dossier-hs-1' ORDER BY revision");
      const erased = await t.http().delete(`${api}/dossier-applicants/${applicantRef}`).set(...bearer(hr));
      // The digest of the feedback text is keyed: a guess of a short text does not match it (a plain SHA-256 did).
      const digests = await t.sql<{ d: string }>("SELECT data->>'textDigest' AS d FROM events WHERE stream_id = 'dossier-hs-1' AND type = 'DossierFeedbackRecorded'");
      expect(digests.map((r) => r.d)).not.toContain(createHash('sha256').update('Trả chậm nhưng có xin lỗi').digest('hex'));
      expect(erased.status).toBe(200);
      // contact, feedback text, and the digest key
      expect(erased.body.erased).toBe(3);
      const after = await t.sql<{ hash: string }>("SELECT hash FROM events WHERE stream_id = 'dossier-hs-1' ORDER BY revision");
      expect(after).toEqual(before);
      const left = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM dossier_applicant_data WHERE applicant_ref = $1', [applicantRef]);
      expect(left[0]!.n).toBe(0);
      // The erasure itself is on the record, with nothing personal in it.
      const recorded = await t.sql<{ type: string; data: Record<string, unknown> }>(`SELECT type, data FROM events WHERE stream_id = $1`, [`applicant-${applicantRef}`]);
      expect(recorded).toEqual([{ type: 'ApplicantDataErased', data: expect.objectContaining({ applicantRef, entries: 3, erasedBy: 'hr-1' }) }]);
    });
  });

  describe('route x role', () => {
    beforeAll(async () => {
      expect((await post('/dossiers', centre, { dossierId: 'hs-3', receiptCode: 'XA-A-3', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] })).status).toBe(201);
    });

    it.each([
      ['centre staff receives', () => centre, 201],
      ['a processing officer may not receive at the centre', () => commune, 403],
      ['a unit head of another unit may not', () => landHead, 403],
      ['the council may not', () => council, 403],
    ])('POST /dossiers: %s', async (_l, token, status) => {
      const res = await post('/dossiers', token(), { receiptCode: `R-${Math.random().toString(36).slice(2, 8)}`, procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] });
      expect(res.status).toBe(status);
    });

    it('anonymous callers get 401 on every dossier route but the public lookup', async () => {
      expect((await t.raw().post(`${api}/dossiers`).send({})).status).toBe(401);
      expect((await t.raw().get(`${api}/dossiers/board`)).status).toBe(401);
      expect((await t.raw().get(`${api}/dossiers/hs-3`)).status).toBe(401);
      expect((await t.raw().get(`${api}/public/dossiers/XA-A-3`)).status).toBe(200);
    });

    it('hand-over: the holder yes; a processing officer not holding it 403; an outsider 404; the head of the next unit not yet', async () => {
      expect((await post('/dossiers/hs-3/handovers', outsider, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa' })).status).toBe(404);
      const head = await post('/dossiers/hs-3/handovers', landHead, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa' });
      expect(head.status).toBe(404);
      expect((await post('/dossiers/hs-3/handovers', centre, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa' })).status).toBe(200);
      const notHolder = await post('/dossiers/hs-3/handovers', centre, { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' });
      expect(notHolder.status).toBe(403);
      expect(notHolder.body.code).toBe('dossier.not_holder');
    });

    it('supplement request by the holder; the supplement recorded by the centre only; a second avoidable request is flagged', async () => {
      expect((await post('/dossiers/hs-3/supplement-requests', commune, { items: [{ document: 'Trích đo' }] })).status).toBe(200);
      const byOfficer = await post('/dossiers/hs-3/supplements', commune, { documents: ['Trích đo'] });
      expect(byOfficer.status).toBe(403);
      expect(byOfficer.body.code).toBe('dossier.not_centre_staff');
      expect((await post('/dossiers/hs-3/supplements', centre, { documents: ['Trích đo'] })).status).toBe(200);
      expect((await post('/dossiers/hs-3/supplement-requests', commune, { items: [{ document: 'Hợp đồng' }] })).status).toBe(200);
      const got = await get('/dossiers/hs-3', commune);
      expect(got.body.supplementRequests[1]).toMatchObject({ requestNo: 2, avoidableItems: ['Hợp đồng'] });
      expect((await post('/dossiers/hs-3/supplements', centre, { documents: ['Hợp đồng'] })).status).toBe(200);
    });

    it('the head of the current unit acts as manager; delivery only by the centre; complaints answered by the responsible unit', async () => {
      expect((await post('/dossiers/hs-3/handovers', commune, { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' })).status).toBe(200);
      expect((await post('/dossiers/hs-3/delivery', landHead, {})).status).toBe(403);
      expect((await post('/dossiers/hs-3/handovers', landHead, { toStage: 'return', toUnitId: 'xa-a-tthc', to: 'mot-cua' })).status).toBe(200);
      expect((await post('/dossiers/hs-3/delivery', commune, {})).status).toBe(403);
      expect((await post('/dossiers/hs-3/delivery', centre, {})).status).toBe(200);
      const ref = (await t.sql<{ ref: string }>("SELECT data->>'applicantRef' AS ref FROM events WHERE stream_id = 'dossier-hs-3' AND type = 'DossierReceived'"))[0]!.ref;
      expect((await post('/dossiers/hs-3/feedback', commune, { applicantRef: ref, complaint: true, text: 'Yêu cầu bổ sung hai lần' })).status).toBe(403);
      expect((await post('/dossiers/hs-3/feedback', centre, { applicantRef: ref, complaint: true, text: 'Yêu cầu bổ sung hai lần' })).status).toBe(200);
      expect((await post('/dossiers/hs-3/complaints/1/routing', centre, { toUnitId: 'xa-a' })).status).toBe(200);
      const wrongUnit = await post('/dossiers/hs-3/complaints/1/answer', land, { answer: 'x' });
      expect(wrongUnit.status).toBe(403);
      expect(wrongUnit.body.code).toBe('dossier.not_responsible_unit');
      expect((await post('/dossiers/hs-3/complaints/1/answer', commune, { answer: 'Đã chấn chỉnh cán bộ' })).status).toBe(200);
      // The answer may quote the applicant: it is held apart (erasable), the event has its keyed digest only (it was the text as written).
      const answered = await t.sql<{ data: Record<string, unknown> }>("SELECT data FROM events WHERE stream_id = 'dossier-hs-3' AND type = 'DossierComplaintAnswered'");
      expect(JSON.stringify(answered)).not.toContain('Đã chấn chỉnh cán bộ');
      expect(answered[0]!.data.answerDigest).toMatch(/^[0-9a-f]{64}$/);
      const held = await t.sql<{ text: string }>("SELECT payload->>'text' AS text FROM dossier_applicant_data WHERE applicant_ref = $1 AND kind = 'complaint_answer'", [ref]);
      expect(held).toEqual([{ text: 'Đã chấn chỉnh cán bộ' }]);
      // A second answer is refused and the stored one stays.
      expect((await post('/dossiers/hs-3/complaints/1/answer', commune, { answer: 'Khác' })).status).toBe(422);
      expect(await t.sql("SELECT payload->>'text' AS text FROM dossier_applicant_data WHERE applicant_ref = $1 AND kind = 'complaint_answer'", [ref])).toEqual([{ text: 'Đã chấn chỉnh cán bộ' }]);
      // Erased with the applicant's data.
      expect((await t.http().delete(`${api}/dossier-applicants/${ref}`).set(...bearer(hr))).status).toBe(200);
      expect(await t.sql('SELECT kind FROM dossier_applicant_data WHERE applicant_ref = $1', [ref])).toEqual([]);
    });

    it('return with reasons by the holder only; withdrawal recorded by the centre only; the carry-over by managers only', async () => {
      expect((await post('/dossiers', centre, { dossierId: 'hs-6', receiptCode: 'XA-A-6', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] })).status).toBe(201);
      expect((await post('/dossiers', centre, { dossierId: 'hs-7', receiptCode: 'XA-A-7', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] })).status).toBe(201);
      expect((await post('/dossiers/hs-6/handovers', centre, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa' })).status).toBe(200);
      const notHolder = await post('/dossiers/hs-6/return', centre, { reasons: ['x'] });
      expect(notHolder.status).toBe(403);
      const noReason = await post('/dossiers/hs-6/return', commune, { reasons: [] });
      expect(noReason.status).toBe(422);
      expect(noReason.body.code).toBe('dossier.reasons_required');
      expect((await post('/dossiers/hs-6/return', commune, { reasons: ['Đất đang có tranh chấp'] })).status).toBe(200);
      // The commune officer never held hs-7 and the commune is not a unit it went through: not even its existence.
      expect((await post('/dossiers/hs-7/withdrawal', commune, { reason: 'x' })).status).toBe(404);
      expect((await post('/dossiers/hs-6/withdrawal', commune, { reason: 'x' })).status).toBe(403);
      expect((await post('/dossiers/hs-7/withdrawal', centre, { reason: 'Đơn xin rút hồ sơ' })).status).toBe(200);
      expect((await post('/dossiers/hs-7/merger-carry-over', centre, { fromUnitId: 'xa-a', toUnitId: 'xa-b' })).status).toBe(403);
      // A successor the directory does not know: refused before anything else (the dossier was carried to it).
      const unknown = await post('/dossiers/hs-7/merger-carry-over', hr, { fromUnitId: 'xa-a', toUnitId: 'xa-b' });
      expect(unknown.status).toBe(422);
      expect(unknown.body.code).toBe('dossier.merger_successor_unknown');
      const closed = await post('/dossiers/hs-7/merger-carry-over', hr, { fromUnitId: 'xa-a', toUnitId: 'stc' });
      expect(closed.status).toBe(422);
      expect(closed.body.code).toBe('dossier.closed');
    });

    it('reads: involved officers and staff of the units it went through; scoped heads; council; not outsiders; statistics for heads only', async () => {
      for (const token of [centre, commune, land, landHead, council]) expect((await get('/dossiers/hs-3', token)).status).toBe(200);
      expect((await get('/dossiers/hs-3', outsider)).status).toBe(404);
      expect((await get('/dossiers/board', outsider)).body.open).toBe(0);
      expect((await get('/dossiers/board', portal)).status).toBe(403);
      expect((await get('/dossiers/statistics?month=2026-03', centre)).status).toBe(403);
      expect((await get('/dossiers/statistics?month=2026-13', landHead)).status).toBe(400);
      // Year 99 was read as 1999 by Date.UTC and answered as year 99: the record holds 1900..2200.
      expect((await get('/dossiers/statistics?month=0099-01', landHead)).status).toBe(400);
    });

    it('catalogue: only the province office (hr scoped to every unit) publishes; erasure is hr\'s', async () => {
      const body = { name: 'x', effectiveFrom: '2027-01-01', statutoryDays: 10, stages, legalBasis: 'x' };
      expect((await post('/procedures/1.004227/versions', landHead, body)).status).toBe(403);
      const scopedHr = await post('/procedures/1.004227/versions', await t.token('hr-2', ['hr'], ['vpdk']), body);
      expect(scopedHr.status).toBe(403);
      expect(scopedHr.body.code).toBe('procedure.not_catalogue_keeper');
      const bad = await post('/procedures/1.004227/versions', hr, { ...body, statutoryDays: 12 });
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('procedure.stages_invalid');
      // A day that does not exist, or a year the record cannot hold, was published as an effective date.
      for (const effectiveFrom of ['2027-02-30', '0000-01-01']) {
        const odd = await post('/procedures/1.004227/versions', hr, { ...body, effectiveFrom });
        expect(odd.status).toBe(400);
        expect(odd.body.errors).toEqual([expect.objectContaining({ field: 'effectiveFrom' })]);
      }
      expect((await get('/procedures/1.004227', commune)).body.versions).toHaveLength(1);
      expect((await t.http().delete(`${api}/dossier-applicants/x`).set(...bearer(centre))).status).toBe(403);
    });
  });

  describe('merged communes keep statutory dates and the delay of a stage late before the merger', () => {
    it('carries an open dossier to the successor commune when the unit merge is recorded', async () => {
      await post('/units', hr, { unitId: 'xa-moi', name: 'UBND xã mới (hợp nhất)', parentUnitId: 'tinh', establishedOn: '2020-01-01' }).expect(201);
      expect((await post('/dossiers', centre, { dossierId: 'hs-5', receiptCode: 'XA-A-5', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'], occurredAt: vn('2026-03-02T08:00:00') })).status).toBe(201);
      expect((await post('/dossiers/hs-5/handovers', centre, { toStage: 'commune', toUnitId: 'xa-a', to: 'cc-xa', occurredAt: vn('2026-03-02T11:00:00') })).status).toBe(200);
      const before = (await get('/dossiers/hs-5', hr)).body;
      const merged = await post('/units/xa-a/merger', hr, { intoUnitId: 'xa-moi', mergedOn: new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10), decisionRef: '202/2025/QH15 (demo)' });
      expect(merged.status).toBe(200);
      const after = (await get('/dossiers/hs-5', hr)).body;
      expect(after.statutoryDueAt).toBe(before.statutoryDueAt);
      expect(after.appointmentAt).toBe(before.appointmentAt);
      expect(after.mergers).toEqual([expect.objectContaining({ fromUnitId: 'xa-a', toUnitId: 'xa-moi' })]);
      // The commune stage was already late: its delay stays with the merged commune; the land office stage is untouched.
      expect(after.trail[1]).toMatchObject({ stageKey: 'commune', unitId: 'xa-a', holder: 'cc-xa' });
      expect(after.stages[1].unitIds).toEqual(['xa-moi']);
      const on = await post('/dossiers/hs-5/handovers', commune, { toStage: 'land_office', toUnitId: 'vpdk', to: 'cb-vpdk' });
      expect(on.status).toBe(200);
      const closed = (await get('/dossiers/hs-5', hr)).body;
      expect(closed.trail[1]).toMatchObject({ stageKey: 'commune', unitId: 'xa-a', holder: 'cc-xa', late: true });
    });
  });

  it('dossiers_v1: rebuild and incremental results are identical', async () => {
    const runner = t.app.get(ProjectionRunner);
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await runner.waitFor(BigInt(head), 60_000)).toBe(true);
    const incremental = await dumpTables(t.db.url, ['dossiers_v1']);
    expect(incremental.dossiers_v1!.length).toBeGreaterThanOrEqual(5);
    await runner.rebuild('dossiers_v1');
    expect(await runner.waitFor(BigInt(head), 60_000)).toBe(true);
    expect(await dumpTables(t.db.url, ['dossiers_v1'])).toEqual(incremental);
  });

  it('odd data in a recorded dossier event (written behind the API) stops no projection: nothing quarantined, later dossiers project', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    await store.append('dossier-odd', [{
      id: randomUUID(), type: 'DossierReceived',
      data: { dossierId: 'odd', receiptCode: 'ODD-1', procedureCode: 'x', procedureName: 'x', procedureVersion: 'x', statutoryDays: 'ten', stages: 'none', centreUnitId: 'xa-a-tthc',
        receivedBy: 'mot-cua', receivedAt: 'yesterday', appointmentAt: '+010000-01-01T00:00:00Z', stageDueAt: null, applicantRef: 'r', documents: [] },
      metadata: { actor: { sub: 'importer-x', roles: ['importer'] } },
    }], 'no_stream');
    expect((await post('/dossiers', centre, { dossierId: 'hs-after', receiptCode: 'XA-A-AFTER', procedureCode: '1.004227', centreUnitId: 'xa-a-tthc', documents: ['Đơn'] })).status).toBe(201);
    expect((await get('/dossiers/hs-after', centre)).status).toBe(200);
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await t.app.get(ProjectionRunner).waitFor(BigInt(head), 60_000)).toBe(true);
    const quarantined = await t.sql<{ projection: string; error: string }>('SELECT projection, error FROM projection_quarantine');
    expect(quarantined).toEqual([]);
  });

  it('a day that does not exist (2026-02-30) in a recorded hand-over or due date is neither quarantined nor dropped: the dossier moves to its new holder, the assignment counts', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const meta = { actor: { sub: 'importer-x', roles: ['importer'] } };
    const at = vn('2026-03-02T08:00:00');
    await store.append('dossier-feb30', [
      { id: randomUUID(), type: 'DossierReceived', metadata: meta, data: { dossierId: 'feb30', receiptCode: 'FEB-30', procedureCode: '1.004227', procedureName: 'x', procedureVersion: '2026-01-01', statutoryDays: 10, stages,
        centreUnitId: 'xa-a-tthc', receivedBy: 'mot-cua', receivedAt: at, appointmentAt: vn('2026-03-13T17:00:00'), stageDueAt: vn('2026-03-02T12:00:00'), applicantRef: 'r', documents: ['Đơn'] } },
      { id: randomUUID(), type: 'DossierHandedOver', metadata: meta, data: { dossierId: 'feb30', fromStage: 'reception', toStage: 'commune', fromUnitId: 'xa-a-tthc', toUnitId: 'xa-a', from: 'mot-cua', to: 'cc-xa', by: 'mot-cua',
        interAgency: false, handedOverAt: vn('2026-03-02T11:00:00'), stageDueAt: '2026-02-30T10:00:00Z',
        previous: { stageKey: 'reception', unitId: 'xa-a-tthc', holder: 'mot-cua', startedAt: at, endedAt: vn('2026-03-02T11:00:00'), dueAt: vn('2026-03-02T12:00:00'), allowedDays: 0.5, usedDays: 0.38, late: false } } },
    ], 'no_stream');
    await store.append('assignment-feb30', [
      { id: randomUUID(), type: 'AssignmentIssued', metadata: meta, data: { assignmentId: 'feb30', kind: 'task', unitId: 'xa-a', assignee: 'cc-xa', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
        assignedBy: 'hr-1', authorityBasis: 'b', dueAt: '2026-02-30T10:00:00Z', responsible: 'cc-xa', issuedAt: at } },
      { id: randomUUID(), type: 'AssignmentCompleted', metadata: meta, data: { assignmentId: 'feb30', deliverableRef: 'x', completedBy: 'cc-xa', completedAt: vn('2026-03-20T10:00:00'), dueAt: '2026-02-30T10:00:00Z', late: false } },
    ], 'no_stream');
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await t.app.get(ProjectionRunner).waitFor(BigInt(head), 60_000)).toBe(true);
    // The work board too: the row is there with no due date in force (it parked the AssignmentIssued: due_at NOT NULL), and the later completion applies (null-safe read-back).
    expect(await waitFor(async () => {
      const rows = await t.sql("SELECT status, holder, due_at, completed_at IS NOT NULL AS completed FROM assignment_board_v1 WHERE id = 'feb30'");
      return rows[0]?.['status'] === 'completed' ? rows : undefined;
    }, 'the odd assignment on the work board')).toEqual([{ status: 'completed', holder: 'cc-xa', due_at: null, completed: true }]);
    expect(await waitFor(async () => {
      const rows = await t.sql('SELECT step_no, holder, due_at FROM responsibility_trail_v1 WHERE assignment_id = $1 ORDER BY step_no', ['feb30']);
      return rows.length === 2 ? rows : undefined;
    }, 'the trail of the odd assignment')).toEqual([
      { step_no: 1, holder: 'cc-xa', due_at: null },
      { step_no: 2, holder: 'cc-xa', due_at: null },
    ]);
    const tracked = await waitFor(async () => {
      const rows = await t.sql('SELECT assignment_id, holder, unit_id, due_at, status FROM indicator_assignments_v1 WHERE assignment_id IN ($1, $2) ORDER BY assignment_id', ['dossier-feb30', 'feb30']);
      return rows.length === 2 && rows[1]!['status'] === 'completed' ? rows : undefined;
    }, 'the indicators of the odd dossier and assignment');
    expect(tracked).toEqual([
      { assignment_id: 'dossier-feb30', holder: 'cc-xa', unit_id: 'xa-a', due_at: null, status: 'open' },
      { assignment_id: 'feb30', holder: 'cc-xa', unit_id: 'xa-a', due_at: null, status: 'completed' },
    ]);
    expect(await waitFor(async () => {
      const rows = await t.sql('SELECT holder, stage_due_at FROM dossiers_v1 WHERE id = $1', ['feb30']);
      return rows[0]?.['holder'] === 'cc-xa' ? rows : undefined;
    }, 'the odd dossier moved to its new holder')).toEqual([{ holder: 'cc-xa', stage_due_at: null }]);
    // Last, once every projection above has applied the events.
    expect(await t.sql('SELECT projection, event_type, error FROM projection_quarantine')).toEqual([]);
  });

  it('odd event times (not an instant, a day that does not exist) in recorded work events neither stop nor drop the board, the trail or the indicator counters: they count in the month the event was recorded', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const meta = { actor: { sub: 'importer-x', roles: ['importer'] } };
    await store.append('assignment-oddtimes', [
      { id: randomUUID(), type: 'AssignmentIssued', metadata: meta, data: { assignmentId: 'oddtimes', kind: 'task', unitId: 'xa-a', assignee: 'cc-xa', title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
        assignedBy: 'hr-1', authorityBasis: 'b', dueAt: 'not a date', responsible: 'cc-xa', issuedAt: 'not a date' } },
      { id: randomUUID(), type: 'AssignmentHandedOff', metadata: meta, data: { assignmentId: 'oddtimes', from: 'cc-xa', to: 'cb-vpdk', reason: 'reassignment', justification: 'j', by: 'cc-xa',
        responsible: 'cb-vpdk', toUnitId: 'vpdk', pingPong: false, handedOffAt: '2026-02-30T10:00:00Z' } },
      { id: randomUUID(), type: 'AssignmentHandedOff', metadata: meta, data: { assignmentId: 'oddtimes', from: 'cb-vpdk', to: 'cc-xa', reason: 'returned_to_sender', justification: 'j', by: 'cb-vpdk',
        responsible: 'cc-xa', toUnitId: 'xa-a', pingPong: true, handedOffAt: 'not a date' } },
    ], 'no_stream');
    await store.append('consultation-oddtimes', [
      { id: randomUUID(), type: 'ConsultationRequested', metadata: meta, data: { consultationId: 'oddtimes', requestedBy: 'cc-xa', requesterUnitId: 'xa-a', consultedUnitId: 'vpdk', question: 'q',
        withinRequesterAuthority: true, dueAt: vn('2026-03-20T10:00:00'), requestedAt: 'not a date' } },
    ], 'no_stream');
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await t.app.get(ProjectionRunner).waitFor(BigInt(head), 60_000)).toBe(true);
    // The indicators count the request (within the requester's authority) in the month recorded.
    expect(await waitFor(async () => {
      const rows = await t.sql("SELECT requested_by, requested_at IS NOT NULL AS dated FROM indicator_consultations_v1 WHERE consultation_id = 'oddtimes'");
      return rows.length ? rows : undefined;
    }, 'the odd consultation in the indicators')).toEqual([{ requested_by: 'cc-xa', dated: true }]);
    expect(await waitFor(async () => {
      const rows = await t.sql("SELECT holder, handoffs, ping_pongs, due_at, issued_at FROM assignment_board_v1 WHERE id = 'oddtimes'");
      return rows[0]?.['handoffs'] === 2 ? rows : undefined;
    }, 'the odd assignment on the board')).toEqual([
      { holder: 'cc-xa', handoffs: 2, ping_pongs: 1, due_at: null, issued_at: null },
    ]);
    const recorded = await t.sql<{ y: number; m: number }>(
      "SELECT DISTINCT extract(year FROM recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS y, extract(month FROM recorded_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::int AS m FROM events WHERE stream_id = 'assignment-oddtimes'",
    );
    expect(recorded).toHaveLength(1);
    const signals = await waitFor(async () => {
      const rows = await t.sql("SELECT signal, staff_id, year, month FROM avoidance_signals_v1 WHERE stream_id = 'assignment-oddtimes' ORDER BY revision, signal");
      return rows.length >= 3 ? rows : undefined;
    }, 'the signals of the odd hand-overs');
    expect(signals).toEqual([
      { signal: 'handoff_initiated', staff_id: 'cc-xa', year: recorded[0]!.y, month: recorded[0]!.m },
      { signal: 'handoff_initiated', staff_id: 'cb-vpdk', year: recorded[0]!.y, month: recorded[0]!.m },
      { signal: 'ping_pong', staff_id: 'cb-vpdk', year: recorded[0]!.y, month: recorded[0]!.m },
    ]);
    const counted = await waitFor(async () => {
      const rows = await t.sql("SELECT staff_id, sum(handoffs_received)::int AS received FROM staff_indicators_v1 WHERE staff_id IN ('cc-xa', 'cb-vpdk') AND year = $1 AND month = $2 GROUP BY staff_id ORDER BY staff_id", [recorded[0]!.y, recorded[0]!.m]);
      return rows.length === 2 ? rows : undefined;
    }, 'the hand-overs counted in the month recorded');
    expect(counted).toEqual([{ staff_id: 'cb-vpdk', received: 1 }, { staff_id: 'cc-xa', received: 1 }]);
    // The consultation register too (requested_at was NOT NULL there).
    expect(await waitFor(async () => {
      const rows = await t.sql("SELECT status, requested_at, due_at IS NOT NULL AS due FROM consultation_register_v1 WHERE id = 'oddtimes'");
      return rows.length ? rows : undefined;
    }, 'the odd consultation in the register')).toEqual([{ status: 'requested', requested_at: null, due: true }]);
    expect(await t.sql('SELECT projection, event_type, error FROM projection_quarantine')).toEqual([]);
  });
});

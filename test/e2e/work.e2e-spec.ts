import { bearer, createTestApp, type TestApp } from '../support/app.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Whole seconds, so instants round-trip through timestamptz unchanged. */
const BASE = Math.floor(Date.now() / 1000) * 1000;
const ago = (ms: number) => new Date(BASE - ms).toISOString();

const SIX_CLEAR = {
  title: 'Rà soát vị trí việc làm',
  description: 'Rà soát đề án vị trí việc làm của các phòng chuyên môn',
  deliverable: 'Báo cáo rà soát',
  successCriteria: 'Đủ 12 phòng, có đề xuất điều chỉnh',
  assignedBy: 'cuong',
  authorityBasis: 'Quyết định 12/QĐ-SNV',
};

describe('work handling: assignments, handoffs and the responsibility trail', () => {
  let t: TestApp;
  let hr: string;
  let head: string; // cuong: head of snv; importer too, to record the story's past steps
  let an: string;
  let binh: string;

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    head = await t.token('cuong', ['unit_head', 'importer'], ['snv']);
    an = await t.token('an', ['staff', 'importer']);
    binh = await t.token('binh', ['staff', 'importer']);
    for (const u of [
      { unitId: 'tinh', name: 'UBND tỉnh', establishedOn: '2025-07-01' },
      { unitId: 'snv', name: 'Sở Nội vụ', parentUnitId: 'tinh', establishedOn: '2025-07-01' },
      { unitId: 'stc', name: 'Sở Tài chính', parentUnitId: 'tinh', establishedOn: '2025-07-01' },
    ]) {
      await t.http().post('/api/v1/units').set(...bearer(hr)).send(u).expect(201);
    }
    for (const [staffId, fullName] of [
      ['an', 'Nguyễn Văn An'],
      ['binh', 'Trần Thị Bình'],
      ['cuong', 'Lê Văn Cường'],
    ] as const) {
      await t
        .http()
        .post('/api/v1/staff')
        .set(...bearer(hr))
        .send({ staffId, personnelCode: `CC-${staffId}`, fullName, category: 'civil_servant', unitId: 'snv', jobPosition: 'Chuyên viên', joinedOn: '2020-03-01' })
        .expect(201);
    }
    await t.http().post('/api/v1/staff/cuong/leadership').set(...bearer(hr)).send({ role: 'head', unitId: 'snv', effectiveOn: '2024-01-01' }).expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('the story: issued, handed off twice (back to the first person), completed late, reviewed', () => {
    const T0 = ago(10 * DAY); // issued
    const DUE = ago(2 * DAY);
    const T1 = ago(7 * DAY); // an -> binh
    const T2 = ago(5 * DAY); // binh -> an (ping-pong)
    const TA = ago(3 * DAY); // accepted
    const TC = ago(1 * DAY); // completed, one day late
    const TR = ago(12 * HOUR); // reviewed

    it('issues with all six clear fields: 201 {id, version} with ETag and Location', async () => {
      const res = await t
        .http()
        .post('/api/v1/assignments')
        .set(...bearer(head))
        .send({ assignmentId: 'a1', kind: 'task', assignee: 'an', ...SIX_CLEAR, dueAt: DUE, occurredAt: T0 });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: 'a1', version: 1, position: expect.stringMatching(/^\d+$/) });
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe('/api/v1/assignments/a1');
    });

    it('hands off to binh, who returns it to an (ping-pong)', async () => {
      const first = await t
        .http()
        .post('/api/v1/assignments/a1/handoffs')
        .set(...bearer(an))
        .send({ to: 'binh', reason: 'reassignment', justification: 'Binh phụ trách lĩnh vực này', occurredAt: T1 });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ version: 2, position: expect.stringMatching(/^\d+$/) });
      expect(first.headers.etag).toBe('"2"');
      const back = await t
        .http()
        .post('/api/v1/assignments/a1/handoffs')
        .set(...bearer(binh))
        .send({ to: 'an', reason: 'returned_to_sender', justification: 'Không thuộc phạm vi của tôi', occurredAt: T2 });
      expect(back.status).toBe(200);
      expect(back.body).toEqual({ version: 3, position: expect.stringMatching(/^\d+$/) });
    });

    it('shows the open work as overdue on the board while it is past due', async () => {
      const res = await t.http().get('/api/v1/assignments/a1').set(...bearer(head));
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"3"');
      expect(res.body).toEqual({
        id: 'a1',
        kind: 'task',
        title: SIX_CLEAR.title,
        unitId: 'snv',
        assignee: 'an',
        assignedBy: 'cuong',
        holder: 'an',
        responsible: 'an',
        status: 'issued',
        dueAt: DUE,
        issuedAt: T0,
        completedAt: null,
        late: null,
        quality: null,
        overdue: true,
        handoffs: 2,
        pingPongs: 1,
        version: 3,
      });
      const overdue = await t.http().get('/api/v1/assignments?overdue=true').set(...bearer(head));
      expect(overdue.body.items.map((a: { id: string }) => a.id)).toEqual(['a1']);
      const notOverdue = await t.http().get('/api/v1/assignments?overdue=false').set(...bearer(head));
      expect(notOverdue.body.items.map((a: { id: string }) => a.id)).not.toContain('a1');
    });

    it('is accepted, completed late, and reviewed', async () => {
      await t.http().post('/api/v1/assignments/a1/acceptance').set(...bearer(an)).send({ occurredAt: TA }).expect(200).expect((r) => expect(r.body).toEqual({ version: 4, position: r.headers['ledger-position'] }));
      await t
        .http()
        .post('/api/v1/assignments/a1/completion')
        .set(...bearer(an))
        .send({ deliverableRef: 'VB-2026-0831', occurredAt: TC })
        .expect(200).expect((r) => expect(r.body).toEqual({ version: 5, position: r.headers['ledger-position'] }));
      const before = await t.http().get('/api/v1/assignments/a1').set(...bearer(head));
      expect(before.body).toMatchObject({ status: 'completed', completedAt: TC, late: true, overdue: false });
      await t
        .http()
        .post('/api/v1/assignments/a1/review')
        .set(...bearer(head))
        .send({ quality: 'met', comment: 'Đạt yêu cầu', occurredAt: TR })
        .expect(200).expect((r) => expect(r.body).toEqual({ version: 6, position: r.headers['ledger-position'] }));
      const after = await t.http().get('/api/v1/assignments/a1').set(...bearer(head));
      expect(after.body).toMatchObject({ status: 'reviewed', late: true, quality: 'met', overdue: false, version: 6 });
    });

    it('has the exact trail, one row per step', async () => {
      const res = await t.http().get('/api/v1/assignments/a1/trail').set(...bearer(head));
      expect(res.status).toBe(200);
      const steps = res.body.steps.map(({ eventId, eventPosition, ...s }: Record<string, unknown>) => {
        expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
        expect(eventPosition).toMatch(/^\d+$/);
        return s;
      });
      const row = (step: number, action: string, holder: string, actor: string, from: string, to: string | null, extra: Record<string, unknown> = {}) => ({
        step, action, responsible: holder, holder, unitId: 'snv', from, to, reason: null, justification: null, actor, pingPong: false,
        dueAt: DUE, deadlineMissed: false, missedDueAt: null, ...extra,
      });
      expect(steps).toEqual([
        row(1, 'issued', 'an', 'cuong', T0, T1),
        row(2, 'handed_off', 'binh', 'an', T1, T2, { reason: 'reassignment', justification: 'Binh phụ trách lĩnh vực này' }),
        row(3, 'handed_off', 'an', 'binh', T2, TA, { reason: 'returned_to_sender', justification: 'Không thuộc phạm vi của tôi', pingPong: true }),
        // The due date passed while An held the accepted work: this step's holder let it pass.
        row(4, 'accepted', 'an', 'an', TA, TC, { deadlineMissed: true, missedDueAt: DUE }),
        row(5, 'completed', 'an', 'an', TC, TR),
        row(6, 'reviewed', 'an', 'cuong', TR, null, { reason: 'met', justification: 'Đạt yêu cầu' }),
      ]);
    });

    it('answers who was responsible at three instants, and 404 before issuance', async () => {
      const at = async (instant: string) => t.http().get(`/api/v1/assignments/a1/responsible?at=${encodeURIComponent(instant)}`).set(...bearer(head));
      const r1 = await at(ago(9 * DAY));
      expect(r1.status).toBe(200);
      expect(r1.body).toMatchObject({ assignmentId: 'a1', at: ago(9 * DAY), responsible: 'an', holder: 'an', unitId: 'snv', step: { step: 1, action: 'issued' } });
      const r2 = await at(ago(6 * DAY));
      expect(r2.body).toMatchObject({ responsible: 'binh', holder: 'binh', step: { step: 2, action: 'handed_off' } });
      const r3 = await at(ago(4 * DAY));
      expect(r3.body).toMatchObject({ responsible: 'an', holder: 'an', step: { step: 3, action: 'handed_off', pingPong: true } });
      const exactly = await at(T1);
      expect(exactly.body).toMatchObject({ responsible: 'binh', step: { step: 2 } });
      const before = await at(ago(11 * DAY));
      expect(before.status).toBe(404);
      expect(before.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(before.body.code).toBe('assignment.nobody_responsible_at');
      const bad = await t.http().get('/api/v1/assignments/a1/responsible?at=yesterday').set(...bearer(head));
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('validation_failed');
    });
  });

  describe('problem+json errors', () => {
    it('a missing clear field: 422 assignment.six_clear_incomplete naming each missing field', async () => {
      const { deliverable: _d, authorityBasis: _a, ...partial } = SIX_CLEAR;
      const res = await t
        .http()
        .post('/api/v1/assignments')
        .set(...bearer(head))
        .send({ assignmentId: 'a-incomplete', unitId: 'snv', assignee: 'an', ...partial, dueAt: new Date(BASE + 5 * DAY).toISOString() });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 422,
        code: 'assignment.six_clear_incomplete',
        errors: [
          { field: 'deliverable', message: 'Clear result: the deliverable is missing' },
          { field: 'authorityBasis', message: 'Clear authority: the authority basis is missing' },
        ],
      });
      expect(res.body.errors).toHaveLength(2);
      const rows = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'assignment-a-incomplete'");
      expect(rows[0]!.n).toBe(0);
    });

    it('an empty request names all six clear gaps', async () => {
      const res = await t.http().post('/api/v1/assignments').set(...bearer(head)).send({ unitId: 'snv' });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'assignee', 'title', 'description', 'deliverable', 'successCriteria', 'assignedBy', 'authorityBasis', 'dueAt', 'responsible',
      ]);
    });

    it('a stale If-Match: 412 with the current version', async () => {
      await t
        .http()
        .post('/api/v1/assignments')
        .set(...bearer(head))
        .send({ assignmentId: 'a2', assignee: 'an', ...SIX_CLEAR, dueAt: new Date(BASE + 5 * DAY).toISOString() })
        .expect(201);
      const res = await t.http().post('/api/v1/assignments/a2/acceptance').set(...bearer(an)).set('If-Match', '"5"').send({});
      expect(res.status).toBe(412);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 412, code: 'precondition_failed', currentVersion: 1 });
      await t.http().post('/api/v1/assignments/a2/acceptance').set(...bearer(an)).set('If-Match', '"1"').send({}).expect(200).expect((r) => expect(r.body).toEqual({ version: 2, position: r.headers['ledger-position'] }));
    });

    it('an unknown field: 400 unknown_field', async () => {
      const res = await t
        .http()
        .post('/api/v1/assignments/a2/progress')
        .set(...bearer(an))
        .send({ note: 'Đã rà soát 6/12 phòng', colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'unknown_field', errors: [{ field: 'colour', message: 'is not an accepted field' }] });
    });

    it('a rule violation keeps its stable code (handing work to oneself)', async () => {
      const res = await t.http().post('/api/v1/assignments/a2/handoffs').set(...bearer(an)).send({ to: 'an', reason: 'reassignment', justification: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('assignment.handoff_to_self');
    });

    it('only the importer may backdate', async () => {
      const staffOnly = await t.token('an', ['staff']);
      const res = await t.http().post('/api/v1/assignments/a2/progress').set(...bearer(staffOnly)).send({ note: 'x', occurredAt: ago(3 * DAY) });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('occurred_at_needs_importer');
    });
  });

  describe('20 concurrent handoffs on one assignment', () => {
    it('each gets success or a clean conflict, and the trail has one row per accepted handoff', async () => {
      // Handoffs name registered staff (issue 12 item 5).
      for (let i = 0; i < 20; i++) {
        await t.http().post('/api/v1/staff').set(...bearer(hr))
          .send({ staffId: `p${i}`, personnelCode: `CC-p${i}`, fullName: `P ${i}`, category: 'civil_servant', unitId: 'snv', jobPosition: 'Chuyên viên', joinedOn: '2020-03-01' })
          .expect(201);
      }
      await t
        .http()
        .post('/api/v1/assignments')
        .set(...bearer(head))
        .send({ assignmentId: 'race', assignee: 'an', ...SIX_CLEAR, dueAt: new Date(BASE + 5 * DAY).toISOString() })
        .expect(201);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.http().post('/api/v1/assignments/race/handoffs').set(...bearer(head)).send({ to: `p${i}`, reason: 'reassignment', justification: `round ${i}` }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      for (const r of results) {
        expect([200, 409, 422]).toContain(r.status);
        if (r.status !== 200) {
          expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
          expect(typeof r.body.code).toBe('string');
        }
      }
      expect(ok.length).toBeGreaterThan(0);
      const versions = ok.map((r) => r.body.version as number).sort((a, b) => a - b);
      expect(new Set(versions).size).toBe(ok.length);
      const trail = await t.http().get('/api/v1/assignments/race/trail').set(...bearer(head));
      const handoffs = trail.body.steps.filter((s: { action: string }) => s.action === 'handed_off');
      expect(handoffs).toHaveLength(ok.length);
      expect(trail.body.steps.map((s: { step: number }) => s.step)).toEqual(Array.from({ length: ok.length + 1 }, (_, i) => i + 1));
      const events = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id = 'assignment-race' AND type = 'AssignmentHandedOff'");
      expect(events[0]!.n).toBe(ok.length);
      const board = await t.http().get('/api/v1/assignments/race').set(...bearer(head));
      expect(board.body.version).toBe(1 + ok.length);
      expect(board.body.handoffs).toBe(ok.length);
      // Each step closes exactly where the next one opens.
      const steps = trail.body.steps as Array<{ from: string; to: string | null }>;
      for (let i = 0; i + 1 < steps.length; i++) expect(steps[i]!.to).toBe(steps[i + 1]!.from);
      expect(steps.at(-1)!.to).toBeNull();
    });
  });

  describe('unit merge hands over open work with restructure handoffs', () => {
    it('moves each open assignment of the merged unit to the head of the receiving unit, in one outcome', async () => {
      await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'px', name: 'Phòng X', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
      await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'py', name: 'Phòng Y', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
      for (const [staffId, unitId] of [['dung', 'px'], ['em', 'py']] as const) {
        await t
          .http()
          .post('/api/v1/staff')
          .set(...bearer(hr))
          .send({ staffId, personnelCode: `CC-${staffId}`, fullName: staffId, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn: '2020-03-01' })
          .expect(201);
      }
      const due = new Date(BASE + 5 * DAY).toISOString();
      for (const id of ['m1', 'm2', 'm3']) {
        await t.http().post('/api/v1/assignments').set(...bearer(hr)).send({ assignmentId: id, assignee: 'dung', ...SIX_CLEAR, dueAt: due }).expect(201);
      }
      await t.http().post('/api/v1/assignments/m3/cancellation').set(...bearer(hr)).send({ reason: 'Không còn cần thiết' }).expect(200);

      const noReceiver = await t.http().post('/api/v1/units/px/merger').set(...bearer(hr)).send({ intoUnitId: 'py', mergedOn: '2026-01-01', decisionRef: '1/QĐ' });
      expect(noReceiver.status).toBe(422);
      expect(noReceiver.body.code).toBe('unit.merge_no_receiver');
      const nothing = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type IN ('UnitMerged', 'AssignmentHandedOff') AND stream_id IN ('unit-px', 'assignment-m1', 'assignment-m2')");
      expect(nothing[0]!.n).toBe(0);

      await t.http().post('/api/v1/staff/em/leadership').set(...bearer(hr)).send({ role: 'head', unitId: 'py', effectiveOn: '2024-01-01' }).expect(200);
      const merged = await t.http().post('/api/v1/units/px/merger').set(...bearer(hr)).send({ intoUnitId: 'py', mergedOn: '2026-01-01', decisionRef: '1/QĐ' });
      expect(merged.status).toBe(200);
      expect(merged.body).toEqual({ version: 2, position: expect.stringMatching(/^\d+$/) });

      const list = await t.http().get('/api/v1/assignments?unitId=py').set(...bearer(hr));
      expect(list.body.items.map((a: { id: string; holder: string }) => [a.id, a.holder])).toEqual([['m1', 'em'], ['m2', 'em']]);
      const m3 = await t.http().get('/api/v1/assignments/m3').set(...bearer(hr));
      expect(m3.body).toMatchObject({ unitId: 'px', holder: 'dung', status: 'cancelled' });
      const trail = await t.http().get('/api/v1/assignments/m1/trail').set(...bearer(hr));
      expect(trail.body.steps.at(-1)).toMatchObject({ action: 'handed_off', reason: 'restructure', holder: 'em', responsible: 'em', unitId: 'py', actor: 'hr-1', to: null });
      // One transaction: the unit event and both handoffs were committed together (same transaction id).
      const tx = await t.sql<{ n: number }>(
        "SELECT count(DISTINCT xmin::text)::int AS n FROM events WHERE (stream_id = 'unit-px' AND type = 'UnitMerged') OR (stream_id IN ('assignment-m1', 'assignment-m2') AND type = 'AssignmentHandedOff')",
      );
      expect(tx[0]!.n).toBe(1);
    });

    it('moves the merged unit\'s people to the receiving unit in the same transaction, and the merged unit refuses new staff and work (409 unit.merged)', async () => {
      // px was merged into py above; dung was its only person.
      const dung = await t.http().get('/api/v1/staff/dung').set(...bearer(hr));
      expect(dung.body).toMatchObject({ unitId: 'py' });
      const moved = await t.sql<{ reason: string; from: string; to: string; effective: string }>(
        "SELECT data->>'reason' AS reason, data->>'fromUnitId' AS from, data->>'toUnitId' AS to, data->>'effectiveOn' AS effective FROM events WHERE stream_id = 'staff-dung' AND type = 'StaffTransferred'",
      );
      expect(moved).toEqual([{ reason: 'restructure', from: 'px', to: 'py', effective: '2026-01-01' }]);
      const tx = await t.sql<{ n: number }>(
        "SELECT count(DISTINCT tx_id::text)::int AS n FROM events WHERE (stream_id = 'unit-px' AND type = 'UnitMerged') OR (stream_id = 'staff-dung' AND type = 'StaffTransferred') OR (stream_id IN ('assignment-m1', 'assignment-m2') AND type = 'AssignmentHandedOff')",
      );
      expect(tx[0]!.n).toBe(1);

      const staff = await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId: 'giang', personnelCode: 'CC-giang', fullName: 'giang', category: 'civil_servant', unitId: 'px', jobPosition: 'Chuyên viên', joinedOn: '2020-03-01' });
      expect(staff.status).toBe(409);
      expect(staff.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(staff.body).toMatchObject({ code: 'unit.merged', errors: [{ field: 'unitId' }] });
      const work = await t.http().post('/api/v1/assignments').set(...bearer(hr)).send({ assignmentId: 'm9', unitId: 'px', assignee: 'em', ...SIX_CLEAR, dueAt: new Date(BASE + 5 * DAY).toISOString() });
      expect(work.status).toBe(409);
      expect(work.body.code).toBe('unit.merged');
      const transfer = await t.http().post('/api/v1/staff/em/transfers').set(...bearer(hr)).send({ toUnitId: 'px', effectiveOn: '2026-02-01' });
      expect(transfer.status).toBe(409);
      expect(transfer.body.code).toBe('unit.merged');
      const written = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id IN ('staff-giang', 'assignment-m9')");
      expect(written[0]!.n).toBe(0);
    });

    it('an importer recording a past merger times the restructure handoffs at the merger\'s effective time', async () => {
      const importer = await t.token('importer-1', ['hr', 'importer'], ['*']);
      await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'pz', name: 'Phòng Z', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
      await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId: 'hoa', personnelCode: 'CC-hoa', fullName: 'hoa', category: 'civil_servant', unitId: 'pz', jobPosition: 'Chuyên viên', joinedOn: '2020-03-01' }).expect(201);
      const issuedAt = new Date(Date.now() - 20 * DAY).toISOString();
      await t.http().post('/api/v1/assignments').set(...bearer(importer)).send({ assignmentId: 'z1', assignee: 'hoa', ...SIX_CLEAR, dueAt: new Date(Date.now() + 5 * DAY).toISOString(), occurredAt: issuedAt }).expect(201);
      const mergedOn = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
      const res = await t.http().post('/api/v1/units/pz/merger').set(...bearer(importer)).send({ intoUnitId: 'py', mergedOn, decisionRef: '7/QĐ', occurredAt: new Date(Date.now() - 2 * DAY).toISOString() });
      expect(res.status).toBe(200);
      const handoff = await t.sql<{ at: string }>("SELECT data->>'handedOffAt' AS at FROM events WHERE stream_id = 'assignment-z1' AND type = 'AssignmentHandedOff'");
      expect(handoff).toEqual([{ at: new Date(`${mergedOn}T00:00:00+07:00`).toISOString() }]);
    });
  });
});

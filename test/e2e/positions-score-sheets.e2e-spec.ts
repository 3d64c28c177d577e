import ExcelJS from 'exceljs';
import { ProjectionRunner } from '#read-models';
import { bearer, createTestApp, type TestApp } from '../support/app.js';
import { dumpTables } from '../support/read-model-dump.js';

/**
 * Issue 14 "Done when": a commune with a one-stop-shop officer (hoa) and a cadastral
 * officer (nam), each with their own position and catalogue (plus a provincial local
 * product); a month of work recorded through the routes (as an importer, in the month
 * before this one); drafts, self-assessments, a confirmation with one adjustment, a
 * bulk confirmation, a contested sheet answered by a revision; the annual
 * classification's trace shows the month; the exports open.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const now = new Date();
// The month before this one (Vietnam's calendar is within a day of UTC: use the 10th..25th only).
const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const Y = prev.getUTCFullYear();
const M = `${Y}-${pad(prev.getUTCMonth() + 1)}`;
const at = (day: number, hour = 9) => `${M}-${pad(day)}T${pad(hour)}:00:00Z`;
const thisMonthStart = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-01`;
const catalogueStart = `${Y - 1}-01-01`;

const product = (code: string, name: string, unitOfMeasure: string, coefficient: number, standardDays: number) => ({
  code, name, unitOfMeasure, coefficient, qualityCriterion: 'Đúng quy trình, đủ thành phần, không sai sót', standardDays,
});

describe('positions, catalogues and period score sheets (issue 14)', () => {
  let t: TestApp;
  let hr: string;
  let head: string;
  let headImport: string;
  const events = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n;
  let n = 0;

  /** Issues (as the head, back-dated), then completes as the holder and reviews as the head. */
  const work = async (assignee: string, p: Record<string, unknown>, outcome: { complete?: number; quality?: 'met' | 'exceeded' | 'below' }, due = 20) => {
    const id = `w${++n}`;
    const res = await t.http().post('/api/v1/assignments').set(...bearer(headImport)).send({
      assignmentId: id, assignee, title: `Việc ${id}`, description: 'Theo danh mục sản phẩm', deliverable: 'Sản phẩm', successCriteria: 'Đạt yêu cầu',
      assignedBy: 'head', authorityBasis: 'Quy chế làm việc UBND xã', dueAt: at(due, 10), occurredAt: at(2), product: p,
    });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    if (outcome.complete !== undefined) {
      const holder = await t.token(assignee, ['importer'], ['xa']);
      await t.http().post(`/api/v1/assignments/${id}/acceptance`).set(...bearer(holder)).send({ occurredAt: at(3) }).expect(200);
      await t.http().post(`/api/v1/assignments/${id}/completion`).set(...bearer(holder)).send({ deliverableRef: `kq-${id}`, occurredAt: at(outcome.complete) }).expect(200);
      if (outcome.quality) {
        await t.http().post(`/api/v1/assignments/${id}/review`).set(...bearer(headImport)).send({ quality: outcome.quality, occurredAt: at(Math.min(outcome.complete + 1, 27)) }).expect(200);
      }
    }
    return id;
  };

  beforeAll(async () => {
    t = await createTestApp();
    hr = await t.token('hr-1', ['hr'], ['*']);
    head = await t.token('head', ['unit_head'], ['xa']);
    headImport = await t.token('head', ['importer'], ['xa']);
    const unit = (unitId: string, name: string, parentUnitId?: string) =>
      t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId, name, ...(parentUnitId ? { parentUnitId } : {}), establishedOn: '2020-01-01' }).expect(201);
    await unit('tinh', 'UBND tỉnh');
    await unit('xa', 'UBND xã An Bình', 'tinh');
    await unit('xa-khac', 'UBND xã Phú Hòa', 'tinh');
    for (const [staffId, fullName, unitId] of [['hoa', 'Nguyễn Thị Hoa', 'xa'], ['nam', 'Trần Văn Nam', 'xa'], ['lan', 'Lê Thị Lan', 'xa-khac']]) {
      await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId, personnelCode: `CC-${staffId}`, fullName, category: 'civil_servant', unitId, jobPosition: 'Công chức', joinedOn: '2020-01-01' }).expect(201);
    }
    const position = (positionId: string, code: string, title: string, taskGroup: string) =>
      t.http().post('/api/v1/positions').set(...bearer(hr)).send({
        positionId, unitId: 'xa', code, title, category: 'professional', taskGroup, effectiveFrom: catalogueStart,
        competencies: [{ name: 'Kiến thức pháp luật chuyên ngành', level: 3 }, { name: 'Giao tiếp với công dân', level: 4 }],
      }).expect(201);
    await position('xa.mot-cua', 'VT-MC', 'Công chức tiếp nhận và trả kết quả (bộ phận một cửa)', 'mot-cua');
    await position('xa.dia-chinh', 'VT-DC', 'Công chức địa chính - xây dựng', 'dia-chinh');
    await t.http().post('/api/v1/positions/xa.mot-cua/appointments').set(...bearer(hr)).send({ staffId: 'hoa', from: catalogueStart }).expect(200);
    await t.http().post('/api/v1/positions/xa.dia-chinh/appointments').set(...bearer(hr)).send({ staffId: 'nam', from: catalogueStart }).expect(200);
    const publish = (path: string, effectiveFrom: string, products: unknown[]) =>
      t.http().post(path).set(...bearer(hr)).send({ effectiveFrom, products, basis: 'Quyết định 45/QĐ-UBND ban hành danh mục sản phẩm' }).expect(200);
    await publish('/api/v1/positions/xa.mot-cua/catalogue-versions', catalogueStart, [
      product('MC-CT-01', 'Hồ sơ chứng thực bản sao từ bản chính', 'hồ sơ', 0.25, 1),
      product('MC-HT-02', 'Hồ sơ đăng ký khai sinh', 'hồ sơ', 0.5, 1),
    ]);
    await publish('/api/v1/positions/xa.dia-chinh/catalogue-versions', catalogueStart, [
      product('DC-GCN-01', 'Hồ sơ đề nghị cấp giấy chứng nhận quyền sử dụng đất', 'hồ sơ', 8, 15),
      product('DC-TC-02', 'Hồ sơ hòa giải tranh chấp đất đai', 'vụ việc', 16, 45),
    ]);
    await publish('/api/v1/catalogue-overlays/tinh/versions', catalogueStart, [product('TINH-BC-01', 'Báo cáo định kỳ gửi UBND tỉnh', 'báo cáo', 2, 5)]);
    // A new version from this month: the month under review keeps the old coefficient.
    await publish('/api/v1/positions/xa.mot-cua/catalogue-versions', thisMonthStart, [
      product('MC-CT-01', 'Hồ sơ chứng thực bản sao từ bản chính', 'hồ sơ', 0.3, 1),
      { ...product('MC-HT-02', 'Hồ sơ đăng ký khai sinh', 'hồ sơ', 0.5, 1), defaultFor: 'dossier' },
    ]);

    await work('hoa', { productCode: 'MC-CT-01', quantity: 40 }, { complete: 12, quality: 'met' });
    await work('hoa', { productCode: 'MC-HT-02', quantity: 10 }, { complete: 22, quality: 'met' }, 15); // late
    await work('hoa', { quantity: 1, coefficient: 3, reason: 'Tổng hợp số liệu đột xuất cho Sở Tư pháp' }, { complete: 10, quality: 'exceeded' });
    await work('nam', { productCode: 'DC-GCN-01', quantity: 2 }, { complete: 18, quality: 'met' });
    await work('nam', { productCode: 'DC-TC-02', quantity: 1 }, {}); // never completed
    await work('nam', { productCode: 'TINH-BC-01', quantity: 1 }, { complete: 8, quality: 'below' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads positions with their appointments and the catalogue in force on a date (with the provincial overlay)', async () => {
    const pos = await t.http().get('/api/v1/positions/xa.dia-chinh').set(...bearer(head)).expect(200);
    expect(pos.body).toMatchObject({ code: 'VT-DC', taskGroup: 'dia-chinh', appointments: [{ staffId: 'nam', main: true, to: null }] });
    const cat = await t.http().get(`/api/v1/positions/xa.mot-cua/catalogue?on=${M}-15`).set(...bearer(head)).expect(200);
    expect(cat.body.products.map((p: { code: string; coefficient: number; origin: string }) => [p.code, p.coefficient, p.origin])).toEqual([
      ['MC-CT-01', 0.25, 'position'], ['MC-HT-02', 0.5, 'position'], ['TINH-BC-01', 2, 'overlay'],
    ]);
    await t.http().get('/api/v1/positions/xa.dia-chinh').set(...bearer(await t.token('head-2', ['unit_head'], ['xa-khac']))).expect(404);
  });

  it('refuses bad products with stable codes and writes nothing', async () => {
    const before = await events();
    const issue = (p: Record<string, unknown>) => t.http().post('/api/v1/assignments').set(...bearer(headImport)).send({
      assignee: 'hoa', title: 'x', description: 'x', deliverable: 'x', successCriteria: 'x', assignedBy: 'head', authorityBasis: 'x', dueAt: at(20), occurredAt: at(3), product: p,
    });
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ productCode: 'DC-GCN-01', quantity: 1 }, 422, 'catalogue.unknown_product'], // another position's product
      [{ productCode: 'MC-CT-01', quantity: -3 }, 422, 'assignment.product_quantity_invalid'],
      [{ productCode: 'MC-CT-01', quantity: 5_000_000 }, 422, 'assignment.product_quantity_invalid'],
      [{ quantity: 1, coefficient: 5 }, 422, 'assignment.coefficient_without_reason'],
    ];
    for (const [p, status, code] of cases) {
      const res = await issue(p);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const quarter = await t.http().post('/api/v1/score-sheets/drafts').set(...bearer(head)).send({ period: `${Y}-Q1`, unitId: 'xa' });
    expect([quarter.status, quarter.body.code]).toEqual([422, 'scoresheet.period_kind']); // the Decree 335 policy scores monthly
    expect(await events()).toBe(before);
  });

  it('a dossier issued without a product defaults to the catalogue\'s dossier product; a task names none', async () => {
    const issue = (assignmentId: string, kind: string) => t.http().post('/api/v1/assignments').set(...bearer(head)).send({
      assignmentId, kind, assignee: 'hoa', title: 'Hồ sơ khai sinh', description: 'Tiếp nhận', deliverable: 'Giấy khai sinh', successCriteria: 'Đúng hạn',
      assignedBy: 'head', authorityBasis: 'Luật Hộ tịch', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    }).expect(201);
    await issue('default-dossier', 'dossier');
    await issue('plain-task', 'task');
    const named = await t.sql<{ stream_id: string; data: { productCode: string; quantity: number; coefficient: number } }>(
      `SELECT stream_id, data FROM events WHERE type = 'AssignmentProductNamed' AND stream_id IN ('assignment-default-dossier', 'assignment-plain-task')`,
    );
    expect(named.map((e) => [e.stream_id, e.data.productCode, e.data.quantity, e.data.coefficient])).toEqual([['assignment-default-dossier', 'MC-HT-02', 1, 0.5]]);
  });

  it('runs a month: drafts, self-assessments, a confirmation with one adjustment, bulk confirmation, a contest and its revision; the classification reads the month', async () => {
    const drafted = await t.http().post('/api/v1/score-sheets/drafts').set(...bearer(head)).send({ period: M, unitId: 'xa' });
    expect([drafted.status, drafted.body]).toEqual([200, { period: M, drafted: 2, unchanged: 0, confirmedAlready: [] }]);
    const again = await t.http().post('/api/v1/score-sheets/drafts').set(...bearer(head)).send({ period: M, unitId: 'xa' }).expect(200);
    expect(again.body).toMatchObject({ drafted: 0, unchanged: 2 });
    // A read model that does not know the sheet yet: the bulk path meets the existing stream and falls back to one by one.
    await t.sql(`UPDATE score_sheets_v1 SET period = 'hidden' WHERE staff_id = $1 AND period = $2`, ['nam', M]);
    const behind = await t.http().post('/api/v1/score-sheets/drafts').set(...bearer(head)).send({ period: M, unitId: 'xa' }).expect(200);
    expect(behind.body).toMatchObject({ drafted: 0, unchanged: 2 });
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'scoresheet-nam-${M}'`))[0]!.n).toBe(1);
    await t.sql(`UPDATE score_sheets_v1 SET period = $2 WHERE staff_id = $1 AND period = 'hidden'`, ['nam', M]);

    const hoa = await t.http().get(`/api/v1/score-sheets/hoa/${M}`).set(...bearer(head)).expect(200);
    // 40 x 0.25 (the version in force in the month, not this month's 0.3) + 10 x 0.5 + 1 x 3 (ad hoc)
    expect(hoa.body).toMatchObject({ status: 'draft', plannedUnits: 18, deliveredUnits: 18, products: { 'MC-CT-01': 10, 'MC-HT-02': 5, 'ad-hoc': 3 }, progressDeductions: 1 });
    // One delay on 5 of 18 units: 25 % of that product's progress points.
    expect(hoa.body.computedPoints).toBeCloseTo(70 - (70 / 3) * (5 / 18) * 0.25, 2);
    const nam = await t.http().get(`/api/v1/score-sheets/nam/${M}`).set(...bearer(head)).expect(200);
    expect(nam.body).toMatchObject({ plannedUnits: 34, deliveredUnits: 18, products: { 'DC-GCN-01': 16, 'DC-TC-02': 16, 'TINH-BC-01': 2 }, qualityDeductions: 1 });
    expect(nam.body.lines.find((l: { productCode: string }) => l.productCode === 'TINH-BC-01').qualityPoints).toBe(0);

    // Self-assessments (only the person scored).
    await t.http().post(`/api/v1/score-sheets/hoa/${M}/self-assessment`).set(...bearer(await t.token('hoa', ['staff']))).send({ comment: 'Hoàn thành đủ hồ sơ; 1 hồ sơ khai sinh trễ do thiếu giấy tờ', selfPoints: 68 }).expect(200);
    await t.http().post(`/api/v1/score-sheets/nam/${M}/self-assessment`).set(...bearer(await t.token('nam', ['staff']))).send({ comment: 'Vụ hòa giải chưa xong do đương sự vắng mặt' }).expect(200);
    const notMine = await t.http().post(`/api/v1/score-sheets/hoa/${M}/self-assessment`).set(...bearer(await t.token('nam', ['staff']))).send({ comment: 'x' });
    expect([notMine.status, notMine.body.code]).toEqual([404, 'scoresheet.not_found']);

    // Confirmation outside the scope, then with one adjustment, then twice.
    const before = await events();
    const outside = await t.http().post(`/api/v1/score-sheets/hoa/${M}/confirmation`).set(...bearer(await t.token('head-2', ['unit_head'], ['xa-khac']))).send({});
    expect([outside.status, outside.body.code]).toEqual([404, 'scoresheet.not_found']);
    const noReason = await t.http().post(`/api/v1/score-sheets/hoa/${M}/confirmation`).set(...bearer(head)).send({ adjustments: [{ points: 2, reason: '', rule: '' }] });
    expect([noReason.status, noReason.body.code]).toEqual([422, 'scoresheet.invalid']);
    expect(await events()).toBe(before);
    const adjustment = { points: 2, reason: 'Tiếp dân thay đồng nghiệp nghỉ ốm 3 ngày', rule: 'Quy chế làm việc UBND xã, điều 7' };
    await t.http().post(`/api/v1/score-sheets/hoa/${M}/confirmation`).set(...bearer(head)).send({ adjustments: [adjustment] }).expect(200);
    const twice = await t.http().post(`/api/v1/score-sheets/hoa/${M}/confirmation`).set(...bearer(head)).send({});
    expect([twice.status, twice.body.code]).toEqual([409, 'scoresheet.already_confirmed']);
    const confirmed = await t.http().get(`/api/v1/score-sheets/hoa/${M}`).set(...bearer(head)).expect(200);
    expect(confirmed.body.taskPoints).toBeCloseTo(Math.min(70, hoa.body.computedPoints + 2), 2);
    expect(confirmed.body.adjustments).toEqual([adjustment]);

    // The unit head confirms the rest of the unit in bulk.
    const bulk = await t.http().post('/api/v1/score-sheets/confirmations').set(...bearer(head)).send({ period: M, unitId: 'xa' }).expect(200);
    expect(bulk.body).toMatchObject({ confirmed: [{ staffId: 'nam' }], refused: [] });

    // Publication; editing after publication is refused; nam contests; a revision answers.
    for (const s of ['hoa', 'nam']) await t.http().post(`/api/v1/score-sheets/${s}/${M}/publication`).set(...bearer(head)).send({}).expect(200);
    const edit = await t.http().post(`/api/v1/score-sheets/hoa/${M}/self-assessment`).set(...bearer(await t.token('hoa', ['staff']))).send({ comment: 'sửa lại' });
    expect([edit.status, edit.body.code]).toEqual([422, 'scoresheet.published']);
    const namToken = await t.token('nam', ['staff']);
    await t.http().post(`/api/v1/score-sheets/nam/${M}/contest`).set(...bearer(namToken)).send({ grounds: 'Vụ hòa giải chưa xong vì đương sự vắng mặt có lý do' }).expect(200);
    const contested = await t.http().get(`/api/v1/score-sheets?period=${M}&staffId=nam`).set(...bearer(namToken)).expect(200);
    expect(contested.body.items).toMatchObject([{ staffId: 'nam', status: 'published', contestPending: true }]);
    const tc = nam.body.lines.find((l: { productCode: string }) => l.productCode === 'DC-TC-02').assignmentId as string;
    await t.http().post(`/api/v1/score-sheets/nam/${M}/revisions`).set(...bearer(head)).send({
      reason: 'Xác nhận đương sự vắng mặt có lý do', adjustments: [{ points: 5, reason: 'Vụ hòa giải hoãn do đương sự', rule: 'Quy chế làm việc UBND xã, điều 9' }], objectiveCauses: [{ assignmentId: tc, kind: 'delay', reason: 'Đương sự vắng mặt' }],
    }).expect(200);
    const revised = await t.http().get(`/api/v1/score-sheets/nam/${M}`).set(...bearer(namToken)).expect(200);
    expect(revised.body).toMatchObject({ contestPending: false, revisions: 1 });
    expect(revised.body.taskPoints).toBeCloseTo(nam.body.computedPoints + 5, 2);

    // KPI: rank within the task group, the unit aggregate, and the exports open.
    const kpi = await t.http().get(`/api/v1/kpi?period=${M}&unitId=xa`).set(...bearer(head)).expect(200);
    expect(kpi.body.items.map((r: { key: string; rankInTaskGroup: number }) => [r.key, r.rankInTaskGroup]).sort()).toEqual([['hoa', 1], ['nam', 1]]);
    const page1 = await t.http().get(`/api/v1/score-sheets?period=${M}&limit=1`).set(...bearer(head)).expect(200);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await t.http().get(`/api/v1/score-sheets?period=${M}&limit=1&cursor=${page1.body.nextCursor}`).set(...bearer(head)).expect(200);
    expect([page2.body.items.length, page2.body.nextCursor]).toEqual([1, null]);
    expect([page1.body.items[0].staffId, page2.body.items[0].staffId].sort()).toEqual(['hoa', 'nam']);
    const bad = await t.http().get('/api/v1/score-sheets?cursor=WyJ4Il0').set(...bearer(head));
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid_cursor']);
    const unitKpi = await t.http().get(`/api/v1/kpi?period=${M}&groupBy=unit`).set(...bearer(hr)).expect(200);
    expect(unitKpi.body.items).toMatchObject([{ key: 'xa', sheets: 2, plannedUnits: 52, deliveredUnits: 36 }]);
    const byPosition = await t.http().get(`/api/v1/kpi?period=${M}&groupBy=position`).set(...bearer(hr)).expect(200);
    expect(byPosition.body.items.map((r: { key: string; label: string }) => [r.key, r.label]).sort()).toEqual([
      ['xa.dia-chinh', 'Công chức địa chính - xây dựng'], ['xa.mot-cua', 'Công chức tiếp nhận và trả kết quả (bộ phận một cửa)'],
    ]);
    const subtree = await t.http().get(`/api/v1/kpi?period=${M}&groupBy=subtree&unitId=tinh`).set(...bearer(hr)).expect(200);
    expect(subtree.body.items).toMatchObject([{ key: 'tinh', sheets: 2, plannedUnits: 52 }]);
    const csv = await t.http().get(`/api/v1/kpi?period=${M}&format=csv`).set(...bearer(head)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toContain('"deliveredUnits"');
    expect(csv.text).toContain('"Nguyễn Thị Hoa"');
    const xlsx = await t.http().get(`/api/v1/score-sheets?period=${M}&format=xlsx`).set(...bearer(head)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(3);
    expect([ws.getRow(2).getCell(1).value, ws.getRow(3).getCell(1).value].sort()).toEqual(['hoa', 'nam']);

    // The annual classification averages the confirmed months and shows them in the trace.
    await t.http().post('/api/v1/evaluation-cycles').set(...bearer(hr)).send({ cycleId: 'c-xa', year: Y, scopeUnitId: 'xa' }).expect(201);
    for (const s of ['hoa', 'nam']) await t.http().post('/api/v1/evaluation-cycles/c-xa/general-criteria').set(...bearer(head)).send({ staffId: s, score: 25 }).expect(200);
    const run = await t.http().post('/api/v1/evaluation-cycles/c-xa/classification-runs').set(...bearer(hr)).send({}).expect(200);
    expect(run.body).toMatchObject({ classified: 2, skipped: [] });
    const results = await t.http().get('/api/v1/evaluation-cycles/c-xa/results').set(...bearer(hr)).expect(200);
    const byStaff = Object.fromEntries(results.body.items.map((i: { staffId: string }) => [i.staffId, i])) as Record<string, { score: number; trace: Array<{ rule: string; inputs: Record<string, unknown> }> }>;
    const month = byStaff.hoa!.trace.find((e) => e.rule === `vn-decree-335-2025/scoring/sheet/${M}`);
    expect(month?.inputs).toMatchObject({ confirmed: true, plannedUnits: 18, products: 'MC-CT-01=10 MC-HT-02=5 ad-hoc=3' });
    expect(byStaff.hoa!.score).toBeCloseTo(25 + confirmed.body.taskPoints, 2);
    expect(byStaff.nam!.score).toBeCloseTo(25 + revised.body.taskPoints, 2);
    expect(byStaff.nam!.trace.find((e) => e.rule.endsWith('scoring/task-source'))?.inputs).toMatchObject({ source: 'score_sheets', unconfirmed: '' });
  });

  it('the person\'s history shows their appointment and every step of their sheets', async () => {
    const history = await t.http().get('/api/v1/staff/nam/history').set(...bearer(hr)).expect(200);
    const types = new Set(history.body.events.map((e: { type: string }) => e.type));
    for (const type of ['StaffAppointedToPosition', 'ScoreSheetDrafted', 'ScoreSheetConfirmed', 'ScoreSheetPublished', 'ScoreSheetContested', 'ScoreSheetRevised']) {
      expect([type, types.has(type)]).toEqual([type, true]);
    }
  });

  it('rebuilds positions_v1 and score_sheets_v1 from scratch into the same rows', async () => {
    const runner = t.app.get(ProjectionRunner);
    const names = ['positions_v1', 'score_sheets_v1'];
    const tables = runner.projections.filter((p) => names.includes(p.name)).flatMap((p) => p.tables);
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await runner.waitFor(BigInt(head), 60_000)).toBe(true);
    const incremental = await dumpTables(t.db.url, tables);
    expect(incremental.score_sheets_v1!.length).toBeGreaterThanOrEqual(2);
    expect(incremental.catalogues_v1).toHaveLength(3);
    for (const name of names) await runner.rebuild(name);
    expect(await runner.waitFor(BigInt(head), 60_000)).toBe(true);
    expect(await dumpTables(t.db.url, tables)).toEqual(incremental);
  });
});

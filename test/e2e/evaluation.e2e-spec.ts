import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { decisionConsequences } from '#domain';
import { PostgresEventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * A 2026 cycle for one department under Decree 335/2025 (civil servants):
 *   ex1 (general 30, perfect work) 100 -> excellent; ex2 (25) 95 -> excellent, dropped to good by the quota
 *   g1..g5 (15) 85 -> good; part (joined 1 Sep, 15) 85 -> good from its 4 months
 *   comp (20, half the work done) 55 -> completed; disc (25, perfect) but a reprimand -> not_completed
 *   lead (30, perfect) head of the department: unit factor 50% because disc is not_completed -> 65 completed
 */


describe('indicators, watchlist and evaluation cycles', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let hr: string;
  const cycleId = 'c2026';
  const meta = { actor: { sub: 'fixture', roles: ['importer'] } };
  const append = async (streamId: string, events: Array<{ type: string; data: Record<string, unknown> }>) => {
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta })), 'any');
  };
  let n = 0;
  /** One assignment due in `month` (2026), completed on time (or not) and reviewed. */
  const work = async (staffId: string, month: number, outcome: { done: boolean; quality?: 'exceeded' | 'met' | 'below'; late?: boolean }) => {
    const id = `a${++n}`;
    const due = `2026-${String(month).padStart(2, '0')}-20T10:00:00Z`;
    const events: Array<{ type: string; data: Record<string, unknown> }> = [
      {
        type: 'AssignmentIssued',
        data: {
          assignmentId: id, kind: 'task', unitId: 'dept', assignee: staffId, title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
          assignedBy: 'lead', authorityBasis: 'b', dueAt: due, responsible: staffId, issuedAt: `2026-${String(month).padStart(2, '0')}-01T02:00:00Z`,
        },
      },
    ];
    if (outcome.done) {
      const completedAt = outcome.late ? `2026-${String(month).padStart(2, '0')}-25T10:00:00Z` : `2026-${String(month).padStart(2, '0')}-15T10:00:00Z`;
      events.push({ type: 'AssignmentCompleted', data: { assignmentId: id, deliverableRef: 'x', completedBy: staffId, completedAt, dueAt: due, late: !!outcome.late } });
      events.push({ type: 'CompletionReviewed', data: { assignmentId: id, quality: outcome.quality ?? 'met', reviewedBy: 'lead', comment: null, reviewedAt: completedAt } });
    }
    await append(`assignment-${id}`, events);
  };
  const staff = async (staffId: string, unitId = 'dept', joinedOn = '2020-01-01') => {
    await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId, personnelCode: `P-${staffId}`, fullName: `Nguyễn ${staffId}`, category: 'civil_servant', unitId, jobPosition: 'Chuyên viên', joinedOn }).expect(201);
  };
  // No deadline: a read model that never gets there is caught by Jest's hang guard
  // (the name says which), so a busy machine only makes this slower.
  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (process.env.TEST_DEBUG_WAITS) console.log(`waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'prov', name: 'UBND tỉnh', establishedOn: '2020-01-01' }).expect(201);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'dept', name: 'Sở Nội vụ', parentUnitId: 'prov', establishedOn: '2020-01-01' }).expect(201);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'other', name: 'Sở Tài chính', parentUnitId: 'prov', establishedOn: '2020-01-01' }).expect(201);
    for (const s of ['ex1', 'ex2', 'g1', 'g2', 'g3', 'g4', 'g5', 'comp', 'disc', 'lead']) await staff(s);
    await staff('part', 'dept', '2026-09-01');
    await staff('outsider', 'other');
    await t.http().post('/api/v1/staff/lead/leadership').set(...bearer(hr)).send({ role: 'head', unitId: 'dept', effectiveOn: '2024-01-01' }).expect(200);
    for (const s of ['ex1', 'ex2', 'g1', 'g2', 'g3', 'g4', 'g5', 'disc', 'lead']) {
      await work(s, 3, { done: true, quality: s.startsWith('ex') ? 'exceeded' : 'met' });
      await work(s, 4, { done: true, quality: 'met' });
    }
    await work('part', 10, { done: true, quality: 'met' });
    await work('comp', 3, { done: true, quality: 'met' });
    await work('comp', 3, { done: false });
    // disc: a reprimand for a public-service violation, effective in the year.
    await append('case-k1', [
      {
        type: 'CaseOpened',
        data: {
          caseId: 'k1', subjectId: 'disc', subjectCategory: 'civil_servant', subjectIsLeader: false, openedBy: 'council-1', openedAt: '2026-05-01T02:00:00Z', processingDeadline: '2026-07-30',
          allegations: [{ id: 'v1', description: 'Left dossiers pending', violationDate: '2026-04-01', severity: 'less_serious', evidence: [] }],
        },
      },
      {
        type: 'DecisionIssued',
        data: { form: 'reprimand', decisionNo: 'QD-KL-1', effectiveFrom: '2026-06-01', relatedToDuties: true, allegationIds: ['v1'], decidedBy: 'chair', issuedAt: '2026-06-01T02:00:00Z', formsRegime: 'x' },
      },
      // The decider records the decision's consequences with it; classification reads those (issue 16).
      {
        type: 'ConsequencesRecorded',
        data: { subjectId: 'disc', decisionNo: 'QD-KL-1', form: 'reprimand', consequences: decisionConsequences('reprimand', '2026-06-01', true), recordedAt: '2026-06-01T02:00:00Z' },
      },
    ]);
    // Avoidance signals for comp: ping-pong handoff and a consultation within own authority.
    await append('assignment-hp', [
      {
        type: 'AssignmentIssued',
        data: { assignmentId: 'hp', kind: 'dossier', unitId: 'dept', assignee: 'g1', title: 't', description: 'd', deliverable: 'r', successCriteria: 's', assignedBy: 'lead', authorityBasis: 'b', dueAt: '2026-12-30T10:00:00Z', responsible: 'g1', issuedAt: '2026-05-01T02:00:00Z' },
      },
      { type: 'AssignmentHandedOff', data: { assignmentId: 'hp', from: 'g1', to: 'comp', reason: 'reassignment', justification: 'j', by: 'lead', responsible: 'comp', toUnitId: null, pingPong: false, handedOffAt: '2026-05-02T02:00:00Z' } },
      { type: 'AssignmentHandedOff', data: { assignmentId: 'hp', from: 'comp', to: 'g1', reason: 'outside_authority', justification: 'j', by: 'comp', responsible: 'g1', toUnitId: null, pingPong: true, handedOffAt: '2026-05-03T02:00:00Z' } },
      { type: 'AssignmentCancelled', data: { assignmentId: 'hp', reason: 'duplicate', cancelledBy: 'lead', cancelledAt: '2026-05-04T02:00:00Z' } },
    ]);
    await append('consultation-q1', [
      {
        type: 'ConsultationRequested',
        data: { consultationId: 'q1', requestedBy: 'comp', requesterUnitId: 'dept', consultedUnitId: 'other', question: '?', withinRequesterAuthority: true, dueAt: '2026-05-10T10:00:00Z', requestedAt: '2026-05-01T02:00:00Z' },
      },
    ]);
    await waitFor(async () => {
      const rows = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM avoidance_signals_v1 WHERE signal = 'consultation_within_authority'");
      return rows[0]!.n > 0 ? true : undefined;
    }, 'indicators projection');
  });
  afterAll(async () => {
    await store.close();
    await t.close();
  });

  it('GET /staff/{id}/indicators: counts per month and year from the record', async () => {
    const res = await t.http().get('/api/v1/staff/comp/indicators?year=2026').set(...bearer(hr));
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({ assigned: 2, completed: 1, completedOnTime: 1, onTimeMeetingQuality: 1, pingPong: 1, handoffsInitiated: 1, handoffsReceived: 1, consultationsWithinOwnAuthority: 1 });
    expect(res.body.totals.handoffsInitiatedByReason).toEqual({ outside_authority: 1 });
    expect(res.body.openPastDue.count).toBe(1);
    expect(res.body.openPastDue.oldestDays).toBeGreaterThan(200);
    const part = await t.http().get('/api/v1/staff/part/indicators?year=2026&month=10').set(...bearer(hr));
    expect(part.body).toMatchObject({ month: 10, monthsWorked: 4, totals: { assigned: 1, completedOnTime: 1 } });
    const disc = await t.http().get('/api/v1/staff/disc/indicators?year=2026').set(...bearer(hr));
    expect(disc.body.disciplinaryDecisions).toEqual([expect.objectContaining({ form: 'reprimand', decisionNo: 'QD-KL-1', streamId: 'case-k1', revision: 1 })]);
    const lead = await t.http().get('/api/v1/staff/lead/indicators?year=2026').set(...bearer(hr));
    expect(lead.body.leadership).toEqual([expect.objectContaining({ role: 'head', unitId: 'dept' })]);
  });

  it('GET /units/{id}/indicators: the subtree aggregate', async () => {
    const res = await t.http().get('/api/v1/units/prov/indicators?year=2026').set(...bearer(hr));
    expect(res.status).toBe(200);
    expect(res.body.totals.assigned).toBe(9 * 2 + 1 + 2);
    expect(res.body.staffCount).toBe(12);
  });

  it('GET /watchlist: ranked signals with the events behind them, and a notice that they are no verdict', async () => {
    const res = await t.http().get('/api/v1/watchlist?year=2026&unitId=dept').set(...bearer(await t.token('insp', ['inspector'], ['*'])));
    expect(res.status).toBe(200);
    expect(res.body.notice).toMatch(/never a verdict/);
    const top = res.body.items[0];
    expect(top).toMatchObject({ rank: 1, staffId: 'comp' });
    const signals = Object.fromEntries(top.signals.map((s: { signal: string; count: number }) => [s.signal, s.count]));
    expect(signals).toMatchObject({ ping_pong: 1, handoff_initiated: 1, consultation_within_authority: 1, open_past_due: 1 });
    const pp = top.signals.find((s: { signal: string }) => s.signal === 'ping_pong');
    expect(pp.events[0]).toMatchObject({ streamId: 'assignment-hp', revision: 2 });
  });

  it('runs a cycle: exact levels and traces, quota, decisions, appeal and revision, exports', async () => {
    const open = await t.http().post('/api/v1/evaluation-cycles').set(...bearer(hr)).send({ cycleId, year: 2026, scopeUnitId: 'dept' });
    expect(open.status).toBe(201);
    const cycle = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}`).set(...bearer(hr));
    expect(cycle.body.policies).toEqual(expect.arrayContaining([{ category: 'civil_servant', policyId: 'vn-decree-335-2025', policyVersion: 1, chosenBy: 'selected' }]));
    const head = await t.token('lead', ['unit_head', 'staff'], ['dept']);
    const general: Record<string, number> = { ex1: 30, ex2: 25, g1: 15, g2: 15, g3: 15, g4: 15, g5: 15, part: 15, comp: 20, disc: 25, lead: 30 };
    for (const [staffId, score] of Object.entries(general)) {
      const by = staffId === 'lead' ? hr : head;
      const res = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/general-criteria`).set(...bearer(by)).send({ staffId, score });
      expect(res.status).toBe(200);
    }
    const self = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/self-assessments`).set(...bearer(await t.token('ex2', ['staff']))).send({ text: 'Tôi đã hoàn thành xuất sắc', selfLevel: 'excellent' });
    expect(self.status).toBe(200);

    const run = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/classification-runs`).set(...bearer(hr)).send({});
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ classified: 11, proposed: 11, unchanged: 0, skipped: [] });
    const rerun = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/classification-runs`).set(...bearer(hr)).send({});
    expect(rerun.body).toMatchObject({ proposed: 0, unchanged: 11 });
    const proposals = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'ClassificationProposed'");
    expect(proposals[0]!.n).toBe(11);

    const results = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results`).set(...bearer(hr));
    expect(results.status).toBe(200);
    const by = Object.fromEntries(results.body.items.map((i: { staffId: string }) => [i.staffId, i])) as Record<string, { proposedLevel: string; score: number; trace: Array<{ rule: string; outcome: string; inputs: Record<string, unknown> }> }>;
    const levels = Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.proposedLevel]));
    expect(levels).toEqual({
      ex1: 'excellent', ex2: 'good', g1: 'good', g2: 'good', g3: 'good', g4: 'good', g5: 'good', part: 'good', comp: 'completed', disc: 'not_completed', lead: 'completed',
    });
    expect(by.ex1!.score).toBe(100);
    expect(by.ex2!.score).toBe(95);
    expect(by.comp!.score).toBe(55);
    expect(by.lead!.score).toBe(65);
    expect(by.part!.score).toBe(85);
    const quota = by.ex2!.trace.find((e) => e.rule.startsWith('vn-decree-335-2025/quota') && e.outcome === 'applied');
    expect(quota).toBeDefined();
    expect(by.ex1!.trace.some((e) => e.rule.startsWith('vn-decree-335-2025/quota') && e.outcome === 'not_applied')).toBe(true);
    expect(by.disc!.trace).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'vn-decree-335-2025/override/discipline', outcome: 'applied' })]));
    expect(JSON.stringify(by.lead!.trace)).toMatch(/unit|factor/i);
    expect(by.lead!.trace.some((e) => JSON.stringify(e.inputs).includes('0.5'))).toBe(true);

    const filtered = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results?level=good`).set(...bearer(hr));
    expect(filtered.body.items).toHaveLength(7);

    // Decisions: one individually with a different basis, then the rest in bulk.
    const one = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/decisions`).set(...bearer(hr)).send({ decisionNo: 'QD-DG-1', items: [{ staffId: 'ex2', basis: 'As proposed after the quota' }] });
    expect(one.status).toBe(200);
    expect(one.body.decided).toEqual([{ staffId: 'ex2', version: 4 }]);
    const bulk = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/decisions`).set(...bearer(hr)).send({ decisionNo: 'QD-DG-2' });
    expect(bulk.body.decided).toHaveLength(10);
    expect(bulk.body.refused).toEqual([]);

    // Appeal by the staff member only, then a revision by HR.
    const noAppeal = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/revisions`).set(...bearer(hr)).send({ staffId: 'ex2', level: 'excellent', decisionNo: 'QD-KN-0', reason: 'x' });
    expect(noAppeal.body.code).toBe('evaluation.no_pending_appeal');
    const appeal = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/appeals`).set(...bearer(await t.token('ex2', ['staff']))).send({ grounds: 'My score is within the quota of another group' });
    expect(appeal.status).toBe(200);
    const revision = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/revisions`).set(...bearer(hr)).send({ staffId: 'ex2', level: 'good', decisionNo: 'QD-KN-1', reason: 'Quota applied correctly' });
    expect(revision.status).toBe(200);
    const mine = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results`).set(...bearer(await t.token('ex2', ['staff'])));
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0]).toMatchObject({ staffId: 'ex2', decidedLevel: 'good', appealStatus: 'upheld', finalLevel: 'good', selfLevel: 'excellent' });

    // Exports.
    const csv = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results.csv`).set(...bearer(hr));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatch(/^"staffId","fullName","unitId"/);
    expect(lines.find((l) => l.startsWith('"disc",'))).toMatch(/not_completed/);
    const binary = (res: import('superagent').Response, cb: (err: Error | null, body: Buffer) => void) => {
      const stream = res as unknown as NodeJS.ReadableStream;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => cb(null, Buffer.concat(chunks)));
    };
    const xlsx = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results.xlsx`).set(...bearer(hr)).buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = book.worksheets[0];
    expect(book.worksheets).toHaveLength(1);
    expect(sheet.rowCount).toBe(12);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const ex1 = sheet.getRows(2, 11)!.find((r) => r.getCell(col('staffId')).value === 'ex1')!;
    expect(ex1.getCell(col('fullName')).value).toBe('Nguyễn ex1');
    expect(typeof ex1.getCell(col('score')).value).toBe('number');
    expect(ex1.getCell(col('proposedAt')).value).toBeInstanceOf(Date);
    expect(sheet.getRows(2, 11)!.find((r) => r.getCell(col('staffId')).value === 'disc')!.getCell(col('finalLevel')).value).toBe('not_completed');
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));

    // One sheet per unit when asked.
    const perUnit = await t.http().get(`/api/v1/evaluation-cycles/${cycleId}/results.xlsx?sheets=unit`).set(...bearer(hr)).buffer(true).parse(binary);
    const perUnitBook = new ExcelJS.Workbook();
    await perUnitBook.xlsx.load(perUnit.body as ArrayBuffer);
    const units = [...new Set((sheet.getColumn(col('unitId')).values as unknown[]).slice(2))].sort();
    expect(perUnitBook.worksheets.map((w) => w.name).sort()).toEqual(units);
    expect(perUnitBook.worksheets.reduce((n, w) => n + w.rowCount - 1, 0)).toBe(11);

    // The CLI exports the same table (`npm run cli -- export classification`).
    execFileSync('npm', ['run', 'build:fast', '--silent'], { stdio: 'ignore' });
    const cliCsv = execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'export', 'classification', '--cycle', cycleId, '--format', 'csv', '--out', '-'], {
      env: { ...process.env, DATABASE_URL: t.db.url },
    }).toString();
    expect(cliCsv).toBe(csv.text);
    const cliXlsx = join(dir, 'cli.xlsx');
    execFileSync(process.execPath, ['dist/apps/cli/src/main.js', 'export', 'classification', '--cycle', cycleId, '--format', 'xlsx', '--sheet-per-unit', '--out', cliXlsx], {
      env: { ...process.env, DATABASE_URL: t.db.url },
      stdio: 'ignore',
    });
    const cliBook = new ExcelJS.Workbook();
    await cliBook.xlsx.readFile(cliXlsx);
    expect(cliBook.worksheets.map((w) => w.name).sort()).toEqual(units);

    // Closure: nothing changes afterwards.
    await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/closure`).set(...bearer(hr)).expect(200);
    const late = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/general-criteria`).set(...bearer(head)).send({ staffId: 'g1', score: 20 });
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('evaluation.cycle_closed');
  });

  describe('authorization', () => {
    // Three entries per row: Jest treats an extra callback parameter as `done`.
    const routes: Array<[string, string, Record<string, unknown> | null]> = [
      ['get', '/api/v1/staff/comp/indicators?year=2026', null],
      ['get', '/api/v1/units/dept/indicators?year=2026', null],
      ['get', '/api/v1/watchlist?year=2026', null],
      ['post', '/api/v1/evaluation-cycles', { year: 2026, scopeUnitId: 'dept' }],
      ['get', `/api/v1/evaluation-cycles/${cycleId}`, null],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/self-assessments`, { text: 'x' }],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/general-criteria`, { staffId: 'g1', score: 10 }],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/classification-runs`, {}],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/decisions`, { decisionNo: 'x' }],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/appeals`, { grounds: 'x' }],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/revisions`, { staffId: 'g1', level: 'good', decisionNo: 'x', reason: 'y' }],
      ['post', `/api/v1/evaluation-cycles/${cycleId}/closure`, {}],
      ['get', `/api/v1/evaluation-cycles/${cycleId}/results`, null],
      ['get', `/api/v1/evaluation-cycles/${cycleId}/results.csv`, null],
      ['get', `/api/v1/evaluation-cycles/${cycleId}/results.xlsx`, null],
    ];
    const call = (method: string, path: string, body: Record<string, unknown> | null) => {
      const req = method === 'get' ? t.http().get(path) : t.http().post(path).send(body ?? {});
      return req;
    };

    it.each(routes)('401 without a token: %s %s', async (method, path, body) => {
      const res = await call(method, path, body);
      expect(res.status).toBe(401);
    });

    it.each(routes)('403 with a role the route does not accept: %s %s', async (method, path, body) => {
      const res = await call(method, path, body).set(...bearer(await t.token('feed', ['integration'], ['*'])));
      expect(res.status).toBe(403);
    });

    it('404 for reads outside the unit scope', async () => {
      const otherHead = await t.token('oh', ['unit_head', 'inspector'], ['other']);
      for (const path of ['/api/v1/staff/comp/indicators?year=2026', '/api/v1/units/dept/indicators?year=2026', '/api/v1/watchlist?year=2026&unitId=dept', `/api/v1/evaluation-cycles/${cycleId}`, `/api/v1/evaluation-cycles/${cycleId}/results`, `/api/v1/evaluation-cycles/${cycleId}/results.csv`, `/api/v1/evaluation-cycles/${cycleId}/results.xlsx`]) {
        const res = await t.http().get(path).set(...bearer(otherHead));
        expect([path, res.status]).toEqual([path, 404]);
      }
      const ownWatchlist = await t.http().get('/api/v1/watchlist?year=2026').set(...bearer(otherHead));
      expect(ownWatchlist.body.items.map((i: { staffId: string }) => i.staffId)).not.toContain('comp');
      const staffOther = await t.http().get('/api/v1/staff/comp/indicators?year=2026').set(...bearer(await t.token('g2', ['staff'])));
      expect(staffOther.status).toBe(404);
    });

    it('outside the unit scope: 403 opening a cycle there, 404 for an existing cycle as for none (issue 12 item 9)', async () => {
      const otherHr = await t.token('hr-o', ['hr', 'unit_head'], ['other']);
      for (const [path, body] of [
        ['/api/v1/evaluation-cycles', { year: 2026, scopeUnitId: 'dept' }],
        [`/api/v1/evaluation-cycles/${cycleId}/general-criteria`, { staffId: 'g1', score: 10 }],
        [`/api/v1/evaluation-cycles/${cycleId}/classification-runs`, {}],
        [`/api/v1/evaluation-cycles/${cycleId}/decisions`, { decisionNo: 'x' }],
        [`/api/v1/evaluation-cycles/${cycleId}/revisions`, { staffId: 'g1', level: 'good', decisionNo: 'x', reason: 'y' }],
        [`/api/v1/evaluation-cycles/${cycleId}/closure`, {}],
      ] as const) {
        const res = await t.http().post(path).set(...bearer(otherHr)).send(body);
        if (path === '/api/v1/evaluation-cycles') {
          expect([path, res.status, res.body.code]).toEqual([path, 403, 'outside_unit_scope']);
        } else {
          expect([path, res.status, res.body.code]).toEqual([path, 404, 'evaluation.cycle_not_found']);
          const none = await t.http().post(path.replace(cycleId, 'no-such-cycle')).set(...bearer(otherHr)).send(body);
          expect([path, none.status, none.body.code, none.body.detail]).toEqual([path, 404, 'evaluation.cycle_not_found', res.body.detail]);
        }
      }
      const outsider = await t.token('outsider', ['staff']);
      const res = await t.http().post(`/api/v1/evaluation-cycles/${cycleId}/appeals`).set(...bearer(outsider)).send({ grounds: 'x' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('evaluation.staff_not_in_cycle');
    });
  });
});

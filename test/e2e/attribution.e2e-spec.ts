import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '#event-store';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * Acceptance (issue 13): "late dossier handed over, apology, delivered by the new date".
 * The dossier's due date passes while An holds it; the head hands it to Bình, an
 * apology sets a new date, Bình delivers by it. The delay is An's and none is Bình's in
 * the indicators, the watchlist, the trail and the classification trace. The head's
 * routing is no avoidance signal.
 */

describe('blame lands where the record puts it: a late dossier handed over', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let hr: string;
  const meta = { actor: { sub: 'fixture', roles: ['importer'] } };
  const append = async (streamId: string, events: Array<{ type: string; data: Record<string, unknown> }>) => {
    await store.append(streamId, events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta })), 'any');
  };
  const issued = (id: string, assignee: string, kind: string, dueAt: string, issuedAt: string) => ({
    type: 'AssignmentIssued',
    data: {
      assignmentId: id, kind, unitId: 'dept', assignee, title: 't', description: 'd', deliverable: 'r', successCriteria: 's',
      assignedBy: 'head', authorityBasis: 'b', dueAt, responsible: assignee, issuedAt,
    },
  });
  const accepted = (id: string, by: string, at: string) => ({ type: 'AssignmentAccepted', data: { assignmentId: id, acceptedBy: by, acceptedAt: at } });
  const completed = (id: string, by: string, at: string, dueAt: string) => ({
    type: 'AssignmentCompleted', data: { assignmentId: id, deliverableRef: 'x', completedBy: by, completedAt: at, dueAt, late: at > dueAt },
  });
  const reviewed = (id: string, at: string) => ({ type: 'CompletionReviewed', data: { assignmentId: id, quality: 'met', reviewedBy: 'head', comment: null, reviewedAt: at } });
  /** A task done on time, so each person has work of their own in the month. */
  const onTimeTask = async (id: string, who: string, month: string) => {
    const due = `2026-${month}-25T10:00:00.000Z`;
    await append(`assignment-${id}`, [
      issued(id, who, 'task', due, `2026-${month}-01T02:00:00.000Z`),
      accepted(id, who, `2026-${month}-01T03:00:00.000Z`),
      completed(id, who, `2026-${month}-20T10:00:00.000Z`, due),
      reviewed(id, `2026-${month}-21T10:00:00.000Z`),
    ]);
  };
  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 150; i++) {
      const v = await probe();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const DUE = '2026-03-10T10:00:00.000Z';
  const NEW_DUE = '2026-04-05T10:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp();
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 2 });
    hr = await t.token('hr-1', ['hr'], ['*']);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'prov', name: 'UBND tỉnh', establishedOn: '2020-01-01' }).expect(201);
    await t.http().post('/api/v1/units').set(...bearer(hr)).send({ unitId: 'dept', name: 'Sở Nội vụ', parentUnitId: 'prov', establishedOn: '2020-01-01' }).expect(201);
    for (const s of ['an', 'binh', 'head']) {
      await t.http().post('/api/v1/staff').set(...bearer(hr)).send({ staffId: s, personnelCode: `P-${s}`, fullName: `Nguyễn ${s}`, category: 'civil_servant', unitId: 'dept', jobPosition: 'Chuyên viên', joinedOn: '2020-01-01' }).expect(201);
    }
    await t.http().post('/api/v1/staff/head/leadership').set(...bearer(hr)).send({ role: 'head', unitId: 'dept', effectiveOn: '2024-01-01' }).expect(200);
    await onTimeTask('an-own', 'an', '03');
    await onTimeTask('binh-own', 'binh', '04');
    await onTimeTask('head-own', 'head', '03');
    await append('assignment-late', [
      issued('late', 'an', 'dossier', DUE, '2026-03-01T02:00:00.000Z'),
      accepted('late', 'an', '2026-03-02T02:00:00.000Z'),
      // Two days after the due date, which passed in An's hands: the head routes it to Bình.
      {
        type: 'AssignmentHandedOff',
        data: { assignmentId: 'late', from: 'an', to: 'binh', reason: 'reassignment', justification: 'An is overloaded', by: 'head', responsible: 'binh', toUnitId: null, pingPong: false, handedOffAt: '2026-03-12T02:00:00.000Z' },
      },
      { type: 'ApologyIssued', data: { assignmentId: 'late', previousDueAt: DUE, newDueAt: NEW_DUE, issuedBy: 'head', issuedAt: '2026-03-12T03:00:00.000Z' } },
      accepted('late', 'binh', '2026-03-12T04:00:00.000Z'),
      completed('late', 'binh', '2026-04-04T10:00:00.000Z', NEW_DUE),
      reviewed('late', '2026-04-06T10:00:00.000Z'),
    ]);
    await waitFor(async () => {
      const rows = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM indicator_assignments_v1 WHERE assignment_id = 'late' AND quality IS NOT NULL");
      return rows[0]!.n > 0 ? true : undefined;
    }, 'indicators projection');
  });
  afterAll(async () => {
    await store.close();
    await t.close();
  });

  it('indicators: the delay is An\'s; Bình met the date in force for him', async () => {
    const an = await t.http().get('/api/v1/staff/an/indicators?year=2026').set(...bearer(hr));
    expect(an.status).toBe(200);
    expect(an.body.totals).toMatchObject({ assigned: 1, completed: 1, completedOnTime: 1, late: 1 });
    expect(an.body.months.find((m: { month: number }) => m.month === 3)).toMatchObject({ late: 1 });
    const binh = await t.http().get('/api/v1/staff/binh/indicators?year=2026').set(...bearer(hr));
    expect(binh.body.totals).toMatchObject({ assigned: 2, completed: 2, completedOnTime: 2, onTimeMeetingQuality: 2, late: 0 });
    const board = await t.http().get('/api/v1/assignments/late').set(...bearer(hr));
    expect(board.body).toMatchObject({ holder: 'binh', late: false });
  });

  it('watchlist: the missed deadline is An\'s; nothing for Bình, and the head\'s routing is no handoff signal', async () => {
    const res = await t.http().get('/api/v1/watchlist?year=2026&unitId=dept').set(...bearer(await t.token('insp', ['inspector'], ['*'])));
    expect(res.status).toBe(200);
    const signals = Object.fromEntries(
      res.body.items.map((i: { staffId: string; signals: Array<{ signal: string; count: number }> }) => [i.staffId, Object.fromEntries(i.signals.map((s) => [s.signal, s.count]))]),
    );
    expect(signals).toEqual({ an: { deadline_missed: 1 } });
    const event = res.body.items[0].signals[0].events[0];
    expect(event).toMatchObject({ streamId: 'assignment-late', revision: 2, detail: { assignmentId: 'late', dueAt: DUE } });
  });

  it('trail: the step in whose hands the date passed says so; Bình\'s steps do not', async () => {
    const res = await t.http().get('/api/v1/assignments/late/trail').set(...bearer(hr));
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: { action: string; holder: string; deadlineMissed: boolean; missedDueAt: string | null }) => [s.action, s.holder, s.deadlineMissed, s.missedDueAt])).toEqual([
      ['issued', 'an', false, null],
      ['accepted', 'an', true, DUE],
      ['handed_off', 'binh', false, null],
      ['accepted', 'binh', false, null],
      ['completed', 'binh', false, null],
      ['reviewed', 'binh', false, null],
    ]);
  });

  it('classification trace (Decree 335/2025): the delay deducts from An\'s progress points in March, none from Bình\'s', async () => {
    await t.http().post('/api/v1/evaluation-cycles').set(...bearer(hr)).send({ cycleId: 'c', year: 2026, scopeUnitId: 'dept' }).expect(201);
    for (const staffId of ['an', 'binh', 'head']) {
      await t.http().post('/api/v1/evaluation-cycles/c/general-criteria').set(...bearer(hr)).send({ staffId, score: 30 }).expect(200);
    }
    const run = await t.http().post('/api/v1/evaluation-cycles/c/classification-runs').set(...bearer(hr)).send({});
    expect(run.status).toBe(200);
    expect(run.body.skipped).toEqual([]);
    const results = await t.http().get('/api/v1/evaluation-cycles/c/results').set(...bearer(hr));
    const by = Object.fromEntries(results.body.items.map((i: { staffId: string }) => [i.staffId, i])) as Record<string, { score: number; trace: Array<{ rule: string; inputs: Record<string, unknown> }> }>;
    const period = (who: string, m: string) => by[who]!.trace.find((e) => e.rule === `vn-decree-335-2025/scoring/period/${m}`)?.inputs;
    expect(period('an', 'M3')).toMatchObject({ assigned: 1, delays: 1, delaysWithObjectiveCause: 0 });
    expect(period('binh', 'M4')).toMatchObject({ assigned: 2, completed: 2, delays: 0 });
    // An: quantity 70/3 + quality 70/3 + progress 70/3 x (1 - 0.25) = 64.17, + 30.
    expect(by.an!.score).toBeCloseTo(30 + 70 - (70 / 3) * 0.25, 2);
    expect(by.binh!.score).toBe(100);
  });

  it('classification runs take declared task groups and decided exceptions (Decree 335/2025 art. 20(5)); bad input is a 400 with nothing written', async () => {
    const before = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'ClassificationProposed'");
    const bad = await t.http().post('/api/v1/evaluation-cycles/c/classification-runs').set(...bearer(hr)).send({ outstandingUnits: [{ unitId: 'dept', share: 1.5, decisionRef: 'x' }] });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const unknown = await t.http().post('/api/v1/evaluation-cycles/c/classification-runs').set(...bearer(hr)).send({ taskGroups: [{ unitId: 'dept', groupId: 'g', jobPositions: ['x'], extra: 1 }] });
    expect(unknown.status).toBe(400);
    const after = await t.sql<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE type = 'ClassificationProposed'");
    expect(after[0]!.n).toBe(before[0]!.n);

    const run = await t.http().post('/api/v1/evaluation-cycles/c/classification-runs').set(...bearer(hr)).send({
      taskGroups: [{ unitId: 'dept', groupId: 'specialists', jobPositions: ['Chuyên viên'] }],
      outstandingUnits: [{ unitId: 'dept', share: 1, decisionRef: 'QĐ-7/UBND' }],
    });
    expect(run.status).toBe(200);
    expect(run.body.skipped).toEqual([]);
    const results = await t.http().get('/api/v1/evaluation-cycles/c/results').set(...bearer(hr));
    const binh = results.body.items.find((i: { staffId: string }) => i.staffId === 'binh') as { trace: Array<{ kind: string; inputs: Record<string, unknown> }> };
    expect(binh.trace.find((e) => e.kind === 'quota')?.inputs).toMatchObject({ group: 'unitId=dept,taskGroup=specialists', shareFrom: 'outstanding-unit exception, decision QĐ-7/UBND' });
  });
});


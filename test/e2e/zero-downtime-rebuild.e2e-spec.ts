import { DataSource } from 'typeorm';
import { PostgresEventStore } from '#event-store';
import { ProjectionRunner, rebuildBeside } from '#read-models';
import { bearer, createTestApp, type TestApp } from '../support/app.js';
import { dumpTables } from '../support/read-model-dump.js';

const DAY = 86_400_000;
const due = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const ago = (days: number) => new Date(Math.floor(Date.now() / 1000) * 1000 - days * DAY).toISOString();

/**
 * `cli rebuild <projection>` builds the next version beside the live one while the
 * service runs (its projector keeps applying, commands keep landing), then switches.
 * Reads answer throughout, and the switched tables hold what an in-place rebuild gives.
 */
describe('zero-downtime rebuild: reads keep answering while the next version is built and switched in', () => {
  let t: TestApp;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    // The CLI's side: its own connections, as the database owner (it creates the next version's schema).
    store = new PostgresEventStore({ connectionString: t.db.url, poolSize: 3 });
    dataSource = new DataSource({ type: 'postgres', url: t.db.url, synchronize: false, logging: false, extra: { max: 3 } });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await t?.close();
  });

  it('answers every read during the rebuild of three projections, lands the commands made meanwhile, and leaves no shadow behind', async () => {
    const hr = await t.token('hr-1', ['hr', 'importer'], ['*']);
    const post = (path: string, body: Record<string, unknown>) => t.http().post(`/api/v1${path}`).set(...bearer(hr)).send(body);
    const get = (path: string) => t.http().get(`/api/v1${path}`).set(...bearer(hr));
    await post('/units', { unitId: 'tinh', name: 'Tỉnh', establishedOn: '2025-07-01' }).expect(201);
    await post('/units', { unitId: 'u1', name: 'U1', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    for (const staffId of ['s1', 's2', 's3']) {
      await post('/staff', { staffId, personnelCode: staffId, fullName: staffId, category: 'civil_servant', unitId: 'u1', jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
    }
    const clear = { title: 'T', description: 'D', deliverable: 'R', successCriteria: 'C', assignedBy: 'hr-1', authorityBasis: 'QĐ' };
    let n = 0;
    const issue = async () => {
      const id = `w${String(n).padStart(3, '0')}`;
      await post('/assignments', { assignmentId: id, assignee: n % 2 ? 's1' : 's2', ...clear, dueAt: n % 3 ? due(5) : ago(1), occurredAt: ago(4) }).expect(201);
      if (n % 2 === 0) await post(`/assignments/${id}/handoffs`, { to: 's3', reason: 'reassignment', justification: 'load', occurredAt: ago(3) }).expect(200);
      n++;
    };
    for (let i = 0; i < 30; i++) await issue();

    // Readers that never stop while the rebuild runs.
    let reading = true;
    const answers: number[] = [];
    const readers = [0, 1].map(async (k) => {
      while (reading) {
        const res = await get(k === 0 ? '/staff/s1' : '/assignments/w000');
        answers.push(res.status);
        if (res.status !== 200) throw new Error(`a read during the rebuild answered ${res.status}: ${JSON.stringify(res.body)}`);
      }
    });

    const oids = async () => t.sql<{ t: string; oid: string }>(
      `SELECT relname AS t, oid::text AS oid FROM pg_class WHERE relname IN ('staff_v1', 'assignment_board_v1', 'staff_indicators_v1') ORDER BY 1`);
    const oidsBefore = await oids();
    const runner = t.app.get(ProjectionRunner);
    const names = ['personnel_v1', 'assignment_board_v1', 'staff_indicators_v1'];
    let readsDuringBuild = 0;
    for (const name of names) {
      const projection = runner.projections.find((p) => p.name === name)!;
      const result = await rebuildBeside(store, dataSource, projection, {
        batchSize: 7,
        onProgress: async () => {
          // Reads and commands go on while the next version is built from small batches.
          const before = answers.length;
          await get('/staff/s2').expect(200);
          if (n < 45) await issue();
          readsDuringBuild += answers.length - before + 1;
        },
      });
      expect(result.projection).toBe(name);
      expect(result.events).toBeGreaterThan(0);
    }
    reading = false;
    await Promise.all(readers);
    expect(readsDuringBuild).toBeGreaterThan(10);
    expect(answers.every((s) => s === 200)).toBe(true);

    // New tables went live (the old ones are gone), under the same names.
    const oidsAfter = await oids();
    expect(oidsAfter.map((r) => r.t)).toEqual(oidsBefore.map((r) => r.t));
    for (const [i, r] of oidsAfter.entries()) expect(r.oid).not.toBe(oidsBefore[i]!.oid);
    const schemas = await t.sql<{ n: string }>(`SELECT nspname AS n FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' OR nspname LIKE 'retired\\_%'`);
    expect(schemas).toEqual([]);
    // The switched tables went on receiving the live projector's batches: the assignments made during the rebuild are there.
    await get(`/assignments/w${String(n - 1).padStart(3, '0')}`).expect(200);

    const tables = runner.projections.filter((p) => names.includes(p.name)).flatMap((p) => p.tables);
    const head = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    expect(await runner.waitFor(BigInt(head), 60_000, true)).toBe(true);
    const switched = await dumpTables(t.db.url, tables);
    expect(switched.assignment_board_v1).toHaveLength(n);
    for (const name of names) await runner.rebuild(name);
    expect(await runner.waitFor(BigInt(head), 60_000, true)).toBe(true);
    const inPlace = await dumpTables(t.db.url, tables);
    for (const table of tables) expect({ table, rows: switched[table] }).toEqual({ table, rows: inPlace[table] });
    // Indexes keep their names (later migrations name them).
    const indexes = await t.sql<{ n: string }>(`SELECT indexname AS n FROM pg_indexes WHERE tablename = 'staff_indicators_v1' ORDER BY 1`);
    expect(indexes.map((i) => i.n)).toEqual(['staff_indicators_v1_pkey', 'staff_indicators_v1_year']);
  });
});

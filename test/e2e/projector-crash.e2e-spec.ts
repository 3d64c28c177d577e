import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { allProjections } from '#read-models';
import { bearer, createTestApp, type TestApp } from '../support/app.js';
import { dumpTables } from '../support/read-model-dump.js';

const ROOT = path.resolve('.');
const CHILD = path.join(ROOT, 'test/support/projector-child.mjs');
const CLI = path.join(ROOT, 'dist/apps/cli/src/main.js');
const KILLS = 5;

/** A projector process; resolves `batches(n)` once it has announced n batches (each from inside its transaction). */
function startProjector(url: string): { child: ChildProcess; batches: (n: number) => Promise<void>; seen: () => number; exited: Promise<void> } {
  const child = spawn(process.execPath, [CHILD], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, LEDGER_DIST: path.join(ROOT, 'dist') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.startsWith('batch ')) seen++;
    for (const w of [...waiters]) if (seen >= w.n) w.resolve();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    seen: () => seen,
    batches: (n) =>
      seen >= n
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            waiters.push({ n, resolve });
            void exited.then(() => reject(new Error(`projector exited after ${seen} batches, before ${n}`)));
          }),
  };
}

describe('projector crash safety', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The child runs the swc build (Jest cannot spawn TypeScript).
    execFileSync('npm', ['run', 'build:fast', '--silent'], { cwd: ROOT, stdio: 'inherit' });
    t = await createTestApp({ PROJECTOR_INLINE: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it(`killed with SIGKILL in the middle of a batch ${KILLS} times while commands keep coming, it ends identical to a full rebuild`, async () => {
    const hr = await t.token('hr-1', ['hr'], ['*']);
    const post = (p: string, body: Record<string, unknown>) => t.http().post(`/api/v1${p}`).set(...bearer(hr)).send(body);
    // Commands never wait for projections, but a command that reads the directory waits until
    // it has applied the caller's last write: a projector runs while the directory is set up.
    const setup = startProjector(t.db.url);
    await post('/units', { unitId: 'tinh', name: 'Tỉnh', establishedOn: '2025-07-01' }).expect(201);
    await post('/units', { unitId: 'u1', name: 'U1', parentUnitId: 'tinh', establishedOn: '2025-07-01' }).expect(201);
    const clear = { title: 'T', description: 'D', deliverable: 'R', successCriteria: 'C', assignedBy: 'hr-1', authorityBasis: 'QĐ' };
    const dueAt = new Date(Date.now() + 5 * 86_400_000).toISOString();
    // Handoffs name a registered staff member (issue 12 item 5).
    await post('/staff', { staffId: 'x', personnelCode: 'x', fullName: 'x', category: 'worker', unitId: 'u1', jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
    setup.child.kill('SIGTERM');
    await setup.exited;

    // Commands keep coming for the whole test.
    let writing = true;
    let issued = 0;
    const writer = (async () => {
      while (writing) {
        const id = `c${String(issued++).padStart(4, '0')}`;
        await post('/staff', { staffId: `s-${id}`, personnelCode: id, fullName: id, category: 'worker', unitId: 'u1', jobPosition: 'CV', joinedOn: '2020-01-01' }).expect(201);
        await post('/assignments', { assignmentId: id, unitId: 'u1', assignee: `s-${id}`, ...clear, dueAt }).expect(201);
        await post(`/assignments/${id}/handoffs`, { to: 'x', reason: 'reassignment', justification: 'j' }).expect(200);
        await post(`/assignments/${id}/handoffs`, { to: `s-${id}`, reason: 'escalation', justification: 'back' }).expect(200);
        if (issued % 3 === 0) await post(`/assignments/${id}/cancellation`, { reason: 'r' }).expect(200);
      }
    })();

    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((r) => setTimeout(r, 150));
      const projector = startProjector(t.db.url);
      await projector.batches(2 + kill * 3);
      // Commands that read the directory wait for the projector: let some land while it
      // runs, then kill it on its next batch line (inside that batch's transaction).
      while (issued < kill + 2) await new Promise((r) => setTimeout(r, 20));
      await projector.batches(projector.seen() + 1);
      projector.child.kill('SIGKILL');
      await projector.exited;
    }
    // Restart and let it catch up with everything. Started before the writer stops: its
    // commands read the directory, and wait until the projector has applied the caller's
    // last registration (commands never wait for projections, reads do).
    const projector = startProjector(t.db.url);
    writing = false;
    await writer;
    expect(issued).toBeGreaterThan(KILLS);
    const names = allProjections().map((p) => p.name);
    const last = (await t.sql<{ p: string }>('SELECT max(position)::text AS p FROM events'))[0]!.p;
    for (let i = 0; ; i++) {
      const rows = await t.sql<{ name: string; position: string }>('SELECT name, position::text AS position FROM projection_checkpoints');
      const done = names.every((n) => rows.some((r) => r.name === n && r.position === last));
      if (done) break;
      if (i > 600) throw new Error(`projections did not catch up with ${last}: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    projector.child.kill('SIGTERM');
    await projector.exited;

    const tables = allProjections().flatMap((p) => p.tables);
    const checkpoints = () => t.sql('SELECT name, position::text AS position, events::text AS events FROM projection_checkpoints ORDER BY name');
    const incremental = await dumpTables(t.db.url, tables);
    const incrementalCheckpoints = await checkpoints();
    expect(incremental.assignment_board_v1).toHaveLength(issued);

    await promisify(execFile)(process.execPath, [CLI, 'rebuild', 'all'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.db.url } });
    const rebuilt = await dumpTables(t.db.url, tables);
    // Nothing lost, nothing applied twice: the same rows, and each checkpoint counted every event exactly once.
    expect(rebuilt).toEqual(incremental);
    expect(await checkpoints()).toEqual(incrementalCheckpoints);
  });
});

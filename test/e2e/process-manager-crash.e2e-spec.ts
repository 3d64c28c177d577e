import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PostgresEventStore } from '#event-store';
import pg from 'pg';
import { reactionEventId } from '../../apps/projector/src/automation/process-manager.js';
import { REVOKE_COMMENDATIONS } from '../../apps/projector/src/automation/when-decision-issued-then-revoke-commendations.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

const ROOT = path.resolve('.');
const CHILD = path.join(ROOT, 'test/support/automation-child.mjs');

/** The process managers in a child process; `line(prefix)` resolves once the child printed a line starting with it. */
function startAutomation(url: string, crashAt: '' | 'before' | 'after'): { child: ChildProcess; line: (prefix: string) => Promise<string>; exited: Promise<void> } {
  const child = spawn(process.execPath, [CHILD], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, LEDGER_DIST: path.join(ROOT, 'dist'), CRASH_AT: crashAt },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (l: string) => void }> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const w of [...waiters]) {
      const hit = lines.find((l) => l.startsWith(w.prefix));
      if (hit) w.resolve(hit);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    exited,
    line: (prefix) => {
      const hit = lines.find((l) => l.startsWith(prefix));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        waiters.push({ prefix, resolve });
        void exited.then(() => reject(new Error(`automation exited before printing "${prefix}"`)));
      });
    },
  };
}

describe('process manager when-decision-issued-then-revoke-commendations: crash safety', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let sql: pg.Pool;

  beforeAll(async () => {
    // The child runs the swc build (Jest cannot spawn TypeScript).
    execFileSync('npm', ['run', 'build:fast', '--silent'], { cwd: ROOT, stdio: 'inherit', timeout: 600_000 });
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await store?.close();
    await db?.drop();
  });

  const revocations = async (commendationId: string) =>
    (await sql.query<{ id: string; causation: string }>(
      `SELECT id, metadata->>'causationId' AS causation FROM events WHERE stream_id = $1 AND type = 'CommendationRevoked'`,
      [`commendation-${commendationId}`],
    )).rows;
  const checkpoint = async () =>
    BigInt((await sql.query<{ p: string }>('SELECT position::text AS p FROM projection_checkpoints WHERE name = $1', [REVOKE_COMMENDATIONS])).rows[0]?.p ?? '0');

  /** A commendation of 2026 for `subject`, then a case whose decision finds a violation inside that period. */
  async function decisionAgainst(subject: string, commendationId: string): Promise<{ id: string; position: bigint }> {
    const meta = { actor: { sub: 'hr-1', roles: ['hr'] }, correlationId: randomUUID() };
    await store.append(`commendation-${commendationId}`, [{
      id: randomUUID(), type: 'CommendationGranted', metadata: meta,
      data: { commendationId, recipient: { kind: 'person', id: subject }, form: 'Giấy khen', level: 'department', decisionNo: '2/QĐ', decidedBy: 'Giám đốc Sở', reason: 'r', periodFrom: '2026-01-01', periodTo: '2026-12-31', grantedAt: '2026-02-01T02:00:00.000Z' },
    }], 'no_stream');
    const caseId = `k-${subject}`;
    const decisionId = randomUUID();
    const result = await store.append(`case-${caseId}`, [
      {
        id: randomUUID(), type: 'CaseOpened', metadata: meta,
        data: { caseId, subjectId: subject, subjectCategory: 'civil_servant', subjectIsLeader: false, openedBy: 'hr-1', openedAt: '2026-07-01T02:00:00.000Z', processingDeadline: '2026-09-29',
          allegations: [{ id: 'v1', description: 'Left dossiers pending', violationDate: '2026-06-01', severity: 'less_serious', evidence: [] }] },
      },
      {
        id: decisionId, type: 'DecisionIssued', metadata: { ...meta, occurredAt: '2026-08-01T02:00:00.000Z' },
        data: { form: 'reprimand', decisionNo: '88/QĐ', effectiveFrom: '2026-08-01', relatedToDuties: true, allegationIds: ['v1'], decidedBy: 'hr-1', issuedAt: '2026-08-01T02:00:00.000Z', formsRegime: 'civil_servant/2025' },
      },
    ], 'no_stream');
    return { id: decisionId, position: result.position };
  }

  it.each([
    ['before the revocation is appended', 'before' as const],
    ['after the revocation is appended, before the checkpoint moves', 'after' as const],
  ])('killed with SIGKILL %s, it revokes exactly once after a restart', async (_label, crashAt) => {
    const subject = `p-${crashAt}`;
    const commendationId = `kt-${crashAt}`;
    const decision = await decisionAgainst(subject, commendationId);

    const first = startAutomation(db.url, crashAt);
    await first.line(crashAt === 'before' ? 'revoking ' : 'revoked ');
    first.child.kill('SIGKILL');
    await first.exited;
    // Killed between the decision and the revocation: nothing revoked yet; or killed after it: revoked once, checkpoint not moved.
    expect(await revocations(commendationId)).toHaveLength(crashAt === 'before' ? 0 : 1);
    expect(await checkpoint()).toBeLessThan(decision.position);

    const second = startAutomation(db.url, '');
    await second.line('started');
    for (let i = 0; (await checkpoint()) < decision.position; i++) {
      if (i > 600) throw new Error('the process manager did not get past the decision');
      await new Promise((r) => setTimeout(r, 100));
    }
    second.child.kill('SIGTERM');
    await second.exited;

    const done = await revocations(commendationId);
    expect(done).toEqual([
      { id: reactionEventId(decision.id, REVOKE_COMMENDATIONS, `commendation-${commendationId}`), causation: decision.id },
    ]);
  });
});

import pg from 'pg';
import { actor, assignmentAccess, assignmentDecider, assignmentStream, type Actor, type AssignmentCommand } from '#domain';
import { PostgresEventStore, WrongExpectedVersion } from '#event-store';
import { UnitQueries } from '#read-models';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import type { Principal } from '../auth/principal.js';
import { ScopeService } from '../auth/scope.service.js';
import { PersonDirectory } from '../http/person-ref.interceptor.js';
import type { CommandContext } from './command-context.js';
import { CommandExecutor, type CommandInput } from './command-executor.js';

/**
 * The executor's remembered fold (COMMAND_STATE_CACHE) against other writers: two
 * executors (two API instances) on one database. Whatever one instance remembers of a
 * stream, a command is answered exactly as if the stream had been read: a success only
 * when the append's expected version proves the basis current, a refusal, a no-op and a
 * stale If-Match only from the stream as read.
 */
let db: TestDatabase;
let pool: pg.Pool;
let storeA: PostgresEventStore;
let storeB: PostgresEventStore;
let a: CommandExecutor;
let b: CommandExecutor;
let reads: string[];

const head: Principal = { sub: 'head', roles: ['unit_head'], units: ['*'] };
const person = (sub: string): Principal => ({ sub, roles: ['staff'], units: [] });
const who = (p: Principal): Actor => actor(p.sub, p.roles, { all: p.units.includes('*'), units: new Set() }, { unitId: 'u1', leads: new Set() });
const ctx = (principal: Principal, ifMatch?: number): CommandContext => {
  const now = new Date().toISOString();
  return { principal, now, occurredAt: now, correlationId: `c-${Math.random()}`, ifMatch };
};

function run(executor: CommandExecutor, principal: Principal, command: CommandInput<AssignmentCommand>, ifMatch?: number) {
  const id = (command.data as { assignmentId: string }).assignmentId;
  return executor.execute({ decider: assignmentDecider, stream: assignmentStream(id), access: assignmentAccess, command, ctx: ctx(principal, ifMatch), who: who(principal) });
}

const handOff = (id: string, to: string): CommandInput<AssignmentCommand> => ({
  type: 'HandOffAssignment',
  data: { assignmentId: id, to, reason: 'reassignment', justification: 'Phân công lại', responsible: null },
});
const accept = (id: string): CommandInput<AssignmentCommand> => ({ type: 'AcceptAssignment', data: { assignmentId: id } });
const progress = (id: string, note: string): CommandInput<AssignmentCommand> => ({ type: 'ReportProgress', data: { assignmentId: id, note, percentComplete: null } });

async function issue(id: string, assignee: string): Promise<void> {
  await run(b, head, {
    type: 'IssueAssignment',
    data: {
      assignmentId: id,
      kind: 'task',
      unitId: 'u1',
      assignee,
      title: 'Rà soát',
      description: 'Rà soát hồ sơ',
      deliverable: 'Báo cáo',
      successCriteria: 'Đủ hồ sơ',
      assignedBy: 'head',
      authorityBasis: 'QĐ 12',
      dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      unit: { status: 'active' },
    },
  });
}

const version = async (id: string) => Number((await pool.query('SELECT count(*) AS n FROM events WHERE stream_id = $1', [assignmentStream(id)])).rows[0].n);

beforeAll(async () => {
  db = await createTestDatabase();
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  storeA = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
  storeB = new PostgresEventStore({ connectionString: db.url, poolSize: 4 });
  // Counts the stream reads of instance A (the basis taken from the stream, not memory).
  const readA = storeA.readForDecision.bind(storeA);
  storeA.readForDecision = (stream: string) => {
    reads.push(stream);
    return readA(stream);
  };
  const scope = new ScopeService(new UnitQueries(pool));
  a = new CommandExecutor(storeA, scope, undefined, undefined, { COMMAND_STATE_CACHE: 100 });
  b = new CommandExecutor(storeB, scope, undefined, undefined, { COMMAND_STATE_CACHE: 100 });
});
beforeEach(() => {
  reads = [];
});
afterAll(async () => {
  await storeA.close();
  await storeB.close();
  await pool.end();
  await db.drop();
});

describe('CommandExecutor: the remembered fold of a stream', () => {
  it('decides a second command on one instance without reading the stream again', async () => {
    await issue('w1', 'an');
    await run(a, person('an'), accept('w1'));
    expect(reads).toEqual(['assignment-w1']);
    const second = await run(a, person('an'), progress('w1', 'two'));
    const third = await run(a, person('an'), progress('w1', 'three'));
    expect(reads).toEqual(['assignment-w1']);
    expect([second.version, third.version]).toEqual([3, 4]);
    expect(await version('w1')).toBe(4);
    // What it remembered is what a read folds: a fresh executor decides the same way.
    const fresh = new CommandExecutor(storeA, new ScopeService(new UnitQueries(pool)), undefined, undefined, { COMMAND_STATE_CACHE: 0 });
    expect((await run(fresh, person('an'), progress('w1', 'four'))).version).toBe(5);
    expect((await run(a, person('an'), progress('w1', 'five'))).version).toBe(6);
  });

  it('another instance appended since: the command is read and decided again on the stream as it is', async () => {
    await issue('w2', 'an');
    await run(a, head, handOff('w2', 'binh'));
    await run(a, person('binh'), accept('w2')); // A remembers: holder binh (accepted), version 3
    await run(b, head, handOff('w2', 'chi')); // B moves it on: holder chi, version 4
    // On A's stale memory binh still holds the work: the append refuses that basis, and on
    // the stream as read binh is no longer the holder.
    reads = [];
    await expect(run(a, person('binh'), progress('w2', 'stale holder'))).rejects.toMatchObject({ code: 'not_assignment_holder' });
    expect(reads).toEqual(['assignment-w2']);
    // A now remembers the stream as read: chi, the true holder, acts without another read.
    const ok = await run(a, person('chi'), accept('w2'));
    expect(ok.version).toBe(5);
    expect(reads).toEqual(['assignment-w2']);
    expect(await version('w2')).toBe(5);
  });

  it('a stale memory that would allow the command: the append proves it stale, and it is decided again (no lost update)', async () => {
    await issue('w3', 'an');
    await run(a, head, handOff('w3', 'binh')); // A: holder binh, version 2
    await run(b, head, handOff('w3', 'chi')); // true: holder chi, version 3
    // The head hands it off again on A (allowed on either state): decided on the true state.
    const out = await run(a, head, handOff('w3', 'dung'));
    expect(out.version).toBe(4);
    const { rows } = await pool.query("SELECT revision::int, data->>'from' AS from_holder, data->>'to' AS to FROM events WHERE stream_id = 'assignment-w3' AND type = 'AssignmentHandedOff' ORDER BY revision");
    // The handoff recorded the TRUE previous holder (chi), not the remembered one (binh).
    expect(rows.at(-1)).toEqual({ revision: 3, from_holder: 'chi', to: 'dung' });
  });

  it('If-Match equal to a stale remembered version is a 412 with the TRUE current version', async () => {
    await issue('w4', 'an');
    await run(a, head, handOff('w4', 'binh')); // A remembers version 2
    await run(b, head, handOff('w4', 'chi')); // true version 3
    const error = await run(a, head, handOff('w4', 'dung'), 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect((error as WrongExpectedVersion).actual).toBe(2n); // revision 2 = version 3
    expect(await version('w4')).toBe(3);
  });

  it('If-Match with the true version, newer than the remembered one: read again and accepted', async () => {
    await issue('w5', 'an');
    await run(a, head, handOff('w5', 'binh')); // A remembers version 2
    await run(b, head, handOff('w5', 'chi')); // true version 3
    const out = await run(a, head, handOff('w5', 'dung'), 3);
    expect(out.version).toBe(4);
  });

  it('a former holder with a stale If-Match on a stale memory: 412, not a refusal', async () => {
    await issue('w6', 'an');
    await run(a, person('an'), accept('w6')); // A remembers: holder an (accepted), version 2
    await run(b, head, handOff('w6', 'chi')); // true: holder chi, version 3
    const error = await run(a, person('an'), progress('w6', 'still mine?'), 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersion);
    expect((error as WrongExpectedVersion).actual).toBe(2n);
  });

  it('a refusal on the remembered state is answered only from the stream as read', async () => {
    await issue('w7', 'an');
    await run(a, head, handOff('w7', 'binh')); // A: holder binh
    await run(b, head, handOff('w7', 'chi')); // true: holder chi
    reads = [];
    // On A's memory chi is a stranger (refused); on the stream chi holds the work.
    const ok = await run(a, person('chi'), accept('w7'));
    expect(ok.version).toBe(4);
    expect(reads).toEqual(['assignment-w7']);
  });
});

describe('CommandExecutor: the caller and the directory check in one statement', () => {
  const ghost = { field: 'to', id: 'ghost', orCaller: false };
  const withPeople = () => new CommandExecutor(storeA, new ScopeService(new UnitQueries(pool)), undefined, new PersonDirectory(pool), { COMMAND_STATE_CACHE: 100 });
  const runNaming = (executor: CommandExecutor, principal: Principal, command: CommandInput<AssignmentCommand>) =>
    executor.execute({ decider: assignmentDecider, stream: assignmentStream('p1'), access: assignmentAccess, command, ctx: { ...ctx(principal), personReferences: [ghost] } });

  it('a manager naming someone not in the directory: 422 unknown_person naming the field, nothing appended', async () => {
    await issue('p1', 'an');
    const executor = withPeople();
    await expect(runNaming(executor, head, handOff('p1', 'ghost'))).rejects.toMatchObject({ status: 422, code: 'unknown_person' });
    // Again with the stream remembered: the same answer, still nothing appended.
    await expect(runNaming(executor, head, handOff('p1', 'ghost'))).rejects.toMatchObject({ status: 422, code: 'unknown_person' });
    expect(await version('p1')).toBe(1);
  });

  it('a caller without the right learns nothing about who exists: the refusal, not unknown_person', async () => {
    await expect(runNaming(withPeople(), person('zed'), handOff('p1', 'ghost'))).rejects.toMatchObject({ code: 'assignment.not_found' });
  });
});

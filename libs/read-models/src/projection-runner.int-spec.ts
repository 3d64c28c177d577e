import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import type { RecordedEvent } from '#event-store';
import { PostgresEventStore } from '#event-store';
import { newEvent } from '#event-store/testing';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

/** Appends each event's `n` to a scratch table; optionally fails while `broken()` says so. */
function recorder(
  name: string,
  table: string,
  options: { handles?: ReadonlySet<string>; broken?: () => boolean; poisoned?: (e: RecordedEvent) => boolean } = {},
): Projection {
  return {
    name,
    tables: [table],
    handles: options.handles,
    async apply(events: readonly RecordedEvent[], manager: EntityManager) {
      for (const e of events) {
        if (options.handles && !options.handles.has(e.type)) continue;
        // A transient failure (SQLSTATE class 08, the connection): the batch is retried whole.
        if (options.broken?.()) throw Object.assign(new Error(`${name} lost its connection`), { code: '08006' });
        // A failure caused by the event itself.
        if (options.poisoned?.(e)) throw new Error(`${name} cannot apply n=${String(e.data.n)}`);
        await manager.query(`INSERT INTO ${table} (n) VALUES ($1)`, [e.data.n]);
      }
    },
  };
}

// No deadline of its own: a condition that never holds is caught by Jest's hang guard.
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) {
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('projection runner: one shared reader', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [] });
    await dataSource.initialize();
    for (const t of ['seen_a', 'seen_b', 'seen_c']) await dataSource.query(`CREATE TABLE ${t} (n integer NOT NULL)`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  const count = async (table: string) => ((await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`)) as Array<{ n: number }>)[0]!.n;

  it('keeps feeding healthy projections while one fails, and the failing one catches up alone once it recovers', async () => {
    let broken = true;
    const runner = new ProjectionRunner(
      store,
      dataSource,
      [recorder('a_v1', 'seen_a'), recorder('b_v1', 'seen_b', { broken: () => broken }), recorder('c_v1', 'seen_c', { handles: new Set(['Counted']) })],
      { batchSize: 5, retryMs: 50 },
    );
    await runner.start();
    try {
      for (let n = 0; n < 20; n++) {
        await store.append(`runner-${n % 3}`, [newEvent(n % 2 === 0 ? 'Counted' : 'Ignored', { n })], 'any');
      }
      await until(async () => (await count('seen_a')) === 20);
      expect(await count('seen_b')).toBe(0);
      expect(runner.failingProjections()).toEqual(['b_v1']);
      // Read-your-writes is not held back by the broken projection.
      const last = (await store.readAll(0n, 1000)).at(-1)!.position;
      expect(await runner.waitFor(last, 2000)).toBe(true);

      broken = false;
      await until(async () => (await count('seen_b')) === 20);
      expect(runner.failingProjections()).toEqual([]);
      expect(await count('seen_c')).toBe(10);
    } finally {
      await runner.stop();
    }
    // Checkpoints: every projection at the last position; c counted only the events it reads.
    const rows = (await dataSource.query('SELECT name, events::int AS events FROM projection_checkpoints ORDER BY name')) as Array<{
      name: string;
      events: number;
    }>;
    expect(rows).toEqual([
      { name: 'a_v1', events: 20 },
      { name: 'b_v1', events: 20 },
      { name: 'c_v1', events: 10 },
    ]);
    const positions = (await dataSource.query('SELECT DISTINCT position::text AS p FROM projection_checkpoints')) as Array<{ p: string }>;
    expect(positions).toHaveLength(1);
  });
});

describe('projection runner: live batching', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A long live-read interval, so wake-ups are coalesced for sure.
    store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 60_000, liveReadIntervalMs: 500 });
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE live_a (n integer NOT NULL)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('wakes a read-your-writes waiter on a position once a coalesced batch containing it is applied, every event applied once', async () => {
    const runner = new ProjectionRunner(store, dataSource, [recorder('live_a_v1', 'live_a')], { batchSize: 4 });
    await runner.start();
    try {
      const positions: bigint[] = [];
      for (let n = 0; n < 10; n++) positions.push((await store.append('live-batching', [newEvent('Counted', { n })], n === 0 ? 'no_stream' : BigInt(n - 1))).position);
      // Waiters on the first, a middle and the last position all resolve true.
      expect(await Promise.all([positions[0]!, positions[5]!, positions[9]!].map((p) => runner.waitFor(p, 60_000)))).toEqual([true, true, true]);
      const rows = (await dataSource.query('SELECT n FROM live_a ORDER BY n')) as Array<{ n: number }>;
      expect(rows.map((r) => r.n)).toEqual([...Array(10).keys()]);
    } finally {
      await runner.stop();
    }
  });
});

describe('projection runner: quarantine (issue 12)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE seen_q (n integer NOT NULL)');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  const seen = async () => ((await dataSource.query('SELECT n FROM seen_q ORDER BY n')) as Array<{ n: number }>).map((r) => r.n);

  it('parks the event it cannot apply, applies the rest of the batch, and replays the parked one after a fix', async () => {
    let fixed = false;
    const parked: string[] = [];
    const runner = new ProjectionRunner(store, dataSource, [recorder('q_v1', 'seen_q', { poisoned: (e) => !fixed && e.data.n === 3 })], {
      batchSize: 10,
      retryMs: 50,
      onQuarantine: (q) => parked.push(`${q.projection}@${q.position}`),
    });
    await runner.start();
    try {
      for (let n = 0; n < 6; n++) await store.append(`q-${n}`, [newEvent('Counted', { n })], 'no_stream');
      await until(async () => (await seen()).length === 5);
      expect(await seen()).toEqual([0, 1, 2, 4, 5]);
      expect(runner.failingProjections()).toEqual([]);
      const last = (await store.readAll(0n, 100)).at(-1)!.position;
      expect(await runner.waitFor(last, 2000)).toBe(true);
      const quarantined = await runner.quarantined('q_v1');
      expect(quarantined).toEqual([expect.objectContaining({ projection: 'q_v1', streamId: 'q-3', type: 'Counted', error: 'q_v1 cannot apply n=3' })]);
      expect(parked).toEqual([`q_v1@${quarantined[0]!.position}`]);

      // Later events keep flowing.
      await store.append('q-6', [newEvent('Counted', { n: 6 })], 'no_stream');
      await until(async () => (await seen()).includes(6));

      // Not fixed yet: the retry keeps it with its error.
      expect(await runner.retryQuarantined('q_v1')).toEqual({ applied: 0, stillFailing: 1 });
      expect((await runner.quarantined('q_v1'))[0]!.attempts).toBe(2);
      fixed = true;
      expect(await runner.retryQuarantined('q_v1')).toEqual({ applied: 1, stillFailing: 0 });
      expect(await runner.quarantined()).toEqual([]);
      expect(await seen()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    } finally {
      await runner.stop();
    }
  });

  it('a rebuild parks what still fails instead of failing', async () => {
    const runner = new ProjectionRunner(store, dataSource, [recorder('q_v1', 'seen_q', { poisoned: (e) => e.data.n === 5 })], { batchSize: 3 });
    await runner.rebuild('q_v1');
    expect(await seen()).toEqual([0, 1, 2, 3, 4, 6]);
    expect((await runner.quarantined('q_v1')).map((q) => q.streamId)).toEqual(['q-5']);
  });

  it('catchUp goes on to the head it saw at start while another session holds an old transaction (the log is read below it)', async () => {
    await dataSource.query('CREATE TABLE seen_hold (n integer NOT NULL)');
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    let emptyRead!: () => void;
    const sawEmpty = new Promise<void>((resolve) => (emptyRead = resolve));
    // The store as the runner sees it, telling when a read came back empty.
    const watched = Object.assign(Object.create(store) as PostgresEventStore, {
      readAll: async (from: bigint, limit: number) => {
        const rows = await store.readAll(from, limit);
        if (rows.length === 0) emptyRead();
        return rows;
      },
    });
    try {
      // An older transaction with its id: events appended after it are not read until it ends.
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      for (let n = 0; n < 3; n++) await store.append(`hold-${n}`, [newEvent('Held', { n })], 'no_stream');
      const runner = new ProjectionRunner(watched, dataSource, [recorder('hold_v1', 'seen_hold', { handles: new Set(['Held']) })], { batchSize: 2 });
      const caughtUp = runner.catchUp(runner.projections[0]!);
      await sawEmpty;
      await blocker.query('ROLLBACK');
      await caughtUp;
      expect(((await dataSource.query('SELECT n FROM seen_hold ORDER BY n')) as Array<{ n: number }>).map((r) => r.n)).toEqual([0, 1, 2]);
    } finally {
      await blocker.end();
    }
  });
});

describe('projection runner: leadership locks (apps/projector)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const names = ['lead_a', 'lead_b', 'lead_c', 'lead_d', 'lead_e'];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
    // A pool smaller than the number of projections, as TypeORM's default pool (10) was
    // against the 13 projections of apps/projector.
    dataSource = new DataSource({ type: 'postgres', url: db.url, entities: [], extra: { max: 3 } });
    await dataSource.initialize();
    for (const t of names) await dataSource.query(`CREATE TABLE ${t} (n integer NOT NULL)`);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('leads more projections than its pool has connections, holding every lock on one session, and gives them up on stop', async () => {
    await store.append('leaders', [newEvent('Counted', { n: 1 })], 'no_stream');
    const runner = new ProjectionRunner(store, dataSource, names.map((t) => recorder(`${t}_v1`, t)), { leaderLock: true });
    await runner.start();
    try {
      for (const t of names) await until(async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM ${t}`)) as Array<{ n: number }>)[0]!.n === 1);
      const locks = (await dataSource.query("SELECT count(*)::int AS n, count(DISTINCT pid)::int AS sessions FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) as Array<{ n: number; sessions: number }>;
      expect(locks[0]).toEqual({ n: names.length, sessions: 1 });
      // A second runner (another instance) leads nothing while the first holds the locks.
      const other = new ProjectionRunner(store, dataSource, names.map((t) => recorder(`${t}_v1`, t)), { leaderLock: true, retryMs: 60_000 });
      await other.start();
      await store.append('leaders', [newEvent('Counted', { n: 2 })], 0n);
      for (const t of names) await until(async () => ((await dataSource.query(`SELECT count(*)::int AS n FROM ${t}`)) as Array<{ n: number }>)[0]!.n === 2);
      await other.stop();
    } finally {
      await runner.stop();
    }
    const after = (await dataSource.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) as Array<{ n: number }>;
    expect(after[0]!.n).toBe(0);
  });
});

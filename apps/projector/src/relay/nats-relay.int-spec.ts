import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { PostgresEventStore } from '#event-store';
import type { LedgerCloudEvent } from '#event-store';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';

/**
 * The honest crash test: the relay runs as its own process from dist/ and is
 * killed with SIGKILL at random points, 20 times, while events are appended.
 */
const root = path.resolve(import.meta.dirname, '../../../..');
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const run = randomBytes(4).toString('hex');
const STREAM = `LEDGER_T_${run}`;
const PREFIX = `ledger_t_${run}`;

describe('NATS relay under SIGKILL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let nc: NatsConnection;

  beforeAll(async () => {
    execFileSync(path.join(root, 'node_modules/.bin/swc'), ['apps', 'libs', 'bench', '-d', 'dist', '-q'], { cwd: root, stdio: 'ignore' });
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 100 });
    nc = await connect({ servers: NATS_URL });
  });

  afterAll(async () => {
    await (await nc.jetstreamManager()).streams.delete(STREAM).catch(() => undefined);
    await nc.close();
    await store.close();
    await db.drop();
  });

  function startRelay(): { child: ChildProcess; started: Promise<void>; exited: Promise<void> } {
    const child = spawn(process.execPath, ['dist/apps/projector/src/main.js', '--only=relay'], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: 'test', DATABASE_URL: db.url, NATS_URL, NATS_STREAM: STREAM, NATS_SUBJECT_PREFIX: PREFIX },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const started = new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('NATS relay started')) resolve();
      });
      child.on('exit', () => resolve());
    });
    child.stderr!.on('data', () => undefined);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return { child, started, exited };
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('holds every event once after de-duplication by id, in order per stream', async () => {
    const appended: string[] = [];
    let appending = true;
    const streams = Array.from({ length: 8 }, (_, i) => `unit-r${i}`);
    const appender = (async () => {
      let n = 0;
      while (appending) {
        const streamId = streams[n % streams.length]!;
        const id = randomUUID();
        await store.append(streamId, [{ id, type: 'UnitRenamed', data: { unitId: streamId.slice(5), name: `n${n}`, previousName: `n${n - 1}`, effectiveOn: '2026-01-01' } }], 'any');
        appended.push(id);
        n += 1;
        if (n % 5 === 0) await sleep(5);
      }
    })();

    for (let i = 0; i < 20; i += 1) {
      const relay = startRelay();
      await relay.started;
      await sleep(Math.floor(Math.random() * 400));
      relay.child.kill('SIGKILL');
      await relay.exited;
    }
    appending = false;
    await appender;

    // A last, uninterrupted run to the end of the log.
    const last = startRelay();
    const [lastEvent] = await store.readStream(streams[(appended.length - 1) % streams.length]!, { direction: 'backwards', maxCount: 1 });
    const target = lastEvent!.position;
    for (;;) {
      const { rows } = await store.pool.query<{ position: string }>("SELECT position::text AS position FROM projection_checkpoints WHERE name = 'relay:nats'");
      if (rows[0] && BigInt(rows[0].position) >= target) break;
      await sleep(100);
    }
    last.child.kill('SIGTERM');
    await last.exited;

    // Read the stream back with a JetStream (ordered) consumer.
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(STREAM);
    const consumer = await nc.jetstream().consumers.get(STREAM);
    const received: LedgerCloudEvent[] = [];
    const messages = await consumer.consume();
    for await (const m of messages) {
      received.push(m.json<LedgerCloudEvent>());
      if (received.length >= info.state.messages) break;
    }
    await messages.close();

    const seen = new Set<string>();
    const unique = received.filter((ce) => (seen.has(ce.id) ? false : (seen.add(ce.id), true)));
    expect(unique.length).toBe(appended.length);
    expect(new Set(unique.map((ce) => ce.id))).toEqual(new Set(appended));
    const lastRevision = new Map<string, bigint>();
    for (const ce of unique) {
      const revision = BigInt(ce.revision);
      const previous = lastRevision.get(ce.subject);
      expect({ stream: ce.subject, revision: ce.revision, after: previous?.toString() ?? 'start', inOrder: previous === undefined ? revision === 0n : revision === previous + 1n }).toMatchObject({ inOrder: true });
      lastRevision.set(ce.subject, revision);
      expect(ce.type).toBe('vn.gov.accountability.UnitRenamed.v1');
    }
    // The subject carries category and type.
    const sample = await jsm.streams.getMessage(STREAM, { seq: 1 });
    expect(sample.subject).toBe(`${PREFIX}.unit.UnitRenamed`);
    console.log(`relay crash test: ${appended.length} events, ${received.length} messages stored (${received.length - unique.length} duplicates)`);
  });
});

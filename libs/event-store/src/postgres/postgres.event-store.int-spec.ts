import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import { describeEventStoreContract, newEvent } from '../testing/event-store.contract.js';
import { UpcasterRegistry } from '../upcasters.js';
import { PostgresEventStore } from './postgres.event-store.js';

let db: TestDatabase;
let admin: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase();
  admin = new pg.Pool({ connectionString: db.url, max: 4 });
});
afterAll(async () => {
  await admin.end();
  await db.drop();
});

let contractStore: PostgresEventStore;

describeEventStoreContract('postgres', {
  create: async () => (contractStore = new PostgresEventStore({ connectionString: db.url, poolSize: 20, pollIntervalMs: 200 })),
  capabilities: {
    atomicAppendStreams: true,
    heldOpenAppend: async (streamId, event, release) => {
      const client = await admin.connect();
      await client.query('BEGIN');
      await contractStore.appendInTransaction(client, streamId, [event], 'no_stream');
      const committed = (async () => {
        await release;
        await client.query('COMMIT');
        client.release();
        contractStore.notifyCommitted();
      })();
      return { committed };
    },
    tamper: async (streamId, revision, data) => {
      // A superuser can switch the trigger off; verify must still notice.
      const client = await admin.connect();
      try {
        await client.query('BEGIN');
        await client.query('ALTER TABLE events DISABLE TRIGGER events_immutable');
        await client.query('UPDATE events SET data = $3 WHERE stream_id = $1 AND revision = $2', [
          streamId,
          revision.toString(),
          JSON.stringify(data),
        ]);
        await client.query('ALTER TABLE events ENABLE TRIGGER events_immutable');
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    },
    refusesChanges: async (streamId) => {
      const update = await admin
        .query("UPDATE events SET type = 'Changed' WHERE stream_id = $1", [streamId])
        .then(() => 'updated', (e: unknown) => e);
      const del = await admin.query('DELETE FROM events WHERE stream_id = $1', [streamId]).then(() => 'deleted', (e: unknown) => e);
      return { update, del };
    },
  },
});

describe('postgres event store specifics', () => {
  it('reads an event stored in its v1 shape in the current shape through the upcaster registry', async () => {
    // A v1 AssignmentIssued had `dueDate` (a calendar date) and no `kind`; v2 has `dueAt` and `kind`.
    const v1Json = '{"assignmentId":"a-1","assigneeId":"s-1","title":"Reply to petition","dueDate":"2026-03-01"}';
    const writer = new PostgresEventStore({ connectionString: db.url });
    await writer.append('assignment-a-1', [{ ...newEvent('AssignmentIssued', JSON.parse(v1Json)), schemaVersion: 1 }], 'no_stream');
    await writer.close();

    const upcasters = new UpcasterRegistry().register('AssignmentIssued', 1, (d) => {
      const { dueDate, ...rest } = d as { dueDate: string };
      return { ...rest, dueAt: `${dueDate}T23:59:59+07:00`, kind: 'task' };
    });
    const reader = new PostgresEventStore({ connectionString: db.url, upcasters });
    try {
      const [event] = await reader.readStream('assignment-a-1');
      expect(event!.schemaVersion).toBe(2);
      expect(event!.data).toEqual({
        assignmentId: 'a-1',
        assigneeId: 's-1',
        title: 'Reply to petition',
        dueAt: '2026-03-01T23:59:59+07:00',
        kind: 'task',
      });
      // The stored row is untouched, so its hash still verifies.
      expect((await reader.verify('assignment-a-1')).ok).toBe(true);
      // New events of the type are written in the current version.
      await reader.append('assignment-a-2', [newEvent('AssignmentIssued', { dueAt: 'x', kind: 'task' })], 'no_stream');
      const { rows } = await admin.query("SELECT schema_version FROM events WHERE stream_id = 'assignment-a-2'");
      expect(rows[0].schema_version).toBe(2);
    } finally {
      await reader.close();
    }
  });

  it('wakes a subscriber in another process through LISTEN/NOTIFY, long before its polling interval', async () => {
    // Polling a minute apart. Delivery itself is awaited without a deadline: a writing
    // transaction of anyone on the same server (xids are server-wide) holds the read
    // bound back, and then only the poll after it ends delivers, however fast NOTIFY is.
    // That the NOTIFY reached the subscriber is checked directly instead of timed.
    const reader = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 60_000 });
    let notified = 0;
    (reader as unknown as { remote: import('node:events').EventEmitter }).remote.on('notified', () => notified++);
    const writer = new PostgresEventStore({ connectionString: db.url });
    const seen: string[] = [];
    const from = (await reader.readAll(0n, 100_000)).at(-1)?.position ?? 0n;
    const subscription = await reader.subscribe({
      fromPosition: from,
      handler: async (batch) => {
        seen.push(...batch.filter((e) => e.streamId === 'notify-check').map((e) => e.type));
      },
    });
    const second = await reader.subscribe({ fromPosition: from, handler: async () => undefined });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const before = notified;
      await writer.append('notify-check', [newEvent('Woken')], 'no_stream');
      while (notified === before) await new Promise((r) => setTimeout(r, 20));
      while (seen.length === 0) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['Woken']);
      // Both subscriptions share one LISTEN connection.
      const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'");
      expect(rows[0].n).toBe(1);
    } finally {
      await subscription.stop();
      await second.stop();
      await reader.close();
      await writer.close();
    }
  });

  it("sends its NOTIFY in a session whose commits do not wait for the WAL flush (the appends' own commits do)", async () => {
    // A notifying transaction gets an xid: with synchronous_commit on, each coalesced NOTIFY
    // was one more commit waiting for its own fsync, queued with the writers' (the append
    // tail, bench/README.md). Every connection that sends pg_notify must have turned it off
    // first, the writer's own notifier (no subscription) and the LISTEN connection alike.
    const sent = new Map<pg.Client, string[]>();
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (text) sent.set(this, [...(sent.get(this) ?? []), text]);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    const writer = new PostgresEventStore({ connectionString: db.url });
    const listening = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 60_000 });
    const subscription = await listening.subscribe({ fromPosition: 0n, handler: async () => undefined });
    try {
      await writer.append('notify-session-1', [newEvent('A')], 'no_stream');
      await listening.append('notify-session-2', [newEvent('B')], 'no_stream');
      const notifiers = () => [...sent.values()].filter((texts) => texts.some((t) => t.includes('pg_notify')));
      while (notifiers().length < 2) await new Promise((r) => setTimeout(r, 20));
      for (const texts of notifiers()) {
        const set = texts.indexOf('SET synchronous_commit = off');
        expect(set).toBeGreaterThanOrEqual(0);
        expect(set).toBeLessThan(texts.findIndex((t) => t.includes('pg_notify')));
      }
      // The appends themselves commit synchronously: their pool sessions never turn it off.
      const appenders = [...sent.values()].filter((texts) => texts.some((t) => t.includes('append_event')));
      expect(appenders.length).toBeGreaterThan(0);
      for (const texts of appenders) expect(texts).not.toContain('SET synchronous_commit = off');
    } finally {
      pg.Client.prototype.query = original;
      await subscription.stop();
      await listening.close();
      await writer.close();
    }
  });

  it('does not lose a wake-up that arrives while the handler is busy', async () => {
    // Awaited without a deadline (see above): a lost wake-up costs a minute's poll here.
    const store = new PostgresEventStore({ connectionString: db.url, pollIntervalMs: 60_000 });
    const seen: string[] = [];
    let appendDuringHandler: Promise<unknown> | undefined;
    const from = (await store.readAll(0n, 100_000)).at(-1)?.position ?? 0n;
    const subscription = await store.subscribe({
      fromPosition: from,
      handler: async (batch) => {
        for (const e of batch) if (e.streamId === 'busy-check') seen.push(e.type);
        if (seen.length === 1 && !appendDuringHandler) {
          appendDuringHandler = store.append('busy-check', [newEvent('Second')], 0n);
          await appendDuringHandler;
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    });
    try {
      await new Promise((r) => setTimeout(r, 100));
      await store.append('busy-check', [newEvent('First')], 'no_stream');
      while (seen.length < 2) await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['First', 'Second']);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });

  it('records the writing transaction id of each event', async () => {
    const store = new PostgresEventStore({ connectionString: db.url });
    try {
      await store.append('txid-check', [newEvent(), newEvent()], 'no_stream');
      const { rows } = await admin.query(
        "SELECT tx_id::text AS tx, position::text AS position FROM events WHERE stream_id = 'txid-check' ORDER BY revision",
      );
      expect(rows[0].tx).toBe(rows[1].tx);
      expect(BigInt(rows[0].position) >> 20n).toBe(BigInt(rows[0].tx));
      expect(BigInt(rows[1].position)).toBe(BigInt(rows[0].position) + 1n);
    } finally {
      await store.close();
    }
  });
});

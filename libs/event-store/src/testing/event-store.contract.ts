import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, RecordedEvent } from '../event-store.port.js';
import { WrongExpectedVersion } from '../errors.js';

/**
 * The contract every adapter of the event-store port passes. Adapters that cannot
 * offer a capability (a held-open transaction, tampering behind the API) omit it,
 * and the test that needs it prints why it did not run.
 */
export interface ContractSetup {
  /** A store on an empty or shared server; tests use unique stream ids. */
  create(): Promise<EventStore>;
  readonly capabilities?: {
    /**
     * Opens a transaction, appends `event` to `streamId` in it, and waits until
     * `release` resolves before committing. Returns once the row is written (uncommitted).
     */
    heldOpenAppend?: (streamId: string, event: EventToAppend, release: Promise<void>) => Promise<{ committed: Promise<void> }>;
    /** Alters a stored event's data behind the API (e.g. a superuser with the trigger disabled). */
    tamper?: (streamId: string, revision: bigint, data: Record<string, unknown>) => Promise<void>;
    /**
     * `appendStreams` is atomic across streams (PostgreSQL). Without it the adapter must
     * follow the port's ordered fallback (EventStoreDB), which the suite checks instead.
     */
    atomicAppendStreams?: boolean;
    /** Shows that the store refuses UPDATE and DELETE of stored events. */
    refusesChanges?: (streamId: string) => Promise<{ update: unknown; del: unknown }>;
  };
}

export function newEvent(type = 'TestEventHappened', data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data: { ...data }, metadata: { correlationId: randomUUID() } };
}

function uniqueStream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

// No deadline of its own: Jest's timeout is the hang guard, so a slow machine is not a failure.
async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Registers the contract suite for one adapter. */
export function describeEventStoreContract(adapterName: string, setup: ContractSetup): void {
  describe(`event-store contract: ${adapterName}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await setup.create();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('append with an expected revision', () => {
      it('creates a stream with no_stream and numbers revisions from 0', async () => {
        const stream = uniqueStream();
        const result = await store.append(stream, [newEvent(), newEvent()], 'no_stream');
        expect(result.nextExpectedRevision).toBe(1n);
        expect(result.idempotentReplay).toBe(false);
        expect(await store.streamRevision(stream)).toBe(1n);
      });

      it('refuses no_stream on an existing stream with a typed conflict carrying expected and actual', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], 'no_stream');
        const error = await store.append(stream, [newEvent()], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect((error as WrongExpectedVersion).expected).toBe('no_stream');
        expect((error as WrongExpectedVersion).actual).toBe(0n);
      });

      it('refuses exists on a missing stream and a stale exact revision', async () => {
        const stream = uniqueStream();
        const missing = await store.append(stream, [newEvent()], 'exists').catch((e: unknown) => e);
        expect(missing).toBeInstanceOf(WrongExpectedVersion);
        expect((missing as WrongExpectedVersion).actual).toBeUndefined();
        await store.append(stream, [newEvent(), newEvent()], 'any');
        const stale = await store.append(stream, [newEvent()], 0n).catch((e: unknown) => e);
        expect(stale).toBeInstanceOf(WrongExpectedVersion);
        expect((stale as WrongExpectedVersion).expected).toBe(0n);
        expect((stale as WrongExpectedVersion).actual).toBe(1n);
        const ok = await store.append(stream, [newEvent()], 1n);
        expect(ok.nextExpectedRevision).toBe(2n);
      });

      it('appends several events atomically: a conflict stores none of them', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], 'no_stream');
        await expect(store.append(stream, [newEvent(), newEvent(), newEvent()], 5n)).rejects.toBeInstanceOf(WrongExpectedVersion);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('gives exactly 1 success and 49 typed conflicts to 50 parallel appends with the same expected revision', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], 'no_stream');
        const outcomes = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) => store.append(stream, [newEvent('Raced', { i })], 0n)),
        );
        const ok = outcomes.filter((o) => o.status === 'fulfilled');
        const conflicts = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof WrongExpectedVersion);
        expect(ok).toHaveLength(1);
        expect(conflicts).toHaveLength(49);
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual([0n, 1n]);
      });
    });

    describe('appendStreams (one outcome over several streams)', () => {
      it('appends to each stream with its own expected revision and reports each result in order', async () => {
        const a = uniqueStream('multi');
        const b = uniqueStream('multi');
        await store.append(b, [newEvent()], 'no_stream');
        const result = await store.appendStreams([
          { streamId: a, events: [newEvent('A1'), newEvent('A2')], expected: 'no_stream' },
          { streamId: b, events: [newEvent('B1')], expected: 0n },
        ]);
        expect(result.streams.map((r) => [r.streamId, r.nextExpectedRevision, r.idempotentReplay])).toEqual([
          [a, 1n, false],
          [b, 1n, false],
        ]);
        expect(result.position).toBe(result.streams.reduce((m, r) => (r.position > m ? r.position : m), 0n));
        expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A1', 'A2']);
        expect((await store.readStream(b)).map((e) => e.type)).toEqual(['TestEventHappened', 'B1']);
      });

      if (setup.capabilities?.atomicAppendStreams) {
        it('is atomic: a conflict on one stream stores nothing on any stream', async () => {
          const a = uniqueStream('multi');
          const b = uniqueStream('multi');
          await store.append(b, [newEvent(), newEvent()], 'no_stream');
          const error = await store
            .appendStreams([
              { streamId: a, events: [newEvent('A1')], expected: 'no_stream' },
              { streamId: b, events: [newEvent('B1')], expected: 0n },
            ])
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedVersion);
          expect((error as WrongExpectedVersion).streamId).toBe(b);
          expect(await store.readStream(a)).toEqual([]);
          expect(await store.streamRevision(b)).toBe(1n);
        });
      } else {
        it('follows the ordered fallback: writes land in the order given and the first failure stops the rest', async () => {
          const a = uniqueStream('multi');
          const b = uniqueStream('multi');
          const c = uniqueStream('multi');
          await store.append(b, [newEvent(), newEvent()], 'no_stream');
          const error = await store
            .appendStreams([
              { streamId: a, events: [newEvent('A1')], expected: 'no_stream' },
              { streamId: b, events: [newEvent('B1')], expected: 0n },
              { streamId: c, events: [newEvent('C1')], expected: 'no_stream' },
            ])
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedVersion);
          expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A1']);
          expect(await store.streamRevision(b)).toBe(1n);
          expect(await store.readStream(c)).toEqual([]);
        });
      }

      it('repeating the same writes (same event ids) is an idempotent replay with no duplicate on any stream', async () => {
        const a = uniqueStream('multi');
        const b = uniqueStream('multi');
        const writes = [
          { streamId: a, events: [newEvent('A1')], expected: 'no_stream' as const },
          { streamId: b, events: [newEvent('B1'), newEvent('B2')], expected: 'no_stream' as const },
        ];
        const first = await store.appendStreams(writes);
        const again = await store.appendStreams(writes);
        expect(again.streams.every((r) => r.idempotentReplay)).toBe(true);
        expect(again.position).toBe(first.position);
        expect(await store.readStream(a)).toHaveLength(1);
        expect(await store.readStream(b)).toHaveLength(2);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same event ids succeeds, stores nothing new and returns the original revisions', async () => {
        const stream = uniqueStream();
        const batch = [newEvent('A'), newEvent('B')];
        const first = await store.append(stream, batch, 'no_stream');
        const again = await store.append(stream, batch, 'no_stream');
        expect(again.idempotentReplay).toBe(true);
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(again.position).toBe(first.position);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('a retry after later appends still succeeds without a duplicate', async () => {
        const stream = uniqueStream();
        const first = newEvent('A');
        await store.append(stream, [first], 'no_stream');
        await store.append(stream, [newEvent('B')], 0n);
        const retry = await store.append(stream, [first], 'no_stream');
        expect(retry.idempotentReplay).toBe(true);
        expect(retry.nextExpectedRevision).toBe(0n);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
      });
    });

    describe('reading', () => {
      let stream: string;
      beforeAll(async () => {
        stream = uniqueStream();
        // 12 events: revisions 9 -> 10 -> 11 catch an order by text instead of number.
        await store.append(stream, Array.from({ length: 12 }, (_, i) => newEvent('Numbered', { i })), 'no_stream');
      });

      it('reads forwards from a revision with a limit', async () => {
        const events = await store.readStream(stream, { fromRevision: 3n, maxCount: 4 });
        expect(events.map((e) => e.data.i)).toEqual([3, 4, 5, 6]);
        expect(events.map((e) => e.revision)).toEqual([3n, 4n, 5n, 6n]);
      });

      it('reads backwards from a revision', async () => {
        const events = await store.readStream(stream, { direction: 'backwards', fromRevision: 7n, maxCount: 3 });
        expect(events.map((e) => e.data.i)).toEqual([7, 6, 5]);
      });

      it('reads backwards from the end when no revision is given', async () => {
        const events = await store.readStream(stream, { direction: 'backwards', maxCount: 2 });
        expect(events.map((e) => e.data.i)).toEqual([11, 10]);
      });

      it('readForDecision returns the whole stream forwards with ids, revisions, positions, types and data', async () => {
        const full = await store.readStream(stream);
        const lean = await store.readForDecision(stream);
        expect(lean).toEqual(full.map(({ id, revision, position, type, data }) => ({ id, revision, position, type, data })));
        expect(await store.readForDecision(uniqueStream())).toEqual([]);
      });

      it('returns nothing for a missing stream', async () => {
        expect(await store.readStream(uniqueStream())).toEqual([]);
        expect(await store.streamRevision(uniqueStream())).toBeUndefined();
      });

      it('keeps ids, types, data, metadata, recordedAt and the hash chain', async () => {
        const [first, second] = await store.readStream(stream, { maxCount: 2 });
        expect(first!.prevHash).toBe('');
        expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(second!.prevHash).toBe(first!.hash);
        expect(typeof first!.metadata.correlationId).toBe('string');
        expect(Number.isNaN(Date.parse(first!.recordedAt))).toBe(false);
      });

      it('readAll returns events in increasing global position, across streams, in append order', async () => {
        const a = uniqueStream('order');
        const b = uniqueStream('order');
        const start = await lastPosition(store);
        await store.append(a, [newEvent('One')], 'no_stream');
        await store.append(b, [newEvent('Two')], 'no_stream');
        await store.append(a, [newEvent('Three')], 0n);
        // readAll stops below the oldest running writer on the server (PostgreSQL: xids are
        // server-wide), so on a shared server the events show once that writer ends.
        let mine: RecordedEvent[];
        for (;;) {
          mine = (await readAllFrom(store, start)).filter((e) => e.streamId === a || e.streamId === b);
          if (mine.length >= 3) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        expect(mine.map((e) => e.type)).toEqual(['One', 'Two', 'Three']);
        const positions = mine.map((e) => e.position);
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);
        expect(new Set(positions).size).toBe(3);
      });

      it('readAll pages with fromPosition and limit without overlap', async () => {
        const s = uniqueStream('page');
        const start = await lastPosition(store);
        await store.append(s, Array.from({ length: 7 }, (_, i) => newEvent('Paged', { i })), 'no_stream');
        const seen: RecordedEvent[] = [];
        let from = start;
        // Until all seven are visible (see above: another writer on the server can hold them back).
        while (seen.filter((e) => e.streamId === s).length < 7) {
          const page = await store.readAll(from, 3);
          if (page.length === 0) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          seen.push(...page);
          from = page[page.length - 1]!.position;
        }
        expect(seen.filter((e) => e.streamId === s).map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      });
    });

    describe('subscription', () => {
      it('catches up on stored events, then delivers new ones live, in order, once each', async () => {
        const s = uniqueStream('sub');
        const start = await lastPosition(store);
        await store.append(s, Array.from({ length: 5 }, (_, i) => newEvent('Before', { i })), 'no_stream');
        const received: RecordedEvent[] = [];
        const sub = await store.subscribe({
          fromPosition: start,
          batchSize: 2,
          handler: async (batch) => {
            received.push(...batch.filter((e) => e.streamId === s));
          },
        });
        try {
          await waitFor(() => received.length >= 5);
          for (let i = 0; i < 5; i++) await store.append(s, [newEvent('After', { i })], BigInt(4 + i));
          await waitFor(() => received.length >= 10);
          await new Promise((r) => setTimeout(r, 100));
          expect(received.map((e) => `${e.type}${String(e.data.i)}`)).toEqual([
            'Before0', 'Before1', 'Before2', 'Before3', 'Before4', 'After0', 'After1', 'After2', 'After3', 'After4',
          ]);
        } finally {
          await sub.stop();
        }
      });

      it('a transaction held open with a lower position is delivered after it commits; nothing is skipped or delivered twice', async () => {
        const held = setup.capabilities?.heldOpenAppend;
        if (!held) {
          console.warn(`[${adapterName}] held-open transaction case not run: the adapter has no multi-statement transactions`);
          return;
        }
        const s = uniqueStream('held');
        const start = await lastPosition(store);
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        const heldEvent = newEvent('Held');
        const { committed } = await held(`${s}-slow`, heldEvent, released);
        const received: RecordedEvent[] = [];
        const sub = await store.subscribe({
          fromPosition: start,
          handler: async (batch) => {
            received.push(...batch.filter((e) => e.streamId.startsWith(s)));
          },
        });
        try {
          for (let i = 0; i < 20; i++) await store.append(`${s}-fast-${i % 4}`, [newEvent('Fast', { i })], 'any');
          // The fast events have committed, but a subscriber must not pass the open transaction.
          await new Promise((r) => setTimeout(r, 300));
          expect(received).toEqual([]);
          release();
          await committed;
          await waitFor(() => received.length >= 21);
          await new Promise((r) => setTimeout(r, 200));
          expect(received).toHaveLength(21);
          expect(received[0]!.id).toBe(heldEvent.id);
          expect(new Set(received.map((e) => e.id)).size).toBe(21);
          expect(received.filter((e) => e.type === 'Fast').map((e) => e.data.i)).toEqual(
            Array.from({ length: 20 }, (_, i) => i),
          );
        } finally {
          release();
          await sub.stop();
        }
      });

      it('delivers every event exactly once to a subscriber running while many writers append concurrently', async () => {
        const s = uniqueStream('storm');
        const start = await lastPosition(store);
        const received = new Map<string, number>();
        let outOfOrder = 0;
        const sub = await store.subscribe({
          fromPosition: start,
          batchSize: 50,
          handler: async (batch) => {
            for (let i = 1; i < batch.length; i++) if (batch[i]!.position <= batch[i - 1]!.position) outOfOrder += 1;
            for (const e of batch) if (e.streamId.startsWith(s)) received.set(e.id, (received.get(e.id) ?? 0) + 1);
          },
        });
        try {
          const ids: string[] = [];
          await Promise.all(
            Array.from({ length: 8 }, async (_, w) => {
              for (let i = 0; i < 50; i++) {
                const event = newEvent('Storm', { w, i });
                ids.push(event.id);
                await store.append(`${s}-${w}`, [event], 'any');
              }
            }),
          );
          await waitFor(() => received.size >= ids.length);
          await new Promise((r) => setTimeout(r, 200));
          expect(received.size).toBe(400);
          const twice = [...received.entries()].filter(([, n]) => n !== 1);
          expect(twice).toEqual([]);
          expect(outOfOrder).toBe(0);
        } finally {
          await sub.stop();
        }
      });
    });

    describe('tamper evidence', () => {
      it('verify passes on an untouched stream', async () => {
        const s = uniqueStream('intact');
        await store.append(s, [newEvent(), newEvent(), newEvent()], 'no_stream');
        const result = await store.verify(s);
        expect(result).toMatchObject({ ok: true, streamsChecked: 1, eventsChecked: 3, broken: [] });
      });

      it('refuses UPDATE and DELETE of stored events', async () => {
        const refuses = setup.capabilities?.refusesChanges;
        if (!refuses) {
          console.warn(`[${adapterName}] immutability case not run: the adapter exposes no direct row access`);
          return;
        }
        const s = uniqueStream('immutable');
        await store.append(s, [newEvent()], 'no_stream');
        const { update, del } = await refuses(s);
        expect(String(update)).toMatch(/immutable/);
        expect(String(del)).toMatch(/immutable/);
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('names the stream and revision of an event altered behind the API', async () => {
        const tamper = setup.capabilities?.tamper;
        if (!tamper) {
          console.warn(`[${adapterName}] tamper case not run: the adapter cannot alter a stored event`);
          return;
        }
        const s = uniqueStream('tampered');
        await store.append(s, Array.from({ length: 4 }, (_, i) => newEvent('Fact', { amount: i })), 'no_stream');
        await tamper(s, 2n, { amount: 1000 });
        const result = await store.verify(s);
        expect(result.ok).toBe(false);
        expect(result.broken).toHaveLength(1);
        expect(result.broken[0]).toMatchObject({ streamId: s, revision: 2n, reason: 'hash_mismatch' });
        const all = await store.verify();
        expect(all.broken.some((b) => b.streamId === s && b.revision === 2n)).toBe(true);
      });

      it('digest is a Merkle root over stream heads that changes when a stream grows', async () => {
        // A digest covers settled positions only, and any transaction on the (shared)
        // server holds that bound back, for as long as it runs. Each digest is taken once it
        // covers what this test knows was written: `before` waits for a marker appended
        // after every earlier test's streams (taking it at once counted streams of earlier
        // tests that settled late as new: 3 instead of 1 on a busy machine), `after` for
        // the new stream.
        const settledAt = async (position: bigint) => {
          let d = await store.digest();
          while (d.position < position) {
            await new Promise((r) => setTimeout(r, 50));
            d = await store.digest();
          }
          return d;
        };
        const marker = await store.append(uniqueStream('digest-marker'), [newEvent()], 'no_stream');
        const before = await settledAt(marker.position);
        const s = uniqueStream('digest');
        const appended = await store.append(s, [newEvent()], 'no_stream');
        const after = await settledAt(appended.position);
        expect(after.root).toMatch(/^[0-9a-f]{64}$/);
        expect(after.root).not.toBe(before.root);
        expect(after.streamCount).toBe(before.streamCount + 1);
        expect(after.position >= before.position).toBe(true);
        const again = await store.digest();
        expect(again.root).toBe(after.root);
      });
    });
  });
}

async function readAllFrom(store: EventStore, from: bigint): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let position = from;
  for (;;) {
    const page = await store.readAll(position, 1000);
    if (page.length === 0) return all;
    all.push(...page);
    position = page[page.length - 1]!.position;
  }
}

async function lastPosition(store: EventStore): Promise<bigint> {
  const all = await readAllFrom(store, 0n);
  return all.length === 0 ? 0n : all[all.length - 1]!.position;
}

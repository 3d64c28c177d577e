import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
} from '@eventstore/db-client';
import { DuplicateEventId, WrongExpectedVersion } from '../errors.js';
import type {
  AppendStreamsResult,
  StreamWrite,
  AppendResult,
  BrokenLink,
  DecisionEvent,
  Digest,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyResult,
} from '../event-store.port.js';
import { merkleRoot, streamHeadLeaf } from '../hash-chain.js';
import {
  assertNoReservedMetadata,
  checkLink,
  esdbExpectedRevision,
  isMissingStream,
  isSameEvent,
  isSystemEvent,
  satisfiesExpected,
  sealEvents,
  toReadPosition,
  toRecordedEvent,
  toWrongExpectedVersion,
  type EventUpcaster,
} from './eventstoredb.mapping.js';

/** Options of {@link EventStoreDbEventStore}. */
export interface EventStoreDbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`, or a cluster `esdb+discover://...` string. */
  readonly connectionString: string;
  /** Supplies default schema versions on append and upcasts on read; without it versions default to 1 and data is returned as stored. */
  readonly upcasters?: EventUpcaster;
  /** Clock of `recordedAt`; injected so tests can pin it. */
  readonly clock?: () => Date;
  /** How often an append re-reads the head and retries after a concurrent writer took the slot it computed its chain for. */
  readonly maxAppendAttempts?: number;
  /** Events per page when the adapter reads a stream or $all in full (verify, digest, replay detection). */
  readonly pageSize?: number;
}

/**
 * The EventStoreDB/KurrentDB adapter of the event-store port.
 *
 * ESDB has no multi-statement transactions, so an append is: read the stream head,
 * chain the new events' hashes from it, write with the head's exact revision. A
 * concurrent writer makes that write fail with a wrong expected version; the append
 * then starts over from the new head (for 'any' and 'exists', which the race does not
 * contradict) or reports the conflict (for an exact revision or 'no_stream'). The
 * chain therefore never forks. `recordedAt` is this process's clock, not ESDB's
 * `created`, because it must be known before the write to be hashed.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly client: EventStoreDBClient;
  private readonly upcasters: EventUpcaster | undefined;
  private readonly clock: () => Date;
  private readonly maxAppendAttempts: number;
  private readonly pageSize: number;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: EventStoreDbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.upcasters = options.upcasters;
    this.clock = options.clock ?? (() => new Date());
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 20);
    this.pageSize = options.pageSize ?? 1000;
  }

  /**
   * The ordered fallback of the port (EventStoreDB has no multi-stream transaction): the
   * writes one after the other in the order given; the first failure throws and the
   * earlier writes stay. Callers put the completing write last and use deterministic ids.
   */
  async appendStreams(writes: readonly StreamWrite[]): Promise<AppendStreamsResult> {
    if (writes.length === 0) throw new Error('appendStreams needs at least one write');
    const streams: Array<AppendResult & { streamId: string }> = [];
    for (const w of writes) streams.push({ ...(await this.append(w.streamId, w.events, w.expected)), streamId: w.streamId });
    return { streams, position: streams.reduce((max, r) => (r.position > max ? r.position : max), 0n) };
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    // Refuse bad input before any round trip.
    for (const event of events) assertNoReservedMetadata(event.metadata);
    let lastConflict: unknown;
    for (let attempt = 0; attempt < this.maxAppendAttempts; attempt += 1) {
      // Writers that lost a race retry at once otherwise and collide again; a short
      // random pause spreads them out.
      if (attempt > 0) await sleep(Math.random() * Math.min(100, 2 ** attempt));
      const head = await this.readHead(streamId);
      const headRevision = head?.revision;
      const satisfied = satisfiesExpected(expected, headRevision);

      // Our writes always carry an exact revision, so ESDB's own idempotency (which
      // only matches ids written right after the expected revision) misses retries
      // that arrive after other events; look for the ids ourselves whenever a retry
      // is possible: when the expectation already failed, or is not exact.
      if (!satisfied || expected === 'any' || expected === 'exists') {
        const replay = await this.findReplay(streamId, events);
        if (replay) return replay;
      }
      if (!satisfied) throw new WrongExpectedVersion(streamId, expected, headRevision);

      const sealed = sealEvents(streamId, events, {
        prevHash: head?.hash ?? '',
        recordedAt: this.clock().toISOString(),
        schemaVersionOf: (type) => this.upcasters?.currentVersion(type) ?? 1,
      });
      try {
        const result = await this.client.appendToStream(
          streamId,
          sealed.map((s) => s.eventData),
          { expectedRevision: esdbExpectedRevision(expected, headRevision) },
        );
        if (!result.success) {
          // Only with `throwOnAppendFailure=false` in the connection string.
          lastConflict = new WrongExpectedVersion(streamId, expected, result.nextExpectedRevision);
          continue;
        }
        if (result.position === undefined) {
          // ESDB answers an idempotent write (a concurrent writer stored the same ids
          // right after the revision we expected) with success and no position. Report
          // the stored events; our hash differs from theirs unless we wrote them.
          const run = await this.locateRun(streamId, events);
          if (run === undefined) throw new Error(`Append to ${streamId} reported success but its events are not in the stream`);
          const last = run[run.length - 1]!;
          const ours = sealed[sealed.length - 1]!.ledger.hash === last.hash;
          return { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: !ours };
        }
        return {
          nextExpectedRevision: result.nextExpectedRevision,
          position: await this.lastWrittenPosition(streamId, result.nextExpectedRevision, result.position.commit, sealed.length),
          idempotentReplay: false,
        };
      } catch (error) {
        const conflict = toWrongExpectedVersion(error, streamId, expected);
        if (conflict === undefined) throw error;
        // Someone wrote between our head read and our write. Start over: the next
        // round either finds our ids (a concurrent retry of the same append), or
        // re-chains from the new head ('any', 'exists'), or reports the conflict.
        lastConflict = conflict;
      }
    }
    throw lastConflict;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    // The port means "none"; answer it here rather than depend on how the server reads a zero count.
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const raw = await this.collectStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision ?? (backwards ? END : 0n),
      maxCount: options.maxCount,
    });
    return raw.map((e) => this.upcast(e));
  }

  /** ESDB returns whole events either way: the same read as `readStream`, mapped down. */
  async readForDecision(streamId: string): Promise<DecisionEvent[]> {
    const events = await this.readStream(streamId);
    return events.map(({ id, revision, position, type, data }) => ({ id, revision, position, type, data }));
  }

  async readAll(fromPosition: bigint, limit: number): Promise<RecordedEvent[]> {
    if (limit <= 0) return [];
    const out: RecordedEvent[] = [];
    for await (const event of this.scanAll(fromPosition, limit)) {
      out.push(this.upcast(event));
      if (out.length >= limit) break;
    }
    return out;
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    return (await this.readHead(streamId))?.revision;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const batchSize = Math.max(1, options.batchSize ?? 500);
    const from = options.fromPosition ?? 0n;
    const stream: AllStreamSubscription = this.client.subscribeToAll({
      fromPosition: toReadPosition(from),
      // Server-side filtering keeps system traffic off the wire; the client-side
      // check below also drops events in $-streams, which this filter lets through.
      filter: excludeSystemEvents(),
    });

    let stopped = false;
    let buffer: RecordedEvent[] = [];
    let draining: Promise<void> | undefined;
    let last = from;

    const fail = (error: unknown): void => {
      if (stopped) return;
      stopped = true;
      void stream.unsubscribe().catch(() => undefined);
      options.onError?.(error);
    };

    // The subscription is paused while the handler runs, so batches are handed over
    // one at a time and in order; events arriving meanwhile wait in the stream.
    const drain = async (): Promise<void> => {
      stream.pause();
      try {
        while (buffer.length > 0 && !stopped) {
          const batch = buffer.slice(0, batchSize);
          buffer = buffer.slice(batch.length);
          await options.handler(batch);
        }
      } catch (error) {
        fail(error);
      } finally {
        draining = undefined;
        if (!stopped) stream.resume();
      }
    };

    stream.on('data', (resolved: AllStreamResolvedEvent) => {
      if (stopped || isSystemEvent(resolved)) return;
      try {
        const event = this.upcast(toRecordedEvent(resolved));
        // subscribeToAll starts after the given position; this guards the boundary anyway.
        if (event.position <= last) return;
        last = event.position;
        buffer.push(event);
      } catch (error) {
        fail(error);
        return;
      }
      // Drain on the next turn so events already received are batched together.
      if (buffer.length >= batchSize) stream.pause();
      draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(drain);
    });
    stream.on('error', fail);
    // The server ending a live subscription is a failure too: the caller would
    // otherwise wait for events that never come.
    stream.on('close', () => fail(new Error('EventStoreDB closed the $all subscription')));

    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        this.subscriptions.delete(subscription);
        await stream.unsubscribe().catch(() => undefined);
        await draining;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async verify(streamId?: string): Promise<VerifyResult> {
    if (streamId !== undefined) {
      const events = await this.collectStream(streamId, { direction: FORWARDS, fromRevision: 0n });
      const broken = events.map((e, i) => checkLink(e, i === 0 ? '' : events[i - 1]!.hash, BigInt(i))).find((b) => b);
      return {
        ok: broken === undefined,
        streamsChecked: events.length > 0 ? 1 : 0,
        eventsChecked: events.length,
        broken: broken ? [broken] : [],
      };
    }
    // All streams in one pass over $all, which holds each stream's events in
    // revision order; memory grows with the number of streams, not of events.
    const heads = new Map<string, { prevHash: string; nextRevision: bigint; broken: boolean }>();
    const broken: BrokenLink[] = [];
    let eventsChecked = 0;
    for await (const event of this.scanAll(0n)) {
      eventsChecked += 1;
      const head = heads.get(event.streamId) ?? { prevHash: '', nextRevision: 0n, broken: false };
      if (!head.broken) {
        const link = checkLink(event, head.prevHash, head.nextRevision);
        if (link) {
          broken.push(link);
          head.broken = true;
        }
      }
      head.prevHash = event.hash;
      head.nextRevision = event.revision + 1n;
      heads.set(event.streamId, head);
    }
    broken.sort((a, b) => compareCodeUnits(a.streamId, b.streamId));
    return { ok: broken.length === 0, streamsChecked: heads.size, eventsChecked, broken };
  }

  /** No digest table on EventStoreDB: the digest is computed and returned, not stored. */
  recordDigest(): Promise<Digest> {
    return this.digest();
  }

  async digest(): Promise<Digest> {
    const heads = new Map<string, { revision: bigint; hash: string }>();
    let position = 0n;
    for await (const event of this.scanAll(0n)) {
      heads.set(event.streamId, { revision: event.revision, hash: event.hash });
      position = event.position;
    }
    const leaves = [...heads.entries()]
      .sort(([a], [b]) => compareCodeUnits(a, b))
      .map(([streamId, head]) => streamHeadLeaf(streamId, head.revision, head.hash));
    return { root: merkleRoot(leaves), position, streamCount: heads.size, computedAt: this.clock().toISOString() };
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /** The last event of the stream as stored, or undefined when the stream does not exist. */
  private async readHead(streamId: string): Promise<RecordedEvent | undefined> {
    const [head] = await this.collectStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return head;
  }

  /** The original append's result when `events` were all stored before (see {@link locateRun}). */
  private async findReplay(streamId: string, events: readonly EventToAppend[]): Promise<AppendResult | undefined> {
    const run = await this.locateRun(streamId, events);
    if (run === undefined) return undefined;
    const last = run[run.length - 1]!;
    return { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
  }

  /**
   * Looks for the ids of `events` in the stream, newest first, stopping once all are
   * found. Returns the stored events when all are there as one run, in order, with
   * the same content; undefined when none is; throws DuplicateEventId otherwise
   * (a partial overlap or a reused id). Ids stored in other streams are not seen:
   * ESDB scopes event ids per stream and has no global index to ask.
   */
  private async locateRun(streamId: string, events: readonly EventToAppend[]): Promise<RecordedEvent[] | undefined> {
    const wanted = new Set(events.map((e) => e.id));
    const found = new Map<string, RecordedEvent>();
    let from: bigint | typeof END = END;
    scan: for (;;) {
      const page = await this.collectStream(streamId, { direction: BACKWARDS, fromRevision: from, maxCount: this.pageSize });
      for (const stored of page) {
        if (wanted.has(stored.id) && !found.has(stored.id)) found.set(stored.id, stored);
        if (found.size === wanted.size) break scan;
      }
      const oldest = page[page.length - 1];
      if (page.length < this.pageSize || oldest === undefined || oldest.revision === 0n) break;
      from = oldest.revision - 1n;
    }
    if (found.size === 0) return undefined;
    const first = found.get(events[0]!.id);
    const run: RecordedEvent[] = [];
    for (const [i, event] of events.entries()) {
      const stored = found.get(event.id);
      // Some ids stored and others not: name one that is stored, it is the duplicate.
      if (stored === undefined) throw new DuplicateEventId(found.keys().next().value!, streamId);
      const inPlace = first !== undefined && stored.revision === first.revision + BigInt(i);
      if (!inPlace || !isSameEvent(stored, event)) throw new DuplicateEventId(event.id, streamId);
      run.push(stored);
    }
    return run;
  }

  /**
   * The port wants the position of the last appended event. For one event that is
   * the position ESDB returns; for several, which event's position the server
   * reports is not documented, so the last event is read back instead of guessed.
   */
  private async lastWrittenPosition(streamId: string, revision: bigint, reported: bigint, count: number): Promise<bigint> {
    if (count === 1) return reported;
    const [last] = await this.collectStream(streamId, { direction: FORWARDS, fromRevision: revision, maxCount: 1 });
    return last?.position ?? reported;
  }

  /** Reads a stream into memory, as stored (not upcast); [] when it does not exist. */
  private async collectStream(
    streamId: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof END; maxCount?: number },
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: options.direction,
        fromRevision: options.fromRevision,
        ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
      });
      for await (const resolved of read) {
        if (resolved.event === undefined) continue;
        out.push(toRecordedEvent(resolved));
      }
    } catch (error) {
      if (isMissingStream(error)) return [];
      throw error;
    }
    return out;
  }

  /**
   * Ledger events of $all strictly after `fromPosition`, as stored, read in pages so
   * no server read stays open while the caller works. The client's readAll cannot
   * filter, so system events are dropped here.
   */
  private async *scanAll(fromPosition: bigint, wanted = Number.POSITIVE_INFINITY): AsyncGenerator<RecordedEvent> {
    // Small reads for small requests; a page may be mostly system events, hence the floor.
    const count = Math.min(this.pageSize, Math.max(64, wanted));
    let after = fromPosition;
    for (;;) {
      const read = this.client.readAll({ direction: FORWARDS, fromPosition: toReadPosition(after), maxCount: count });
      let seen = 0;
      let lastPosition = after;
      let complete = false;
      try {
        for await (const resolved of read) {
          seen += 1;
          if (resolved.event === undefined) continue;
          const position = resolved.event.position.commit;
          // ESDB reads from a position inclusively; the port reads strictly after it.
          if (position <= after) continue;
          lastPosition = position;
          if (isSystemEvent(resolved)) continue;
          yield toRecordedEvent(resolved);
        }
        complete = true;
      } finally {
        // The caller stopped early: end the server-side read instead of leaving it open.
        if (!complete) await read.cancel().catch(() => undefined);
      }
      if (seen < count || lastPosition === after) return;
      after = lastPosition;
    }
  }

  private upcast(event: RecordedEvent): RecordedEvent {
    if (this.upcasters === undefined) return event;
    const { data, version } = this.upcasters.upcast(event.type, event.schemaVersion, event.data);
    return { ...event, data, schemaVersion: version };
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

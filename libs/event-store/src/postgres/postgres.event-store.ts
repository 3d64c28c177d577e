import { EventEmitter } from 'node:events';
import pg from 'pg';
import type {
  AppendResult,
  AppendStreamsResult,
  DecisionEvent,
  StreamWrite,
  Digest,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  VerifyResult,
  BrokenLink,
} from '../event-store.port.js';
import { DuplicateEventId, WrongExpectedVersion } from '../errors.js';
import { canonicalEventV2, chainHash, merkleRoot, sha256Hex, streamHeadLeaf } from '../hash-chain.js';
import { UpcasterRegistry } from '../upcasters.js';

export interface PostgresEventStoreOptions {
  /** Either a pool the caller owns, or a connection string (the store then owns its pool). */
  readonly pool?: pg.Pool;
  readonly connectionString?: string;
  readonly poolSize?: number;
  readonly upcasters?: UpcasterRegistry;
  /** Server clock; injected so tests can pin it. */
  readonly clock?: () => Date;
  /** Polling interval of idle subscriptions when no notification arrives (ms). */
  readonly pollIntervalMs?: number;
  /** Told about every append (metrics); must not throw. */
  readonly observer?: AppendObserver;
  /**
   * Where the coalesced NOTIFY after appends is sent. `dedicated` (default): on the store's
   * LISTEN connection, outside the pool, so it never takes a pool slot from a writer (at
   * concurrency = pool size that wait was the append tail, bench/README.md "append tail").
   * `pool`: a pool connection, as before (kept for the comparison).
   */
  readonly notifyVia?: 'dedicated' | 'pool';
}

/** Hook for metrics: duration of each append and how it ended. */
export interface AppendObserver {
  onAppend(outcome: 'ok' | 'replay' | 'conflict' | 'error', seconds: number, events: number): void;
}

const NOTIFY_CHANNEL = 'ledger_events';
/**
 * The session of the connection that sends the coalesced NOTIFY. PostgreSQL gives a
 * notifying transaction an xid, so with synchronous_commit on every NOTIFY was a commit
 * that waited for its own WAL flush (up to 200 a second under load: as many extra
 * fsync rounds as the writers' own commits, which queued behind them on WALWrite; and
 * the cluster-wide lock notifying commits take was held through that flush). The
 * NOTIFY is only a wake-up, sent after the appends' own (synchronous) commits returned,
 * and notifications are not kept across a crash anyway: its commit need not wait for
 * the disk. bench/README.md "append tail".
 */
const NOTIFY_SESSION = 'SET synchronous_commit = off';
// recorded_at as text in the exact form the hash covers: cheaper than a Date round trip.
const COLUMNS = `position::text AS position, stream_id, revision::text AS revision, id, type, schema_version,
  data, metadata, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at, prev_hash, hash`;
/** What verification hashes: the v2 canonical form needs jsonb's own text and microseconds. */
export const VERIFY_COLUMNS = `position::text AS position, stream_id, revision::text AS revision, id, type, schema_version,
  data::text AS data_text, metadata::text AS metadata_text,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at_us, prev_hash, hash, chain_version`;

/** A row as verification reads it (VERIFY_COLUMNS). */
export interface VerifyRow {
  position: string;
  stream_id: string;
  revision: string;
  id: string;
  type: string;
  schema_version: number;
  data_text: string;
  metadata_text: string;
  recorded_at_us: string;
  prev_hash: string;
  hash: string;
  chain_version: number;
}

/** Only positions whose writing transactions have all finished; see the migration's comment. */
const SAFE_BOUND = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)`;

interface Queryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** The PostgreSQL adapter of the event-store port (the default, and the one every test runs on). */
export class PostgresEventStore implements EventStore {
  readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly upcasters: UpcasterRegistry;
  private readonly clock: () => Date;
  private readonly pollIntervalMs: number;
  private readonly observer?: AppendObserver;
  /** Wakes in-process subscriptions right after a local append commits. */
  private readonly local = new EventEmitter();
  /** Relays NOTIFYs from other processes to this store's subscriptions. */
  private readonly remote = new EventEmitter();
  private listener?: Promise<pg.Client | undefined>;
  private notifier?: Promise<pg.Client | undefined>;
  private notifyInFlight = false;
  private notifyAgain = false;
  private notifyScheduled = false;
  private readonly notifyVia: 'dedicated' | 'pool';
  private closed = false;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: PostgresEventStoreOptions) {
    if (options.pool) {
      this.pool = options.pool;
      this.ownsPool = false;
    } else {
      if (!options.connectionString) throw new Error('PostgresEventStore needs a pool or a connectionString');
      this.pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
      // An idle connection the server drops (restart, failover, a test dropping its
      // database) is discarded by the pool; without a listener the pool's 'error'
      // event would crash the process instead.
      this.pool.on('error', () => undefined);
      this.ownsPool = true;
    }
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.clock = options.clock ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.observer = options.observer;
    this.notifyVia = options.notifyVia ?? 'dedicated';
    this.local.setMaxListeners(0);
    this.remote.setMaxListeners(0);
  }

  async append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const started = performance.now();
    try {
      const result = await this.appendOn(this.pool, streamId, events, expected);
      if (!result.idempotentReplay) this.announce();
      this.observer?.onAppend(result.idempotentReplay ? 'replay' : 'ok', (performance.now() - started) / 1000, events.length);
      return result;
    } catch (error) {
      const outcome = error instanceof WrongExpectedVersion ? 'conflict' : 'error';
      this.observer?.onAppend(outcome, (performance.now() - started) / 1000, events.length);
      throw error;
    }
  }

  /** Atomic across streams: one transaction (see the port). */
  async appendStreams(writes: readonly StreamWrite[]): Promise<AppendStreamsResult> {
    if (writes.length === 0) throw new Error('appendStreams needs at least one write');
    if (writes.length === 1) {
      const w = writes[0]!;
      const r = await this.append(w.streamId, w.events, w.expected);
      return { streams: [{ ...r, streamId: w.streamId }], position: r.position };
    }
    const started = performance.now();
    const count = writes.reduce((n, w) => n + w.events.length, 0);
    const client = await this.pool.connect();
    let results: Array<AppendResult & { streamId: string }>;
    try {
      await client.query('BEGIN');
      results = [];
      for (const w of writes) results.push({ ...(await this.appendOn(client, w.streamId, w.events, w.expected, false)), streamId: w.streamId });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      // A concurrent writer or an earlier attempt of the same command: a retry whose every
      // write already landed is a replay; anything else is a conflict (or the error).
      const replay = await this.replayOfAll(writes).catch(() => undefined);
      if (replay) {
        this.observer?.onAppend('replay', (performance.now() - started) / 1000, count);
        return replay;
      }
      this.observer?.onAppend(error instanceof WrongExpectedVersion ? 'conflict' : 'error', (performance.now() - started) / 1000, count);
      throw error;
    }
    client.release();
    const replayed = results.every((r) => r.idempotentReplay);
    if (!replayed) this.announce();
    this.observer?.onAppend(replayed ? 'replay' : 'ok', (performance.now() - started) / 1000, count);
    return { streams: results, position: results.reduce((max, r) => (r.position > max ? r.position : max), 0n) };
  }

  private async replayOfAll(writes: readonly StreamWrite[]): Promise<AppendStreamsResult | undefined> {
    const streams: Array<AppendResult & { streamId: string }> = [];
    for (const w of writes) {
      const r = await this.findReplay(w.streamId, w.events);
      if (!r) return undefined;
      streams.push({ ...r, streamId: w.streamId });
    }
    return { streams, position: streams.reduce((max, r) => (r.position > max ? r.position : max), 0n) };
  }

  /**
   * Appends inside a transaction the caller holds open on `client` (several streams
   * in one atomic outcome). The caller commits; subscribers see the events after that.
   * A conflict raises `WrongExpectedVersion`; the caller should roll back.
   */
  async appendInTransaction(
    client: pg.ClientBase,
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.appendOn(client, streamId, events, expected, false);
  }

  /** Wakes local and remote subscribers after a transaction that used `appendInTransaction` committed. */
  notifyCommitted(): void {
    this.announce();
  }

  private async appendOn(
    q: Queryable,
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    recoverRaces = true,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const recordedAt = this.clock().toISOString();
    const versions = events.map((e) => e.schemaVersion ?? this.upcasters.currentVersion(e.type));
    const metadata = events.map((e) => e.metadata ?? {});
    const [kind, revision] =
      typeof expected === 'bigint' ? ['revision', expected.toString()] : [expected, null];
    let row: { status: string; revision: string | null; last_position: string | null };
    try {
      // One event (the common case) goes through the scalar variant: no array literals.
      const result =
        events.length === 1
          ? await q.query(
              'SELECT status, revision::text AS revision, last_position::text AS last_position FROM append_event($1, $2, $3, $4, $5, $6, $7, $8, $9)',
              [
                streamId,
                kind,
                revision,
                events[0]!.id,
                events[0]!.type,
                versions[0],
                JSON.stringify(events[0]!.data),
                JSON.stringify(metadata[0]),
                recordedAt,
              ],
            )
          : await q.query(
              'SELECT status, revision::text AS revision, last_position::text AS last_position FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9)',
              [
                streamId,
                kind,
                revision,
                events.map((e) => e.id),
                events.map((e) => e.type),
                versions,
                events.map((e) => JSON.stringify(e.data)),
                metadata.map((m) => JSON.stringify(m)),
                recordedAt,
              ],
            );
      row = result.rows[0];
    } catch (error) {
      // A concurrent writer took the same revision (or id) between our check and our insert.
      if (recoverRaces && isUniqueViolation(error)) return this.afterRace(streamId, events, expected);
      if (isUniqueViolation(error)) {
        // Inside a caller's transaction: an id clash is a duplicate, a revision clash a conflict.
        if ((error as { constraint?: string }).constraint === 'events_id_unique') throw new DuplicateEventId(events[0]!.id, streamId);
        throw new WrongExpectedVersion(streamId, expected, undefined);
      }
      throw error;
    }
    return this.toAppendResult(streamId, events, expected, row);
  }

  private async afterRace(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    const replay = await this.findReplay(streamId, events);
    if (replay) return replay;
    throw new WrongExpectedVersion(streamId, expected, await this.streamRevision(streamId));
  }

  private async findReplay(streamId: string, events: readonly EventToAppend[]): Promise<AppendResult | undefined> {
    const { rows } = await this.pool.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE stream_id = $2)::int AS in_stream,
              max(revision)::text AS revision, max(position)::text AS position
         FROM events WHERE id = ANY ($1::uuid[])`,
      [events.map((e) => e.id), streamId],
    );
    const r = rows[0];
    if (r.n === 0) return undefined;
    if (r.n !== events.length || r.in_stream !== events.length) throw new DuplicateEventId(events[0]!.id, streamId);
    return { nextExpectedRevision: BigInt(r.revision), position: BigInt(r.position), idempotentReplay: true };
  }

  private toAppendResult(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
    row: { status: string; revision: string | null; last_position: string | null },
  ): AppendResult {
    switch (row.status) {
      case 'ok':
        return { nextExpectedRevision: BigInt(row.revision!), position: BigInt(row.last_position!), idempotentReplay: false };
      case 'replay':
        return { nextExpectedRevision: BigInt(row.revision!), position: BigInt(row.last_position!), idempotentReplay: true };
      case 'conflict':
        throw new WrongExpectedVersion(streamId, expected, row.revision === null ? undefined : BigInt(row.revision));
      case 'duplicate':
        throw new DuplicateEventId(events[0]!.id, streamId);
      default:
        throw new Error(`append_events returned an unknown status ${row.status}`);
    }
  }

  /**
   * Wakes subscribers: at once in this process, and through one coalesced NOTIFY for
   * other processes. The NOTIFY is sent outside the append's transaction on purpose:
   * inside it, PostgreSQL serialises the commits of notifying transactions.
   */
  private announce(): void {
    this.local.emit('appended');
    if (this.notifyScheduled || this.closed) return;
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      if (this.closed) return;
      const notify = `SELECT pg_notify('${NOTIFY_CHANNEL}', '')`;
      if (this.notifyVia === 'pool') {
        this.pool.query(notify).catch(() => undefined);
        return;
      }
      this.notifyOnOwnConnection(notify);
    }, 5).unref();
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId];
    let where = 'stream_id = $1';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision.toString());
      where += backwards ? ` AND revision <= $${params.length}` : ` AND revision >= $${params.length}`;
    }
    let limit = '';
    if (options.maxCount !== undefined) {
      params.push(options.maxCount);
      limit = ` LIMIT $${params.length}`;
    }
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events e WHERE ${where} ORDER BY e.revision ${backwards ? 'DESC' : 'ASC'}${limit}`,
      params,
    );
    return rows.map((r) => this.toRecorded(r));
  }

  async readForDecision(streamId: string): Promise<DecisionEvent[]> {
    // Array rows and no revision column (revisions are 0..n-1 in order): this read is
    // on every command's path, and object rows and text-to-bigint work showed in the bench.
    const { rows } = await this.pool.query<[string, string, number, Record<string, unknown>, string]>({
      text: 'SELECT e.id, e.type, e.schema_version, e.data, e.position::text FROM events e WHERE e.stream_id = $1 ORDER BY e.revision',
      values: [streamId],
      rowMode: 'array',
    });
    const out: DecisionEvent[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [id, type, version, data, position] = rows[i]!;
      out[i] = {
        id,
        revision: BigInt(i),
        position: BigInt(position),
        type,
        data: version === this.upcasters.currentVersion(type) ? data : this.upcasters.upcast(type, version, data).data,
      };
    }
    return out;
  }

  async readAll(fromPosition: bigint, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM events e WHERE e.position > $1 AND e.position < ${SAFE_BOUND} ORDER BY e.position LIMIT $2`,
      [fromPosition.toString(), limit],
    );
    return rows.map((r) => this.toRecorded(r));
  }

  async streamRevision(streamId: string): Promise<bigint | undefined> {
    const { rows } = await this.pool.query(
      'SELECT e.revision::text AS revision FROM events e WHERE e.stream_id = $1 ORDER BY e.revision DESC LIMIT 1',
      [streamId],
    );
    return rows.length === 0 ? undefined : BigInt(rows[0].revision);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const batchSize = options.batchSize ?? 500;
    let checkpoint = options.fromPosition ?? 0n;
    let stopped = false;
    let wake: (() => void) | undefined;
    // A poke that arrives while a batch is being read or handled must not be lost:
    // remember it, and skip the next sleep.
    let poked = false;
    const poke = () => {
      poked = true;
      wake?.();
    };
    this.local.on('appended', poke);

    // One LISTEN connection per store, shared by its subscriptions; polling covers a
    // lost notification or a listener that could not connect.
    this.remote.on('notified', poke);
    await this.ensureListener();

    const loop = (async () => {
      while (!stopped) {
        let batch: RecordedEvent[];
        try {
          batch = await this.readAll(checkpoint, batchSize);
          if (batch.length > 0 && !stopped) {
            await options.handler(batch);
            checkpoint = batch[batch.length - 1]!.position;
          }
        } catch (error) {
          if (!stopped) {
            stopped = true;
            options.onError?.(error);
          }
          break;
        }
        if (batch.length < batchSize && !stopped && !poked) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.pollIntervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = undefined;
        }
        poked = false;
      }
    })();

    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        poke();
        this.local.off('appended', poke);
        await loop;
        this.remote.off('notified', poke);
        this.subscriptions.delete(subscription);
        if (this.subscriptions.size === 0) await this.dropListener();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  private ensureListener(): Promise<pg.Client | undefined> {
    this.listener ??= (async () => {
      const client = new pg.Client(this.pool.options);
      client.on('notification', () => this.remote.emit('notified'));
      client.on('error', () => {
        // The connection dropped: forget it; the next subscription reconnects, polling covers the gap.
        this.listener = undefined;
      });
      try {
        await client.connect();
        // This connection also sends the coalesced NOTIFY: see ensureNotifier.
        await client.query(NOTIFY_SESSION);
        await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
        return client;
      } catch {
        await client.end().catch(() => undefined);
        this.listener = undefined;
        return undefined;
      }
    })();
    return this.listener;
  }

  /** One NOTIFY at a time on the connection (a client runs one query at a time); one more follows if asked meanwhile. */
  private notifyOnOwnConnection(notify: string): void {
    if (this.notifyInFlight) {
      this.notifyAgain = true;
      return;
    }
    this.notifyInFlight = true;
    void (this.listener ?? this.ensureNotifier())
      .then((client) => (client ? client.query(notify) : this.pool.query(notify)))
      .catch(() => undefined)
      .finally(() => {
        this.notifyInFlight = false;
        if (this.notifyAgain && !this.closed) {
          this.notifyAgain = false;
          this.notifyOnOwnConnection(notify);
        }
      });
  }

  /** A connection of its own for NOTIFY when no LISTEN connection is open (a store that only appends). */
  private ensureNotifier(): Promise<pg.Client | undefined> {
    this.notifier ??= (async () => {
      const client = new pg.Client(this.pool.options);
      client.on('error', () => {
        this.notifier = undefined;
      });
      try {
        await client.connect();
        await client.query(NOTIFY_SESSION);
        return client;
      } catch {
        await client.end().catch(() => undefined);
        this.notifier = undefined;
        return undefined;
      }
    })();
    return this.notifier;
  }

  private async dropListener(): Promise<void> {
    const pending = this.listener;
    this.listener = undefined;
    const client = await pending;
    await client?.end().catch(() => undefined);
  }

  async verify(streamId?: string): Promise<VerifyResult> {
    const broken: BrokenLink[] = [];
    let streams = 0;
    let checked = 0;
    let current: string | undefined;
    let prevHash = '';
    let expectedRevision = 0n;
    let lastRecordedAt = '';
    let skip = false;
    const pageSize = 5000;
    let after: [string, string] = ['', '-1'];
    for (;;) {
      const params: unknown[] = [after[0], after[1], pageSize];
      const filter = streamId === undefined ? '' : ' AND e.stream_id = $4';
      if (streamId !== undefined) params.push(streamId);
      const { rows } = await this.pool.query<VerifyRow>(
        `SELECT ${VERIFY_COLUMNS} FROM events e WHERE (e.stream_id, e.revision) > ($1, $2::bigint)${filter}
          ORDER BY e.stream_id, e.revision LIMIT $3`,
        params,
      );
      for (const row of rows) {
        if (row.stream_id !== current) {
          current = row.stream_id;
          prevHash = '';
          expectedRevision = 0n;
          lastRecordedAt = '';
          skip = false;
          streams += 1;
        }
        checked += 1;
        if (skip) continue;
        const revision = BigInt(row.revision);
        const link = checkLink(row, prevHash, expectedRevision, lastRecordedAt);
        if (link) {
          broken.push(link);
          skip = true;
        }
        prevHash = row.hash;
        lastRecordedAt = row.recorded_at_us;
        expectedRevision = revision + 1n;
      }
      if (rows.length < pageSize) break;
      const last = rows[rows.length - 1]!;
      after = [last.stream_id, last.revision];
    }
    return { ok: broken.length === 0, streamsChecked: streams, eventsChecked: checked, broken };
  }

  async digest(): Promise<Digest> {
    const { rows } = await this.pool.query(
      `SELECT DISTINCT ON (e.stream_id) e.stream_id, e.revision::text AS revision, e.hash, e.position::text AS position
         FROM events e WHERE e.position < ${SAFE_BOUND} ORDER BY e.stream_id, e.revision DESC`,
    );
    let max = 0n;
    const leaves = rows
      .sort((a, b) => (a.stream_id < b.stream_id ? -1 : a.stream_id > b.stream_id ? 1 : 0))
      .map((r) => {
        const p = BigInt(r.position);
        if (p > max) max = p;
        return streamHeadLeaf(r.stream_id, BigInt(r.revision), r.hash);
      });
    return { root: merkleRoot(leaves), position: max, streamCount: rows.length, computedAt: this.clock().toISOString() };
  }

  /** Computes a digest and stores it in `event_digests`. */
  async recordDigest(): Promise<Digest> {
    const digest = await this.digest();
    await this.pool.query(
      'INSERT INTO event_digests (root, position, stream_count, computed_at) VALUES ($1, $2, $3, $4)',
      [digest.root, digest.position.toString(), digest.streamCount, digest.computedAt],
    );
    return digest;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const notifier = this.notifier;
    this.notifier = undefined;
    await (await notifier?.catch(() => undefined))?.end().catch(() => undefined);
    if (this.ownsPool) await this.pool.end();
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const { data, version } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      id: row.id,
      streamId: row.stream_id,
      revision: BigInt(row.revision),
      position: BigInt(row.position),
      type: row.type,
      schemaVersion: version,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
      prevHash: row.prev_hash,
      hash: row.hash,
    };
  }
}

/**
 * Checks one event against its predecessor in the stream: revision, link, recorded_at
 * order and the recomputed hash (v1 or v2 canonical form, by the row's chain version).
 */
function checkLink(row: VerifyRow, prevHash: string, expectedRevision: bigint, prevRecordedAt: string): BrokenLink | undefined {
  const base = { streamId: row.stream_id, revision: BigInt(row.revision), position: BigInt(row.position), eventId: row.id };
  if (BigInt(row.revision) !== expectedRevision) {
    return { ...base, reason: 'revision_gap', expected: expectedRevision.toString(), actual: row.revision };
  }
  if (row.prev_hash !== prevHash) return { ...base, reason: 'prev_hash_mismatch', expected: prevHash, actual: row.prev_hash };
  const recomputed =
    row.chain_version >= 2
      ? sha256Hex(prevHash + canonicalV2Of(row))
      : chainHash(prevHash, {
          id: row.id,
          streamId: row.stream_id,
          type: row.type,
          schemaVersion: row.schema_version,
          data: JSON.parse(row.data_text),
          metadata: JSON.parse(row.metadata_text),
          // v1 hashed milliseconds: drop the last three digits of the microseconds.
          recordedAt: `${row.recorded_at_us.slice(0, 23)}Z`,
        });
  if (recomputed !== row.hash) return { ...base, reason: 'hash_mismatch', expected: recomputed, actual: row.hash };
  if (row.recorded_at_us < prevRecordedAt) {
    return { ...base, reason: 'recorded_at_backwards', expected: `>= ${prevRecordedAt}`, actual: row.recorded_at_us };
  }
  return undefined;
}

/** The v2 canonical text of a stored row (the Merkle leaf entry). */
export function canonicalV2Of(row: VerifyRow): string {
  return canonicalEventV2({
    position: row.position,
    streamId: row.stream_id,
    revision: row.revision,
    recordedAtMicros: row.recorded_at_us,
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    metadataText: row.metadata_text,
    dataText: row.data_text,
  });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

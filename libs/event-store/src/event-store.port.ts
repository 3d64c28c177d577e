/**
 * The event-store port. Two adapters implement it (PostgreSQL, EventStoreDB) and
 * both run the same contract suite (`testing/event-store.contract.ts`).
 */

/** `no_stream`: the stream must not exist; `exists`: it must; `any`: no check; a number: the exact last revision. */
export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | bigint;

/** What a caller hands to `append`. Ids are chosen by the caller, which makes retries idempotent. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly metadata?: EventMetadata;
  /** Schema version of `data`; defaults to the upcaster registry's current version for the type, else 1. */
  readonly schemaVersion?: number;
}

export interface EventMetadata {
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: { readonly sub: string; readonly roles: readonly string[] };
  /** Business time; only the importer role may set it in the past. */
  readonly occurredAt?: string;
  /** W3C trace context of the span that appended the event (when tracing is on). */
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly [key: string]: unknown;
}

/** A stored event, as every reader sees it. */
export interface RecordedEvent {
  readonly id: string;
  readonly streamId: string;
  /** 0-based position of the event inside its stream. */
  readonly revision: bigint;
  /** Position in the global order (commit-safe: never published before all lower positions settle). */
  readonly position: bigint;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Record<string, unknown>;
  readonly metadata: EventMetadata;
  /** Server clock when the event was stored, ISO 8601. */
  readonly recordedAt: string;
  /** Hash of the previous event in the same stream (hex), empty string for revision 0. */
  readonly prevHash: string;
  /** sha256(prevHash + canonical JSON of the event), hex. */
  readonly hash: string;
}

/** What a command needs to rebuild state: no metadata, no hashes (see `EventStore.readForDecision`). */
export interface DecisionEvent {
  readonly id: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextExpectedRevision: bigint;
  /** Global position of the last appended event (of the original events for an idempotent retry). */
  readonly position: bigint;
  /** True when every event id was already stored: nothing new was written. */
  readonly idempotentReplay: boolean;
}

/** One stream's part of a multi-stream write (`EventStore.appendStreams`). */
export interface StreamWrite {
  readonly streamId: string;
  readonly events: readonly EventToAppend[];
  readonly expected: ExpectedRevision;
}

export interface AppendStreamsResult {
  /** One result per write, in the order given. */
  readonly streams: ReadonlyArray<AppendResult & { readonly streamId: string }>;
  /** Highest global position written (the consistency token of the whole outcome). */
  readonly position: bigint;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly fromRevision?: bigint;
  readonly direction?: Direction;
  readonly maxCount?: number;
}

export interface Subscription {
  /** Resolves once the subscription has stopped and its handler will not be called again. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Deliver events strictly after this global position; 0n (or omitted) means from the start. */
  readonly fromPosition?: bigint;
  /** Max events handed to `handler` at once. */
  readonly batchSize?: number;
  /** Called with batches in global order; the next batch waits for the returned promise. */
  readonly handler: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Called when the handler throws or the connection fails; the subscription stops after it. */
  readonly onError?: (error: unknown) => void;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first event whose stored hash does not match the recomputation, per broken stream. */
  readonly broken: readonly BrokenLink[];
}

export interface BrokenLink {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly eventId: string;
  readonly reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'revision_gap' | 'recorded_at_backwards';
  readonly expected: string;
  readonly actual: string;
}

export interface Digest {
  /** Merkle root (hex) over the heads of all streams, ordered by stream id. */
  readonly root: string;
  /** Highest global position covered by the digest. */
  readonly position: bigint;
  readonly streamCount: number;
  readonly computedAt: string;
}

/** Injection token for the port. */
export const EVENT_STORE = Symbol.for('accountability-ledger.EventStore');

export interface EventStore {
  append(streamId: string, events: readonly EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams, each with its own expected revision: one outcome of a
   * command that spans aggregates (a unit merge hands over each open assignment).
   *
   * - PostgreSQL: atomic. One transaction; a conflict (or any error) on any stream
   *   stores nothing on any stream. Subscribers see all the events together.
   * - EventStoreDB: no multi-stream transaction exists, so the documented ordered
   *   fallback: the writes are appended one after the other IN THE ORDER GIVEN, each
   *   with its expected revision; the first failure stops there and throws, leaving the
   *   earlier writes stored. Callers therefore put last the write that completes the
   *   outcome (the merge's unit event), and use deterministic event ids, so that
   *   repeating the command finds its earlier writes (idempotent replay) and completes
   *   the rest.
   *
   * A write whose events are all already stored with the same ids is an idempotent
   * replay, as with `append`. Empty writes are refused.
   */
  appendStreams(writes: readonly StreamWrite[]): Promise<AppendStreamsResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * The whole stream, forwards, upcast, with only what deciding needs: the read every
   * command starts with (rehydration). Cheaper than `readStream` where the adapter can
   * leave metadata and hashes out.
   */
  readForDecision(streamId: string): Promise<DecisionEvent[]>;
  /** Events strictly after `fromPosition`, in global order, at most `limit`. Commit-safe. */
  readAll(fromPosition: bigint, limit: number): Promise<RecordedEvent[]>;
  /** Last revision of the stream, or undefined when it does not exist. */
  streamRevision(streamId: string): Promise<bigint | undefined>;
  /** Catch-up, then live. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Recomputes hash chains (one stream or all) and reports the first broken event of each. */
  verify(streamId?: string): Promise<VerifyResult>;
  /** Merkle root over all stream heads. */
  digest(): Promise<Digest>;
  /** `digest()`, kept where the adapter has a place for it (PostgreSQL: `event_digests`; EventStoreDB: not stored). */
  recordDigest(): Promise<Digest>;
  close(): Promise<void>;
}

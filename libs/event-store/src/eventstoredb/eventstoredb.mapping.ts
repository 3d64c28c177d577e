/**
 * Pure translation between the event-store port and `@eventstore/db-client` shapes.
 * Nothing here talks to a server, so all of it is unit-tested without one.
 */
import {
  ErrorType,
  jsonEvent,
  NO_STREAM,
  START,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type JSONEventData,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedVersion } from '../errors.js';
import type {
  BrokenLink,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
} from '../event-store.port.js';
import { canonicalJson, chainHash } from '../hash-chain.js';

/** Key of the ledger's own envelope inside the ESDB event metadata, next to the caller's keys. */
export const LEDGER_METADATA_KEY = '$ledger';

/**
 * What the ledger adds to every event. ESDB has no columns for it, so it travels in
 * the event metadata; it is not part of the hashed metadata (the hash cannot cover itself).
 */
export interface LedgerEnvelope {
  readonly schemaVersion: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The slice of an upcaster registry the adapter needs; declared structurally so the
 * adapter does not depend on where the registry lives.
 */
export interface EventUpcaster {
  currentVersion(type: string): number;
  upcast(type: string, version: number, data: Record<string, unknown>): { data: Record<string, unknown>; version: number };
}

/** ESDB reports this commit position (2^64 - 1) when it does not know it, e.g. on old servers' stream reads. */
export const UNKNOWN_ESDB_POSITION = 0xffff_ffff_ffff_ffffn;

/** Merges the caller's metadata with the ledger envelope into the metadata ESDB stores. */
export function mergeMetadata(metadata: EventMetadata, ledger: LedgerEnvelope): Record<string, unknown> {
  assertNoReservedMetadata(metadata);
  return { ...metadata, [LEDGER_METADATA_KEY]: { ...ledger } };
}

/**
 * A caller-supplied `$ledger` would be overwritten and the event would no longer
 * read back as it was hashed; it is refused instead.
 */
export function assertNoReservedMetadata(metadata: EventMetadata | undefined): void {
  if (metadata !== undefined && Object.prototype.hasOwnProperty.call(metadata, LEDGER_METADATA_KEY)) {
    throw new Error(`Event metadata must not contain the reserved key ${LEDGER_METADATA_KEY}`);
  }
}

/**
 * Splits stored ESDB metadata into the caller's metadata and the ledger envelope.
 * Events not written by this adapter (no or malformed envelope) come back with
 * `ledger: undefined`; verify then reports them instead of this function throwing,
 * because a reader must not fail on an event that is already stored.
 */
export function splitMetadata(stored: unknown): { metadata: EventMetadata; ledger: LedgerEnvelope | undefined } {
  if (!isPlainObject(stored)) return { metadata: {}, ledger: undefined };
  const { [LEDGER_METADATA_KEY]: envelope, ...metadata } = stored;
  return { metadata: metadata as EventMetadata, ledger: parseEnvelope(envelope) };
}

function parseEnvelope(value: unknown): LedgerEnvelope | undefined {
  if (!isPlainObject(value)) return undefined;
  const { schemaVersion, recordedAt, prevHash, hash } = value;
  if (
    typeof schemaVersion !== 'number' ||
    !Number.isInteger(schemaVersion) ||
    typeof recordedAt !== 'string' ||
    typeof prevHash !== 'string' ||
    typeof hash !== 'string'
  ) {
    return undefined;
  }
  return { schemaVersion, recordedAt, prevHash, hash };
}

/** Whether the stream's last revision (undefined: no stream) satisfies the caller's expectation. */
export function satisfiesExpected(expected: ExpectedRevision, head: bigint | undefined): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return head === undefined;
    case 'exists':
      return head !== undefined;
    default:
      return head === expected;
  }
}

/**
 * The expected revision actually sent to ESDB once `head` was read and found to
 * satisfy the caller. It is always exact: the hash chain was computed from `head`,
 * so a write that lands after any other event would link to the wrong predecessor.
 * Sending ANY or STREAM_EXISTS (the literal mapping of 'any' and 'exists') would let
 * such a write through; an exact revision turns it into a conflict that is retried.
 */
export function esdbExpectedRevision(expected: ExpectedRevision, head: bigint | undefined): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
    case 'exists':
      return head === undefined ? NO_STREAM : head;
    default:
      return expected;
  }
}

/**
 * Maps the client's WrongExpectedVersionError to the port's error, reporting the
 * caller's expectation (not the exact revision the adapter sent in its place).
 * Returns undefined for any other error.
 */
export function toWrongExpectedVersion(
  error: unknown,
  streamId: string,
  expected: ExpectedRevision,
): WrongExpectedVersion | undefined {
  if (!isEsdbError(error, ErrorType.WRONG_EXPECTED_VERSION)) return undefined;
  const actual = (error as { actualVersion?: unknown }).actualVersion;
  return new WrongExpectedVersion(streamId, expected, typeof actual === 'bigint' ? actual : undefined);
}

/** A read of a stream that does not exist (or was deleted) fails with these; the port returns [] instead. */
export function isMissingStream(error: unknown): boolean {
  return isEsdbError(error, ErrorType.STREAM_NOT_FOUND) || isEsdbError(error, ErrorType.STREAM_DELETED);
}

function isEsdbError(error: unknown, type: ErrorType): boolean {
  return error instanceof Error && (error as { type?: unknown }).type === type;
}

/**
 * The ESDB read position for a port position. Every event written through the gRPC
 * API is its own implicit transaction record, so its commit and prepare positions
 * are equal; one bigint (the commit position) identifies it and is rebuilt here.
 */
export function toReadPosition(position: bigint): ReadPosition {
  return position <= 0n ? START : { commit: position, prepare: position };
}

/** The port's global position of an ESDB event: its commit position. */
export function toPortPosition(resolved: ResolvedEvent | AllStreamResolvedEvent): bigint {
  const position: Position | undefined = resolved.event?.position;
  const commit = position?.commit ?? resolved.commitPosition;
  if (commit === undefined || commit === UNKNOWN_ESDB_POSITION) {
    // Servers before 22.6 leave the position out of stream reads; guessing would
    // break checkpoints, so say what is needed.
    throw new Error(
      `EventStoreDB did not report the position of event ${resolved.event?.id ?? '?'}; EventStoreDB/KurrentDB 22.6 or later is required`,
    );
  }
  return commit;
}

/**
 * System events ($-prefixed types: stream metadata, links, projections' output, ...)
 * and anything in $-prefixed streams are not ledger events. Unresolvable links
 * (no `event`) are skipped too.
 */
export function isSystemEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  if (event === undefined) return true;
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/**
 * Maps a stored ESDB event to the port's shape, exactly as stored: no upcasting, so
 * verify can recompute hashes from it. Events lacking the ledger envelope get empty
 * hashes and ESDB's `created` time, which verify reports as broken.
 */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event;
  if (event === undefined) throw new Error('Cannot map an ESDB link whose target event is gone');
  const { metadata, ledger } = splitMetadata(event.metadata);
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: toPortPosition(resolved),
    type: event.type,
    schemaVersion: ledger?.schemaVersion ?? 1,
    data: toData(event.data),
    metadata,
    recordedAt: ledger?.recordedAt ?? event.created.toISOString(),
    prevHash: ledger?.prevHash ?? '',
    hash: ledger?.hash ?? '',
  };
}

function toData(data: unknown): Record<string, unknown> {
  if (data instanceof Uint8Array) {
    // Only foreign writers store binary events; keep the bytes rather than drop them.
    return { $binary: Buffer.from(data).toString('base64') };
  }
  return isPlainObject(data) ? data : { $value: data };
}

/** An event ready to be written: what ESDB receives and what was hashed. */
export interface SealedEvent {
  readonly eventData: JSONEventData;
  readonly ledger: LedgerEnvelope;
}

/**
 * Builds the ESDB events of one append and chains their hashes from `prevHash`.
 * The ESDB event id is the caller's id, so the server's own idempotency keys on it.
 * Data and metadata are passed through a JSON round trip first so the hash covers
 * exactly what ESDB will store and hand back (e.g. `toJSON` results, dropped
 * `undefined`s), and a later verify recomputes the same value.
 */
export function sealEvents(
  streamId: string,
  events: readonly EventToAppend[],
  options: { readonly prevHash: string; readonly recordedAt: string; readonly schemaVersionOf: (type: string) => number },
): SealedEvent[] {
  let prevHash = options.prevHash;
  return events.map((event) => {
    const data = jsonRoundTrip(event.data) as Record<string, unknown>;
    const metadata = jsonRoundTrip(event.metadata ?? {}) as EventMetadata;
    const schemaVersion = event.schemaVersion ?? options.schemaVersionOf(event.type);
    const hash = chainHash(prevHash, {
      id: event.id,
      streamId,
      type: event.type,
      schemaVersion,
      data,
      metadata,
      recordedAt: options.recordedAt,
    });
    const ledger: LedgerEnvelope = { schemaVersion, recordedAt: options.recordedAt, prevHash, hash };
    prevHash = hash;
    const eventData = jsonEvent({ id: event.id, type: event.type, data, metadata: mergeMetadata(metadata, ledger) });
    return { eventData, ledger };
  });
}

/**
 * Checks one stored event against its predecessor in the stream. `prevHash` and
 * `expectedRevision` describe that predecessor ('' and 0n before the first event).
 * Pass the event as stored (see `toRecordedEvent`), not upcast.
 */
export function checkLink(event: RecordedEvent, prevHash: string, expectedRevision: bigint): BrokenLink | undefined {
  const base = { streamId: event.streamId, revision: event.revision, position: event.position, eventId: event.id };
  if (event.revision !== expectedRevision) {
    return { ...base, reason: 'revision_gap', expected: expectedRevision.toString(), actual: event.revision.toString() };
  }
  if (event.prevHash !== prevHash) {
    return { ...base, reason: 'prev_hash_mismatch', expected: prevHash, actual: event.prevHash };
  }
  const recomputed = chainHash(prevHash, {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
  if (recomputed !== event.hash) return { ...base, reason: 'hash_mismatch', expected: recomputed, actual: event.hash };
  return undefined;
}

/**
 * Whether a stored event is the same event as one being appended again under the
 * same id. Metadata is left out on purpose: a retried request may carry a fresh
 * correlation or trace id and is still the same fact.
 */
export function isSameEvent(stored: RecordedEvent, candidate: EventToAppend): boolean {
  return (
    stored.id === candidate.id &&
    stored.type === candidate.type &&
    canonicalJson(stored.data) === canonicalJson(jsonRoundTrip(candidate.data))
  );
}

function jsonRoundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

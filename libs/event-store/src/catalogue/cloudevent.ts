import type { RecordedEvent } from '../event-store.port.js';
import { categoryOf, CLOUDEVENT_SOURCE_PREFIX, cloudEventType } from './catalogue.js';

/**
 * A recorded event as a CloudEvent 1.0 in structured JSON form
 * (`application/cloudevents+json`). Extension attribute names follow the spec
 * (lowercase a-z0-9); values are strings, because JSON numbers cannot hold a
 * 64-bit position safely.
 */
export interface LedgerCloudEvent {
  readonly specversion: '1.0';
  /** The event id (UUID): consumers de-duplicate on it. */
  readonly id: string;
  readonly source: string;
  readonly type: string;
  /** The stream id, e.g. `assignment-<id>`. */
  readonly subject: string;
  /** recordedAt: the server clock when the event was stored. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: Record<string, unknown>;
  /** Global position (decimal string): the resume token of the SSE feed. */
  readonly position: string;
  /** Revision of the event inside its stream (decimal string): the per-stream order. */
  readonly revision: string;
  readonly hash: string;
  /** Hash of the previous event of the stream; empty for the first one. */
  readonly prevhash: string;
  readonly correlationid?: string;
  readonly causationid?: string;
  /**
   * CloudEvents distributed-tracing extension: the W3C trace context of the command
   * that recorded the event, so a subscriber can continue its trace.
   */
  readonly traceparent?: string;
  readonly tracestate?: string;
  /** Business time when it differs from `time` (migrated historical records). */
  readonly occurredat?: string;
}

/** Pure mapping RecordedEvent -> CloudEvent (no I/O, no clock). */
export function toCloudEvent(event: RecordedEvent): LedgerCloudEvent {
  const m = event.metadata;
  return {
    specversion: '1.0',
    id: event.id,
    source: `${CLOUDEVENT_SOURCE_PREFIX}${categoryOf(event.streamId)}`,
    type: cloudEventType(event.type, event.schemaVersion),
    subject: event.streamId,
    time: event.recordedAt,
    datacontenttype: 'application/json',
    data: event.data,
    position: event.position.toString(),
    revision: event.revision.toString(),
    hash: event.hash,
    prevhash: event.prevHash,
    ...(typeof m.correlationId === 'string' && m.correlationId ? { correlationid: m.correlationId } : {}),
    ...(typeof m.causationId === 'string' && m.causationId ? { causationid: m.causationId } : {}),
    ...(typeof m.occurredAt === 'string' && m.occurredAt ? { occurredat: m.occurredAt } : {}),
    ...(typeof m.traceparent === 'string' && m.traceparent ? { traceparent: m.traceparent } : {}),
    ...(typeof m.tracestate === 'string' && m.tracestate ? { tracestate: m.tracestate } : {}),
  };
}

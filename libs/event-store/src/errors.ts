import type { ExpectedRevision } from './event-store.port.js';

/** The stream was not at the revision the caller expected. Mapped to HTTP 409 (412 with If-Match). */
export class WrongExpectedVersion extends Error {
  readonly code = 'event_store.wrong_expected_version';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Last revision actually stored, undefined when the stream does not exist. */
    readonly actual: bigint | undefined,
  ) {
    super(
      `Stream ${streamId}: expected ${String(expected)}, actual ${actual === undefined ? 'no_stream' : String(actual)}`,
    );
    this.name = 'WrongExpectedVersion';
  }
}

/** An event id is already stored, but in another stream or with another body. */
export class DuplicateEventId extends Error {
  readonly code = 'event_store.duplicate_event_id';
  constructor(readonly eventId: string, readonly streamId: string) {
    super(`Event id ${eventId} is already stored in another stream or with another content`);
    this.name = 'DuplicateEventId';
  }
}

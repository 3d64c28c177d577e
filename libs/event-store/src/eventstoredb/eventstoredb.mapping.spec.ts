import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import { WrongExpectedVersion } from '../errors.js';
import type { EventToAppend, ExpectedRevision } from '../event-store.port.js';
import { chainHash } from '../hash-chain.js';
import {
  assertNoReservedMetadata,
  checkLink,
  esdbExpectedRevision,
  isMissingStream,
  isSameEvent,
  isSystemEvent,
  LEDGER_METADATA_KEY,
  mergeMetadata,
  satisfiesExpected,
  sealEvents,
  splitMetadata,
  toPortPosition,
  toReadPosition,
  toRecordedEvent,
  toWrongExpectedVersion,
  UNKNOWN_ESDB_POSITION,
  type SealedEvent,
} from './eventstoredb.mapping.js';

const RECORDED_AT = '2025-03-01T08:30:00.123Z';
const STREAM = 'assignment-7f1c';

function event(id: string, data: Record<string, unknown> = {}, extra: Partial<EventToAppend> = {}): EventToAppend {
  return { id, type: 'AssignmentOpened', data, metadata: { correlationId: 'c-1' }, ...extra };
}

/** What ESDB hands back for a sealed event: JSON bytes parsed again, plus server fields. */
function storedAs(sealed: SealedEvent, revision: bigint, position: bigint, streamId = STREAM): AllStreamResolvedEvent {
  const { eventData } = sealed;
  return {
    event: {
      streamId,
      id: eventData.id,
      isJson: true,
      revision,
      type: eventData.type,
      created: new Date('2025-03-01T08:30:01.000Z'),
      data: JSON.parse(JSON.stringify(eventData.data)),
      metadata: JSON.parse(JSON.stringify(eventData.metadata)),
      position: { commit: position, prepare: position },
    },
    commitPosition: position,
  };
}

function seal(events: readonly EventToAppend[], prevHash = ''): SealedEvent[] {
  return sealEvents(STREAM, events, { prevHash, recordedAt: RECORDED_AT, schemaVersionOf: () => 1 });
}

describe('expected revisions', () => {
  it.each<[ExpectedRevision, bigint | undefined, boolean]>([
    ['any', undefined, true],
    ['any', 3n, true],
    ['no_stream', undefined, true],
    ['no_stream', 0n, false],
    ['exists', undefined, false],
    ['exists', 0n, true],
    [2n, 2n, true],
    [2n, 3n, false],
    [0n, undefined, false],
  ])('expectation %s against head %s is satisfied: %s', (expected, head, ok) => {
    expect(satisfiesExpected(expected, head)).toBe(ok);
  });

  describe('when the write is sent to ESDB', () => {
    it('pins any and exists to the head that the hash chain was computed from', () => {
      expect(esdbExpectedRevision('any', 4n)).toBe(4n);
      expect(esdbExpectedRevision('exists', 4n)).toBe(4n);
    });

    it('sends no_stream for any on a stream that does not exist yet', () => {
      expect(esdbExpectedRevision('any', undefined)).toBe(NO_STREAM);
    });

    it('passes no_stream and exact revisions through', () => {
      expect(esdbExpectedRevision('no_stream', undefined)).toBe(NO_STREAM);
      expect(esdbExpectedRevision(7n, 7n)).toBe(7n);
    });

    it('never sends ANY or STREAM_EXISTS, which would let a racing write fork the chain', () => {
      const sent = (['any', 'exists', 'no_stream', 0n] as const).flatMap((e) => [
        esdbExpectedRevision(e, undefined),
        esdbExpectedRevision(e, 0n),
      ]);
      expect(sent).not.toContain(ANY);
      expect(sent).not.toContain(STREAM_EXISTS);
    });
  });
});

describe('errors', () => {
  it("maps ESDB's wrong expected version to ours, with the caller's expectation and the actual revision", () => {
    const esdb = new WrongExpectedVersionError(undefined, { streamName: STREAM, expected: 3n, current: 5n });
    const mapped = toWrongExpectedVersion(esdb, STREAM, 'any');
    expect(mapped).toBeInstanceOf(WrongExpectedVersion);
    expect(mapped).toMatchObject({ streamId: STREAM, expected: 'any', actual: 5n });
  });

  it('reports a missing stream as an undefined actual revision', () => {
    const esdb = new WrongExpectedVersionError(undefined, { streamName: STREAM, expected: STREAM_EXISTS, current: NO_STREAM });
    expect(toWrongExpectedVersion(esdb, STREAM, 'exists')?.actual).toBeUndefined();
  });

  it('leaves other errors alone', () => {
    expect(toWrongExpectedVersion(new Error('socket hang up'), STREAM, 'any')).toBeUndefined();
    expect(toWrongExpectedVersion(new StreamNotFoundError(undefined, STREAM), STREAM, 'any')).toBeUndefined();
  });

  it('treats a missing or deleted stream as empty, and nothing else', () => {
    expect(isMissingStream(new StreamNotFoundError(undefined, STREAM))).toBe(true);
    expect(isMissingStream(StreamDeletedError.fromStreamName(STREAM))).toBe(true);
    expect(isMissingStream(new WrongExpectedVersionError(undefined, { streamName: STREAM, expected: 1n, current: 2n }))).toBe(false);
    expect(isMissingStream({ type: 'stream-not-found' })).toBe(false);
  });
});

describe('metadata envelope', () => {
  const ledger = { schemaVersion: 2, recordedAt: RECORDED_AT, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };

  it('stores the ledger fields next to the caller metadata and splits them apart again', () => {
    const merged = mergeMetadata({ correlationId: 'c-1', actor: { sub: 'u-1', roles: ['clerk'] } }, ledger);
    expect(merged[LEDGER_METADATA_KEY]).toEqual(ledger);
    const split = splitMetadata(JSON.parse(JSON.stringify(merged)));
    expect(split.ledger).toEqual(ledger);
    expect(split.metadata).toEqual({ correlationId: 'c-1', actor: { sub: 'u-1', roles: ['clerk'] } });
  });

  it('refuses caller metadata that uses the reserved key', () => {
    expect(() => mergeMetadata({ [LEDGER_METADATA_KEY]: { hash: 'forged' } }, ledger)).toThrow(/reserved/);
    expect(() => assertNoReservedMetadata({ [LEDGER_METADATA_KEY]: undefined })).toThrow(/reserved/);
    expect(() => assertNoReservedMetadata(undefined)).not.toThrow();
  });

  it('reads an event without a usable envelope as having none', () => {
    expect(splitMetadata(undefined)).toEqual({ metadata: {}, ledger: undefined });
    expect(splitMetadata(new Uint8Array([1, 2]))).toEqual({ metadata: {}, ledger: undefined });
    expect(splitMetadata({ [LEDGER_METADATA_KEY]: { ...ledger, schemaVersion: '2' }, x: 1 })).toEqual({
      metadata: { x: 1 },
      ledger: undefined,
    });
  });
});

describe('positions', () => {
  it('reads from the start for position 0 and from the exact log record otherwise', () => {
    expect(toReadPosition(0n)).toBe(START);
    expect(toReadPosition(9_007_199_254_740_993n)).toEqual({ commit: 9_007_199_254_740_993n, prepare: 9_007_199_254_740_993n });
  });

  it("uses the event's commit position, falling back to the resolved event's", () => {
    const [sealed] = seal([event('11111111-1111-4111-8111-111111111111')]);
    const resolved = storedAs(sealed!, 0n, 4242n);
    expect(toPortPosition(resolved)).toBe(4242n);
    const withoutEventPosition = { ...resolved, event: { ...resolved.event!, position: undefined } } as never;
    expect(toPortPosition({ ...(withoutEventPosition as object), commitPosition: 77n } as never)).toBe(77n);
  });

  it('refuses to invent a position the server did not report', () => {
    const [sealed] = seal([event('11111111-1111-4111-8111-111111111111')]);
    const resolved = storedAs(sealed!, 0n, UNKNOWN_ESDB_POSITION);
    expect(() => toPortPosition(resolved)).toThrow(/22\.6 or later/);
    const bare = { event: { ...resolved.event!, position: undefined } } as never;
    expect(() => toPortPosition(bare)).toThrow(/did not report the position/);
  });
});

describe('system events', () => {
  const [sealed] = seal([event('22222222-2222-4222-8222-222222222222')]);
  const base = storedAs(sealed!, 0n, 10n);

  it.each([
    ['stream metadata', { type: '$metadata', streamId: `$$${STREAM}` }],
    ['a link', { type: '$>', streamId: '$ce-assignment' }],
    ['a $-type in a user stream', { type: '$statsCollected', streamId: STREAM }],
    ['a user type in a $-stream', { type: 'AssignmentOpened', streamId: '$projections-x' }],
  ])('skips %s', (_, override) => {
    expect(isSystemEvent({ ...base, event: { ...base.event!, ...override } } as AllStreamResolvedEvent)).toBe(true);
  });

  it('skips a link whose target is gone, and keeps ledger events', () => {
    expect(isSystemEvent({ commitPosition: 5n })).toBe(true);
    expect(isSystemEvent(base)).toBe(false);
  });
});

describe('sealing and reading back', () => {
  const ids = ['33333333-3333-4333-8333-333333333333', '44444444-4444-4444-8444-444444444444'];

  it('uses the caller id as the ESDB event id, so the server deduplicates on it', () => {
    const sealed = seal([event(ids[0]!), event(ids[1]!)]);
    expect(sealed.map((s) => s.eventData.id)).toEqual(ids);
    expect(sealed.every((s) => s.eventData.contentType === 'application/json')).toBe(true);
  });

  it('chains each hash to the previous one, starting from the given head', () => {
    const head = 'c'.repeat(64);
    const [first, second] = seal([event(ids[0]!, { n: 1 }), event(ids[1]!, { n: 2 })], head);
    expect(first!.ledger.prevHash).toBe(head);
    expect(second!.ledger.prevHash).toBe(first!.ledger.hash);
    expect(first!.ledger.hash).toBe(
      chainHash(head, {
        id: ids[0]!,
        streamId: STREAM,
        type: 'AssignmentOpened',
        schemaVersion: 1,
        data: { n: 1 },
        metadata: { correlationId: 'c-1' },
        recordedAt: RECORDED_AT,
      }),
    );
  });

  it('takes the schema version from the event, else from the registry', () => {
    const sealed = sealEvents(STREAM, [event(ids[0]!, {}, { schemaVersion: 4 }), event(ids[1]!)], {
      prevHash: '',
      recordedAt: RECORDED_AT,
      schemaVersionOf: (type) => (type === 'AssignmentOpened' ? 3 : 1),
    });
    expect(sealed.map((s) => s.ledger.schemaVersion)).toEqual([4, 3]);
  });

  it('reads back exactly what was appended, with the chain intact', () => {
    const sealed = seal([
      event(ids[0]!, { title: 'Audit', items: [1, 2] }),
      event(ids[1]!, { title: 'Review' }, { metadata: { correlationId: 'c-2', occurredAt: '2025-02-01T00:00:00.000Z' } }),
    ]);
    const read = sealed.map((s, i) => toRecordedEvent(storedAs(s, BigInt(i), 100n + BigInt(i))));
    expect(read[1]).toEqual({
      id: ids[1],
      streamId: STREAM,
      revision: 1n,
      position: 101n,
      type: 'AssignmentOpened',
      schemaVersion: 1,
      data: { title: 'Review' },
      metadata: { correlationId: 'c-2', occurredAt: '2025-02-01T00:00:00.000Z' },
      recordedAt: RECORDED_AT,
      prevHash: sealed[0]!.ledger.hash,
      hash: sealed[1]!.ledger.hash,
    });
    expect(checkLink(read[0]!, '', 0n)).toBeUndefined();
    expect(checkLink(read[1]!, read[0]!.hash, 1n)).toBeUndefined();
  });

  it('hashes what ESDB stores, so values JSON changes (toJSON, undefined) still verify', () => {
    const amount = { cents: 1250, currency: 'EUR', toJSON: () => '12.50 EUR' };
    const [sealed] = seal([event(ids[0]!, { amount, note: undefined, nested: { keep: 1, drop: undefined } })]);
    const read = toRecordedEvent(storedAs(sealed!, 0n, 1n));
    expect(read.data).toEqual({ amount: '12.50 EUR', nested: { keep: 1 } });
    expect(checkLink(read, '', 0n)).toBeUndefined();
  });

  it('does not let the revision into the hash: the same event hashes alike at any revision', () => {
    const [sealed] = seal([event(ids[0]!)]);
    const atZero = toRecordedEvent(storedAs(sealed!, 0n, 1n));
    const atNine = toRecordedEvent(storedAs(sealed!, 9n, 1n));
    expect(atNine.hash).toBe(atZero.hash);
    expect(checkLink(atNine, '', 9n)).toBeUndefined();
  });

  it('gives an event written without the envelope empty hashes and the server time', () => {
    const foreign: AllStreamResolvedEvent = {
      event: {
        streamId: STREAM,
        id: ids[0]!,
        isJson: false,
        revision: 0n,
        type: 'Imported',
        created: new Date('2024-12-31T23:59:59.999Z'),
        data: new Uint8Array([104, 105]),
        metadata: undefined,
        position: { commit: 5n, prepare: 5n },
      },
    };
    expect(toRecordedEvent(foreign)).toMatchObject({
      data: { $binary: 'aGk=' },
      metadata: {},
      recordedAt: '2024-12-31T23:59:59.999Z',
      prevHash: '',
      hash: '',
      schemaVersion: 1,
    });
  });
});

describe('verifying a link', () => {
  const ids = ['55555555-5555-4555-8555-555555555555', '66666666-6666-4666-8666-666666666666'];
  const sealed = seal([event(ids[0]!, { amount: 10 }), event(ids[1]!, { amount: 20 })]);
  const [first, second] = sealed.map((s, i) => toRecordedEvent(storedAs(s, BigInt(i), 50n + BigInt(i))));

  it('flags data changed after hashing as a hash mismatch', () => {
    const broken = checkLink({ ...second!, data: { amount: 2000 } }, first!.hash, 1n);
    expect(broken).toMatchObject({ streamId: STREAM, revision: 1n, position: 51n, eventId: ids[1], reason: 'hash_mismatch' });
    expect(broken?.actual).toBe(second!.hash);
  });

  it('flags an event that links to another predecessor', () => {
    expect(checkLink(second!, 'f'.repeat(64), 1n)).toMatchObject({ reason: 'prev_hash_mismatch', expected: 'f'.repeat(64) });
  });

  it('flags a gap in revisions (e.g. a deleted and recreated stream)', () => {
    expect(checkLink(second!, first!.hash, 0n)).toMatchObject({ reason: 'revision_gap', expected: '0', actual: '1' });
  });

  it('flags a forged envelope whose hash was not computed over the event', () => {
    expect(checkLink({ ...first!, hash: '0'.repeat(64) }, '', 0n)).toMatchObject({ reason: 'hash_mismatch' });
  });
});

describe('recognising a retried event', () => {
  const id = '77777777-7777-4777-8777-777777777777';
  const [sealed] = seal([event(id, { a: 1, b: { c: [1, 2] } })]);
  const stored = toRecordedEvent(storedAs(sealed!, 0n, 1n));

  it('matches the same id, type and data regardless of key order and metadata', () => {
    expect(isSameEvent(stored, event(id, { b: { c: [1, 2] }, a: 1 }, { metadata: { correlationId: 'other' } }))).toBe(true);
  });

  it('does not match other data or another type under the same id', () => {
    expect(isSameEvent(stored, event(id, { a: 2, b: { c: [1, 2] } }))).toBe(false);
    expect(isSameEvent(stored, event(id, { a: 1, b: { c: [1, 2] } }, { type: 'AssignmentClosed' }))).toBe(false);
  });
});

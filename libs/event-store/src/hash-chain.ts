import { hash } from 'node:crypto';

/**
 * Tamper evidence. Each event stores `hash = sha256(prevHash + canonical(event))`,
 * chained per stream; `prevHash` of revision 0 is the empty string.
 *
 * Two canonical forms exist. Chain v1 (events written before the verifiable ledger
 * migration) is the canonical JSON of `HashedFields`, computed by the client, and
 * covers neither position nor revision, with `recordedAt` in milliseconds. Chain v2
 * (`canonicalEventV2`) is computed by PostgreSQL's append function and covers stream,
 * revision, global position and `recorded_at` in microseconds; it is also the leaf
 * entry of the global Merkle log.
 */

/** The fields of an event that the hash covers. */
export interface HashedFields {
  readonly id: string;
  readonly streamId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: unknown;
  /** ISO 8601 with milliseconds, as produced by `Date.prototype.toISOString`. */
  readonly recordedAt: string;
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined`
 * members dropped (as JSON does). Values must survive a jsonb round trip unchanged,
 * which holds for JSON produced from JavaScript values.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

export function canonicalEvent(fields: HashedFields): string {
  return canonicalJson({
    id: fields.id,
    streamId: fields.streamId,
    type: fields.type,
    schemaVersion: fields.schemaVersion,
    data: fields.data,
    metadata: fields.metadata,
    recordedAt: fields.recordedAt,
  });
}

export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

export function chainHash(prevHash: string, fields: HashedFields): string {
  return sha256Hex(prevHash + canonicalEvent(fields));
}

/**
 * Merkle root over leaves (hex strings): pairs are hashed as sha256(left + right),
 * an odd leaf is promoted unchanged. The root of no leaves is sha256('').
 */
export function merkleRoot(leaves: readonly string[]): string {
  if (leaves.length === 0) return sha256Hex('');
  let level = [...leaves];
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? sha256Hex(level[i] + level[i + 1]) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}

/** Leaf of a stream head in the digest: binds the stream id, its last revision and hash. */
export function streamHeadLeaf(streamId: string, revision: bigint, hash: string): string {
  return sha256Hex(`${streamId}\n${revision.toString()}\n${hash}`);
}

/** The stored columns the v2 canonical form is built from, as text (see `ledger_canonical` in the migration). */
export interface CanonicalV2Fields {
  readonly position: string;
  readonly streamId: string;
  readonly revision: string;
  /** `recorded_at` in UTC with microseconds: `YYYY-MM-DDTHH:MM:SS.ffffffZ`. */
  readonly recordedAtMicros: string;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number | string;
  /** jsonb text output of `metadata` and `data` (PostgreSQL's deterministic form of a stored value). */
  readonly metadataText: string;
  readonly dataText: string;
}

/** Mirrors SQL `ledger_canonical`: newline-separated fields, the JSON documents last. */
export function canonicalEventV2(f: CanonicalV2Fields): string {
  return `ledger-event/2\n${f.position}\n${JSON.stringify(f.streamId)}\n${f.revision}\n${f.recordedAtMicros}\n${f.id}\n${JSON.stringify(f.type)}\n${f.schemaVersion}\n${f.metadataText}\n${f.dataText}`;
}

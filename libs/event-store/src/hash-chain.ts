import { createHash } from 'node:crypto';

/**
 * Tamper evidence. Each event stores `hash = sha256(prevHash + canonical(event))`,
 * chained per stream; `prevHash` of revision 0 is the empty string. The revision is
 * not part of the canonical form: the chain itself fixes the order.
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
  return createHash('sha256').update(text, 'utf8').digest('hex');
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

import { createHash, hash } from 'node:crypto';

/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree hashing, section 2.1:
 * leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || left || right), and the
 * tree over n leaves splits at k, the largest power of two below n. Proof shapes
 * and verification follow sections 2.1.3 and 2.1.4.
 *
 * Storage model (see PostgresLedger): every complete, aligned subtree is stored
 * once as (level, index), covering leaves [index * 2^level, (index + 1) * 2^level).
 * Every hash a proof needs is either such a node or the hash of a right-edge range
 * [start, n), which is the fold of at most log2(n) stored nodes. Proof building
 * is therefore split in two: `plan*` lists the stored nodes needed (one query),
 * `build*` computes the proof from them.
 */

export type Hash = Buffer;

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/*
 * One-shot `crypto.hash` rather than a Hash object per call: verification hashes a
 * leaf and about one node per event, and the Hash objects (and their garbage) were
 * a quarter of its CPU profile.
 */
export function leafHash(entry: string | Buffer): Hash {
  return typeof entry === 'string' ? hash('sha256', `\0${entry}`, 'buffer') : hash('sha256', Buffer.concat([LEAF, entry]), 'buffer');
}

export function nodeHash(left: Hash, right: Hash): Hash {
  if (left.length !== 32 || right.length !== 32) return hash('sha256', Buffer.concat([NODE, left, right]), 'buffer');
  const input = Buffer.allocUnsafe(65);
  input[0] = 1;
  left.copy(input, 1);
  right.copy(input, 33);
  return hash('sha256', input, 'buffer');
}

/** SHA-256 of the empty string: the root of the empty tree (RFC 9162 2.1.1). */
export const EMPTY_ROOT: Hash = createHash('sha256').digest();

/** Largest power of two strictly smaller than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Key of a stored node: level and index. */
export interface NodeKey {
  readonly level: number;
  readonly index: number;
}

export const nodeKey = (k: NodeKey): string => `${k.level}:${k.index}`;

/**
 * The stored nodes whose fold is the hash of leaves [start, end): the binary
 * decomposition of the range into aligned complete subtrees, left to right. Only
 * valid for ranges a proof can ask for (aligned starts, as RFC 9162's recursion
 * produces).
 */
export function rangeNodes(start: number, end: number): NodeKey[] {
  const out: NodeKey[] = [];
  let s = start;
  while (s < end) {
    // Largest aligned block starting at s that fits in [s, end).
    let level = 0;
    while ((s % 2 ** (level + 1)) === 0 && s + 2 ** (level + 1) <= end) level++;
    out.push({ level, index: s / 2 ** level });
    s += 2 ** level;
  }
  return out;
}

/** Hash of [start, end) from stored nodes: fold right to left (the tree is left-heavy). */
export function rangeHash(start: number, end: number, get: (k: NodeKey) => Hash): Hash {
  if (end <= start) return EMPTY_ROOT;
  const nodes = rangeNodes(start, end);
  let acc = get(nodes[nodes.length - 1]!);
  for (let i = nodes.length - 2; i >= 0; i--) acc = nodeHash(get(nodes[i]!), acc);
  return acc;
}

/** The subtree ranges an inclusion proof of leaf m in a tree of n uses (RFC 9162 2.1.3.1, PATH). */
function inclusionRanges(m: number, start: number, end: number, out: [number, number][]): void {
  const n = end - start;
  if (n <= 1) return;
  const k = splitPoint(n);
  if (m < k) {
    inclusionRanges(m, start, start + k, out);
    out.push([start + k, end]);
  } else {
    inclusionRanges(m - k, start + k, end, out);
    out.push([start, start + k]);
  }
}

/** The subtree ranges a consistency proof from m to n uses (RFC 9162 2.1.4.1, SUBPROOF). */
function consistencyRanges(m: number, start: number, end: number, complete: boolean, out: [number, number][]): void {
  const n = end - start;
  if (m === n) {
    if (!complete) out.push([start, end]);
    return;
  }
  const k = splitPoint(n);
  if (m <= k) {
    consistencyRanges(m, start, start + k, complete, out);
    out.push([start + k, end]);
  } else {
    consistencyRanges(m - k, start + k, end, false, out);
    out.push([start, start + k]);
  }
}

export function inclusionPlan(leafIndex: number, treeSize: number): [number, number][] {
  if (leafIndex < 0 || leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is outside a tree of ${treeSize}`);
  const out: [number, number][] = [];
  inclusionRanges(leafIndex, 0, treeSize, out);
  return out;
}

export function consistencyPlan(from: number, to: number): [number, number][] {
  if (from < 1 || from > to) throw new RangeError(`no consistency proof from ${from} to ${to}`);
  if (from === to) return [];
  const out: [number, number][] = [];
  consistencyRanges(from, 0, to, true, out);
  return out;
}

/** Every stored node a set of ranges needs (deduplicated). */
export function nodesFor(ranges: readonly [number, number][]): NodeKey[] {
  const seen = new Map<string, NodeKey>();
  for (const [s, e] of ranges) for (const k of rangeNodes(s, e)) seen.set(nodeKey(k), k);
  return [...seen.values()];
}

/** Verifies an inclusion proof (RFC 9162 2.1.3.2). */
export function verifyInclusion(leaf: Hash, leafIndex: number, treeSize: number, proof: readonly Hash[], root: Hash): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** Verifies a consistency proof (RFC 9162 2.1.4.2). */
export function verifyConsistency(from: number, to: number, fromRoot: Hash, toRoot: Hash, proof: readonly Hash[]): boolean {
  if (from < 1 || from > to) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  let path = [...proof];
  if ((from & (from - 1)) === 0) path = [fromRoot, ...path];
  if (path.length === 0) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

/**
 * The right edge of a growing tree: one pending complete subtree per set bit of
 * the size. Appending a leaf yields the complete nodes it closes (to store), and
 * the root is the right-to-left fold of the pending subtrees. Used by the sealer
 * (with storage) and by verify (recomputing from events).
 */
export class CompactRange {
  private readonly pending: (Hash | undefined)[] = [];
  private count: number;

  constructor(size = 0, pending: readonly (Hash | undefined)[] = []) {
    this.count = size;
    pending.forEach((h, i) => (this.pending[i] = h));
  }

  get size(): number {
    return this.count;
  }

  /** The stored nodes a range of `size` leaves keeps pending: the subtree per set bit. */
  static frontierKeys(size: number): NodeKey[] {
    const out: NodeKey[] = [];
    for (let level = 0; 2 ** level <= size; level++) {
      if (Math.floor(size / 2 ** level) % 2 === 1) out.push({ level, index: Math.floor(size / 2 ** level) - 1 });
    }
    return out;
  }

  /** Appends a leaf hash; returns the complete nodes above level 0 that it closed. */
  append(leaf: Hash, closed?: (level: number, index: number, hash: Hash) => void): void {
    let h = leaf;
    let level = 0;
    let index = this.count;
    while (index % 2 === 1) {
      h = nodeHash(this.pending[level]!, h);
      this.pending[level] = undefined;
      level++;
      index = (index - 1) / 2;
      closed?.(level, index, h);
    }
    this.pending[level] = h;
    this.count++;
  }

  root(): Hash {
    let acc: Hash | undefined;
    for (const h of this.pending) {
      if (h === undefined) continue;
      acc = acc === undefined ? h : nodeHash(h, acc);
    }
    return acc ?? EMPTY_ROOT;
  }

  /** Pending subtrees by level (for persisting a verified state). */
  frontier(): (Hash | undefined)[] {
    return [...this.pending];
  }
}

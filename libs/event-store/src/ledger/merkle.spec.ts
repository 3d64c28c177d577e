import { createHash } from 'node:crypto';
import {
  CompactRange,
  consistencyPlan,
  inclusionPlan,
  leafHash,
  nodesFor,
  nodeKey,
  rangeHash,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type NodeKey,
} from './merkle.js';

// An independent RFC 9162 section 2.1 implementation, written from the RFC's
// definitions (MTH, PATH, PROOF/SUBPROOF) over whole leaf lists, sharing no code
// with merkle.ts.
const h = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const mth = (d: Buffer[]): Buffer => {
  if (d.length === 0) return h();
  if (d.length === 1) return h(Buffer.from([0]), d[0]!);
  let k = 1;
  while (k << 1 < d.length) k <<= 1;
  return h(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
};
const path = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length <= 1) return [];
  let k = 1;
  while (k << 1 < d.length) k <<= 1;
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const subproof = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  let k = 1;
  while (k << 1 < d.length) k <<= 1;
  return m <= k ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))] : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};

const entries = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => Buffer.from(`event ${i}`));

/** The product's storage: leaves and every complete aligned subtree, as the sealer writes them. */
function stored(d: Buffer[]): { get: (k: NodeKey) => Hash; range: CompactRange } {
  const nodes = new Map<string, Hash>();
  const range = new CompactRange();
  d.forEach((e, i) => {
    const leaf = leafHash(e);
    nodes.set(nodeKey({ level: 0, index: i }), leaf);
    range.append(leaf, (level, index, hash) => nodes.set(nodeKey({ level, index }), hash));
  });
  return { get: (k) => nodes.get(nodeKey(k))!, range };
}

describe('the Merkle log (RFC 9162 2.1)', () => {
  it('gives the root of the RFC definition for every size up to 70', () => {
    for (let n = 0; n <= 70; n++) {
      const d = entries(n);
      const { range, get } = stored(d);
      expect(range.root().toString('hex')).toBe(mth(d).toString('hex'));
      if (n > 0) expect(rangeHash(0, n, get).toString('hex')).toBe(mth(d).toString('hex'));
    }
  });

  it('builds inclusion proofs equal to PATH(m, D[n]) from stored nodes only, and they verify', () => {
    for (const n of [1, 2, 3, 5, 8, 13, 31, 64, 65]) {
      const d = entries(n);
      const { get } = stored(d);
      for (let m = 0; m < n; m++) {
        const ranges = inclusionPlan(m, n);
        for (const k of nodesFor(ranges)) expect(get(k)).toBeDefined();
        const proof = ranges.map(([s, e]) => rangeHash(s, e, get));
        expect(proof.map((p) => p.toString('hex'))).toEqual(path(m, d).map((p) => p.toString('hex')));
        expect(verifyInclusion(leafHash(d[m]!), m, n, proof, mth(d))).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('forged')), m, n, proof, mth(d))).toBe(false);
      }
    }
  });

  it('builds consistency proofs equal to PROOF(m, D[n]), and they verify; a different old tree does not', () => {
    for (const n of [2, 3, 7, 8, 9, 16, 33]) {
      const d = entries(n);
      const { get } = stored(d);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyPlan(m, n).map(([s, e]) => rangeHash(s, e, get));
        const expected = m === n ? [] : subproof(m, d, true);
        expect(proof.map((p) => p.toString('hex'))).toEqual(expected.map((p) => p.toString('hex')));
        expect(verifyConsistency(m, n, mth(d.slice(0, m)), mth(d), proof)).toBe(true);
        if (m < n) {
          const rewritten = [...d.slice(0, m - 1), Buffer.from('rewritten')];
          expect(verifyConsistency(m, n, mth(rewritten), mth(d), proof)).toBe(false);
        }
      }
    }
  });

  it('restores the sealer state from stored frontier nodes', () => {
    const d = entries(45);
    const { get, range } = stored(d);
    const keys = CompactRange.frontierKeys(45);
    const pending: Hash[] = [];
    for (const k of keys) pending[k.level] = get(k);
    const restored = new CompactRange(45, pending);
    expect(restored.root().equals(range.root())).toBe(true);
    restored.append(leafHash(Buffer.from('next')));
    expect(restored.root().equals(mth([...d, Buffer.from('next')]))).toBe(true);
  });
});

import { childrenOf, classifyPart, type CycleClassification, type CycleOptions, type CycleStaffInput, type CycleUnit } from './cycle.js';
import type { Outcome, Policy, StaffCategory } from './policy.types.js';

/** A leadership post as the planner needs it: the leader's own unit and the unit led. */
export interface PlannedPost {
  readonly homeUnitId: string;
  readonly ledUnitId: string;
}

/**
 * Plans a streamed cycle run: the units in parts, each part small enough to hold at once
 * (about `maxStaff` people; one unit bigger than that is a part on its own), in an order
 * where every unit comes after the units under it, so leaders are classified after the
 * people and the units they answer for, as `classifyCycle` requires.
 *
 * A post leading a unit other than one's own ties the two units, and every unit on the
 * tree path between them, into one part (connected pieces of a tree stay a tree, so the
 * order exists). Quota groups are within a unit, so no quota group spans two parts.
 * Pure: the caller counts the staff per unit and lists the cross-unit posts.
 */
export function planCycleParts(
  units: readonly CycleUnit[],
  staffPerUnit: ReadonlyMap<string, number>,
  posts: readonly PlannedPost[],
  maxStaff: number,
): string[][] {
  const parentOf = new Map(units.map((u) => [u.unitId, u.parentUnitId]));
  const known = (id: string | null): id is string => id !== null && parentOf.has(id);
  // Union-find over units.
  const up = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (up.has(root)) root = up.get(root) as string;
    for (let x = id; x !== root; ) {
      const next = up.get(x) as string;
      up.set(x, root);
      x = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) up.set(ra, rb);
  };
  const ancestors = (id: string) => {
    const chain: string[] = [];
    for (let x: string | null = id; known(x); x = parentOf.get(x) ?? null) chain.push(x);
    return chain;
  };
  for (const { homeUnitId: a, ledUnitId: b } of posts) {
    if (a === b) continue;
    if (!known(a) || !known(b)) {
      union(a, b);
      continue;
    }
    const aChain = ancestors(a);
    const onA = new Set(aChain);
    const bPath: string[] = [];
    let meet: string | undefined;
    for (const x of ancestors(b)) {
      if (onA.has(x)) {
        meet = x;
        break;
      }
      bPath.push(x);
    }
    const aPath = meet === undefined ? aChain : aChain.slice(0, aChain.indexOf(meet) + 1);
    for (const x of [...aPath, ...bPath]) union(a, x);
  }

  // Post-order over the tree (children in id order): a piece is complete at its top unit.
  const children = childrenOf(units);
  for (const list of children.values()) list.sort(cmp);
  const roots = units.filter((u) => !known(u.parentUnitId)).map((u) => u.unitId).sort(cmp);
  const pieces = new Map<string, string[]>();
  const ordered: string[][] = [];
  const emitted = new Set<string>();
  const stack: Array<{ id: string; next: number }> = [];
  for (const r of roots) {
    stack.push({ id: r, next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { id: string; next: number };
      const kids = children.get(top.id) ?? [];
      if (top.next < kids.length) {
        stack.push({ id: kids[top.next++] as string, next: 0 });
        continue;
      }
      stack.pop();
      const piece = find(top.id);
      let list = pieces.get(piece);
      if (!list) pieces.set(piece, (list = []));
      list.push(top.id);
      const parent = parentOf.get(top.id) ?? null;
      if (!known(parent) || find(parent) !== piece) {
        ordered.push(list);
        emitted.add(piece);
      }
    }
  }
  // Units outside the tree (led but not listed): each piece on its own, before the tree ones that need them.
  const outside = new Map<string, string[]>();
  for (const { homeUnitId, ledUnitId } of posts) {
    for (const id of [homeUnitId, ledUnitId]) {
      if (known(id)) continue;
      const piece = find(id);
      if (emitted.has(piece)) {
        // Tied to a tree piece: that piece carries it.
        const list = pieces.get(piece) as string[];
        if (!list.includes(id)) list.push(id);
        continue;
      }
      let list = outside.get(piece);
      if (!list) outside.set(piece, (list = []));
      if (!list.includes(id)) list.push(id);
    }
  }

  // Consecutive pieces are grouped up to maxStaff: the order between them is kept.
  const parts: string[][] = [];
  let current: string[] = [];
  let count = 0;
  for (const piece of [...outside.values(), ...ordered]) {
    const size = piece.reduce((n, id) => n + (staffPerUnit.get(id) ?? 0), 0);
    if (current.length > 0 && count + size > maxStaff) {
      parts.push(current);
      current = [];
      count = 0;
    }
    current.push(...piece);
    count += size;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * A cycle classified part by part (parts from `planCycleParts`, in their order): gives
 * the same results as `classifyCycle` over the whole cycle, while holding only one part's
 * inputs and results and, between parts, the pre-quota level of each unit's heads (one
 * entry per head: what the leader rules of the parent units read). Pure: the caller
 * loads each part, classifies it, appends the proposals and lets the part go.
 */
export function createCycleRun(policyFor: (category: StaffCategory) => Policy | undefined, options: CycleOptions = {}) {
  const children = childrenOf(options.units ?? []);
  const heads = new Map<string, Map<string, Outcome | undefined>>();
  return {
    /** Classifies one part: every member of its units. */
    classifyPart(staff: readonly CycleStaffInput[]): CycleClassification {
      const { classification, heads: partHeads } = classifyPart(staff, policyFor, options, children, heads);
      for (const [unitId, levels] of partHeads) heads.set(unitId, levels);
      return classification;
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

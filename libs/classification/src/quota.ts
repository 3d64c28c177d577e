import { ClassificationInputError } from './errors.js';
import type { MetricName, Policy, QuotaRule } from './policy.types.js';
import type { ClassificationResult, TraceEntry } from './result.types.js';

/** Facts of the run the quota rule reads besides the results. */
export interface QuotaContext {
  /**
   * Units whose competent authority decided a higher share under the exception for
   * organisations with outstanding achievements (Decree 335/2025 art. 20(5)(b)), with
   * the decision. Never assumed: a unit not listed gets the policy's share.
   */
  readonly outstandingUnits?: Readonly<Record<string, { readonly share: number; readonly decisionRef: string }>>;
}

/**
 * The quota pass: within each scope group (by default each group of similar tasks of
 * a unit, then each unit) excellent may be at most `share` of the number rated good.
 * Those over the quota drop to good in the policy's drop order (Decree 335/2025: lowest
 * score first; ties: fewer items exceeded, then staff id ascending by code point). Every
 * excellent candidate gets a quota entry in its trace, kept or dropped.
 *
 * Only results classified under `policy` (same id) take part; the others are returned
 * unchanged and are not counted. The input is not mutated; the output keeps its order.
 */
export function applyQuota(results: readonly ClassificationResult[], policy: Policy, context: QuotaContext = {}): ClassificationResult[] {
  const quota = policy.quota;
  const out = results.slice();
  if (!quota) return out;
  const prefix = `${policy.id}/${quota.id}`;
  const participants = out.map((r, i) => i).filter((i) => (out[i] as ClassificationResult).policyId === policy.id);
  const order = quota.dropOrder.value;

  for (const keys of quota.scopes.value) {
    const groups = new Map<string, number[]>();
    for (const i of participants) {
      const r = out[i] as ClassificationResult;
      const key = keys.map((k) => `${k}=${r[k]}`).join(',');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(i);
    }
    for (const [group, members] of [...groups.entries()].sort(([a], [b]) => cmpCodePoint(a, b))) {
      const good = members.filter((i) => (out[i] as ClassificationResult).level === 'good').length;
      const excellent = members.filter((i) => (out[i] as ClassificationResult).level === 'excellent');
      if (excellent.length === 0) continue;
      // The exception for outstanding organisations (art. 20(5)(b)): the share the competent authority decided for the unit.
      const unitId = keys.includes('unitId') ? (out[members[0] as number] as ClassificationResult).unitId : undefined;
      const decided = unitId === undefined ? undefined : context.outstandingUnits?.[unitId];
      const share = decided?.share ?? quota.share.value;
      const allowed = allowedExcellent(quota, share, good, excellent.length);
      const dropFirst = excellent.slice().sort((a, b) => compareForDrop(out[a] as ClassificationResult, out[b] as ClassificationResult, order));
      const over = Math.max(0, excellent.length - allowed);
      dropFirst.forEach((i, rank) => {
        const r = out[i] as ClassificationResult;
        const dropped = rank < over;
        const entry: TraceEntry = {
          rule: `${prefix}/${keys.join('+')}`,
          kind: 'quota',
          inputs: {
            group,
            good,
            excellent: excellent.length,
            share,
            shareFrom: decided ? `outstanding-unit exception, decision ${decided.decisionRef}` : 'policy',
            base: quota.base.value,
            rounding: quota.rounding.value,
            grouping: quota.grouping?.value ?? null,
            allowed,
            dropRank: rank + 1,
            dropOrder: [...order.map((k) => `${k.key} ${k.direction}`), 'staffId asc'].join(', '),
            ...Object.fromEntries(order.map((k) => [k.key, r.metrics[k.key] ?? null])),
          },
          outcome: dropped ? 'applied' : 'not_applied',
          effect: dropped ? 'over the quota: excellent dropped to good' : 'within the quota: stays excellent',
          source: decided && quota.outstandingUnitException ? quota.outstandingUnitException.source : quota.share.source,
        };
        out[i] = dropped ? { ...r, level: 'good', trace: [...r.trace, entry] } : { ...r, trace: [...r.trace, entry] };
      });
    }
  }
  return out;
}

/** How many may stay excellent in a group with `good` rated good and `excellent` candidates. */
function allowedExcellent(q: QuotaRule, share: number, good: number, excellent: number): number {
  const cap = (base: number) => {
    const x = share * base;
    // 0.2 x 15 is 3.0000000000000004 in floating point; a whole number must stay whole.
    const whole = Math.round(x);
    return Math.abs(x - whole) < 1e-9 ? whole : rounder(q.rounding.value)(x);
  };
  if (q.base.value === 'classified') return Math.min(excellent, cap(good));
  // `final`: the largest k whose published result holds: k <= share x (good + the dropped).
  for (let k = excellent; k > 0; k--) if (k <= cap(good + excellent - k)) return k;
  return 0;
}

function rounder(mode: QuotaRule['rounding']['value']): (x: number) => number {
  return mode === 'floor' ? Math.floor : mode === 'ceil' ? Math.ceil : Math.round;
}

function compareForDrop(
  a: ClassificationResult,
  b: ClassificationResult,
  order: readonly { readonly key: MetricName; readonly direction: 'asc' | 'desc' }[],
): number {
  for (const { key, direction } of order) {
    const va = a.metrics[key];
    const vb = b.metrics[key];
    if (va === vb) continue;
    // A missing metric drops first whatever the direction: with nothing to show, it ranks lowest.
    if (va === undefined) return -1;
    if (vb === undefined) return 1;
    return direction === 'asc' ? (va < vb ? -1 : 1) : va < vb ? 1 : -1;
  }
  return cmpCodePoint(a.staffId, b.staffId);
}

function cmpCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A group of similar tasks declared for a unit: a set of its job positions (Decree 335/2025 art. 20(5)(a)). */
export interface TaskGroupDeclaration {
  readonly unitId: string;
  readonly groupId: string;
  readonly jobPositions: readonly string[];
}

/** The task group every unit without declared groups falls in: the unit as a whole. */
export const WHOLE_UNIT_GROUP = '(whole unit)';

/**
 * The task group of a job position in a unit: the declared group that lists it, or the
 * whole unit when the unit declared no groups (the quota then applies per unit only).
 * Groups are never formed from free text: a unit that declared groups but not one for
 * this job position is an input error, so no one lands in a group of one by a typo.
 *
 * @throws ClassificationInputError `classification.task_group_undeclared`
 */
export function taskGroupOf(unitId: string, jobPosition: string, declarations: readonly TaskGroupDeclaration[]): string {
  const own = declarations.filter((d) => d.unitId === unitId);
  if (own.length === 0) return WHOLE_UNIT_GROUP;
  const hit = own.find((d) => d.jobPositions.includes(jobPosition));
  if (hit) return hit.groupId;
  throw new ClassificationInputError(
    'classification.task_group_undeclared',
    `Unit ${unitId} declared task groups, none of which lists the job position ${jobPosition}`,
    [{ field: 'taskGroups', message: `no group of unit ${unitId} lists ${jobPosition}` }],
  );
}

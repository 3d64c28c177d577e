import { COUNT_FIELDS } from './indicators.js';
import { PolicyDefinitionError } from './errors.js';
import { METRIC_NAMES, type Metrics } from './metrics.js';
import type { Comparator, Condition, Ladder, Level, MetricName, Policy } from './policy.types.js';
import { LEVELS_BEST_FIRST } from './policy.types.js';

/** A condition turned into closures once, so classifying many staff parses nothing. */
export interface CompiledCondition {
  readonly def: Condition;
  /** `<policy id>/<ladder id>/<condition id>`. */
  readonly rule: string;
  /** How the operand is shown in the trace (`score`, `qualityExceeded/assigned`). */
  readonly operandName: string;
  /** `score >= 90`. */
  readonly expression: string;
  readonly read: (m: Metrics) => number | undefined;
  readonly test: (value: number) => boolean;
}

export interface CompiledLadder {
  readonly def: Ladder;
  readonly levels: readonly { readonly level: Level; readonly conditions: readonly CompiledCondition[] }[];
  readonly notCompletedWhen: readonly CompiledCondition[];
}

/** A policy checked and prepared for repeated use; build it with {@link compilePolicy}. */
export interface CompiledPolicy {
  readonly policy: Policy;
  readonly ladders: readonly CompiledLadder[];
  /** `<policy id>/` prefix for rule names. */
  readonly prefix: string;
}

const COMPARE: Record<Comparator, (v: number, t: number) => boolean> = {
  '>=': (v, t) => v >= t,
  '>': (v, t) => v > t,
  '<=': (v, t) => v <= t,
  '<': (v, t) => v < t,
  '==': (v, t) => v === t,
};

const cache = new WeakMap<Policy, CompiledPolicy>();

/**
 * Checks a policy and prepares it (metric readers, comparators, rule names). Results
 * are cached per policy object, so passing the same policy to `classify` many times
 * compiles it once.
 *
 * @throws PolicyDefinitionError when the data is inconsistent.
 */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const cached = cache.get(policy);
  if (cached) return cached;
  const problems = checkPolicy(policy);
  if (problems.length > 0) throw new PolicyDefinitionError(policy.id, problems);
  const prefix = `${policy.id}/`;
  const compiled: CompiledPolicy = {
    policy,
    prefix,
    ladders: policy.ladders.map((ladder) => ({
      def: ladder,
      levels: ladder.levels.map((l) => ({
        level: l.level,
        conditions: l.conditions.map((c) => compileCondition(c, `${prefix}${ladder.id}/`)),
      })),
      notCompletedWhen: ladder.notCompletedWhen.map((c) => compileCondition(c, `${prefix}${ladder.id}/`)),
    })),
  };
  cache.set(policy, compiled);
  return compiled;
}

function compileCondition(def: Condition, prefix: string): CompiledCondition {
  const compare = COMPARE[def.op];
  const threshold = def.threshold;
  let read: (m: Metrics) => number | undefined;
  let operandName: string;
  if ('metric' in def.operand) {
    const name = def.operand.metric;
    operandName = name;
    read = (m) => m[name];
  } else {
    const num: MetricName = `total.${def.operand.ratio.numerator}`;
    const den: MetricName = `total.${def.operand.ratio.denominator}`;
    operandName = `${def.operand.ratio.numerator}/${def.operand.ratio.denominator}`;
    read = (m) => {
      const d = m[den];
      const n = m[num];
      return d === undefined || n === undefined || d === 0 ? undefined : n / d;
    };
  }
  return {
    def,
    rule: `${prefix}${def.id}`,
    operandName,
    expression: `${operandName} ${def.op} ${threshold}`,
    read,
    test: (v) => compare(v, threshold),
  };
}

const COUNT_FIELD_SET: ReadonlySet<string> = new Set(COUNT_FIELDS);

function checkPolicy(p: Policy): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const uniqueId = (id: string) => {
    if (ids.has(id)) problems.push(`duplicate rule id ${id}`);
    ids.add(id);
  };
  if (!p.id) problems.push('id is required');
  if (p.scope.length === 0) problems.push('scope is empty');
  for (const s of p.scope) {
    if (s.toYear !== undefined && s.toYear < s.fromYear) problems.push(`scope ${s.category}: toYear before fromYear`);
  }
  p.eligibility.forEach((e) => uniqueId(e.id));
  p.caps.forEach((c) => uniqueId(c.id));
  p.overrides.forEach((o) => uniqueId(o.id));
  if (!p.ladders.some((l) => l.appliesTo === 'everyone')) problems.push('needs a ladder that applies to everyone');
  for (const ladder of p.ladders) {
    uniqueId(`ladder:${ladder.id}`);
    let lastRank = -1;
    for (const l of ladder.levels) {
      const rank = LEVELS_BEST_FIRST.indexOf(l.level);
      if (rank <= lastRank) problems.push(`ladder ${ladder.id}: levels must be best first without repeats`);
      lastRank = rank;
      if (l.conditions.length === 0) problems.push(`ladder ${ladder.id}: ${l.level} has no condition`);
    }
    const conditions = [...ladder.levels.flatMap((l) => l.conditions), ...ladder.notCompletedWhen];
    for (const c of conditions) {
      uniqueId(`${ladder.id}/${c.id}`);
      if (!(c.op in COMPARE)) problems.push(`${c.id}: unknown comparator ${String(c.op)}`);
      if (!Number.isFinite(c.threshold)) problems.push(`${c.id}: threshold must be a finite number`);
      if ('metric' in c.operand) {
        if (!METRIC_NAMES.has(c.operand.metric)) problems.push(`${c.id}: unknown metric ${c.operand.metric}`);
        const usesScore = c.operand.metric === 'score' || c.operand.metric === 'taskResultsScore';
        if (usesScore && !p.scoring) problems.push(`${c.id}: ${c.operand.metric} needs a scoring section`);
      } else {
        const { numerator, denominator } = c.operand.ratio;
        if (!COUNT_FIELD_SET.has(numerator) || !COUNT_FIELD_SET.has(denominator)) {
          problems.push(`${c.id}: ratio of unknown fields ${numerator}/${denominator}`);
        }
      }
    }
  }
  const s = p.scoring;
  if (s) {
    const { quantity, quality, progress } = s.split.value;
    if (![quantity, quality, progress].every((x) => x >= 0) || Math.abs(quantity + quality + progress - 1) > 1e-9) {
      problems.push('scoring.split must be non-negative shares summing to 1');
    }
    for (const [name, v] of [
      ['qualityDeductionPerBelowReview', s.qualityDeductionPerBelowReview.value],
      ['progressDeductionPerDelay', s.progressDeductionPerDelay.value],
    ] as const) {
      if (!(v >= 0 && v <= 1)) problems.push(`scoring.${name} must be within 0..1`);
    }
    if (!(s.generalCriteriaMax.value >= 0 && s.taskResultsMax.value > 0)) problems.push('scoring maxima must be positive');
    if (!(Number.isInteger(s.scoreDecimals.value) && s.scoreDecimals.value >= 0)) problems.push('scoring.scoreDecimals must be a non-negative integer');
  }
  const q = p.quota;
  if (q) {
    if (!(q.share.value >= 0 && q.share.value <= 1)) problems.push('quota.share must be within 0..1');
    if (q.scopes.value.length === 0) problems.push('quota.scopes is empty');
    for (const k of q.dropOrder.value) if (!METRIC_NAMES.has(k.key)) problems.push(`quota.dropOrder: unknown metric ${k.key}`);
  }
  return problems;
}

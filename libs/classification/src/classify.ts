import { compilePolicy, type CompiledCondition, type CompiledLadder, type CompiledPolicy } from './compile.js';
import { ClassificationInputError } from './errors.js';
import type { ScoreSheetPeriod, StaffYearIndicators } from './indicators.js';
import { addCounts, baseMetrics, emptyTotals, sumLeave, validateIndicators, type Metrics, type Totals } from './metrics.js';
import type { LegalSource, Level, Outcome, Policy, PointsScoring } from './policy.types.js';
import { LEVELS_BEST_FIRST } from './policy.types.js';
import type { ClassificationResult, TraceEntry, TraceValue } from './result.types.js';

const ENGINE: LegalSource = { document: 'engine', provision: 'Classification engine', basis: 'interpretation' };

/** The lower (worse) of two levels. */
export function lowerLevel(a: Level, b: Level): Level {
  return LEVELS_BEST_FIRST.indexOf(a) >= LEVELS_BEST_FIRST.indexOf(b) ? a : b;
}

/**
 * Classifies one staff member for one year under a policy. Pure: same input, same
 * result, no clock, no I/O. The trace lists every rule evaluated, in order, with its
 * inputs, outcome and source.
 *
 * @throws ClassificationInputError when the indicators are malformed, outside the
 *   policy's scope, or lack an input the policy needs (e.g. the general-criteria score).
 */
export function classify(indicators: StaffYearIndicators, policy: Policy | CompiledPolicy): ClassificationResult {
  const compiled = 'ladders' in policy && 'prefix' in policy ? policy : compilePolicy(policy);
  return run(indicators, compiled);
}

/**
 * A classifier bound to one policy, compiled up front: the form to use for a whole
 * cycle or a benchmark.
 */
export function createClassifier(policy: Policy): (indicators: StaffYearIndicators) => ClassificationResult {
  const compiled = compilePolicy(policy);
  return (indicators) => run(indicators, compiled);
}

/** Classifies many staff under one policy (compiled once). */
export function classifyMany(all: readonly StaffYearIndicators[], policy: Policy): ClassificationResult[] {
  const classifyOne = createClassifier(policy);
  return all.map(classifyOne);
}

function run(ind: StaffYearIndicators, cp: CompiledPolicy): ClassificationResult {
  const { policy, prefix } = cp;
  const errors = validateIndicators(ind);
  if (errors.length > 0) throw new ClassificationInputError('classification.invalid_indicators', 'Indicators are malformed', errors);

  const trace: TraceEntry[] = [];
  const push = (e: TraceEntry) => trace.push(e);
  push({
    rule: `${prefix}policy`,
    kind: 'policy',
    inputs: { policyId: policy.id, version: policy.version, overlays: policy.overlays.join(',') || null },
    outcome: 'info',
    source: { document: policy.title, provision: 'Policy applied', basis: 'legal_text' },
  });

  const scope = policy.scope.find(
    (s) => s.category === ind.category && ind.year >= s.fromYear && (s.toYear === undefined || ind.year <= s.toYear),
  );
  if (!scope) {
    throw new ClassificationInputError(
      'classification.out_of_scope',
      `Policy ${policy.id} does not cover ${ind.category} in ${ind.year}`,
      [{ field: 'category', message: `not covered in ${ind.year}` }],
    );
  }
  push({
    rule: `${prefix}scope/${scope.category}`,
    kind: 'scope',
    inputs: { category: ind.category, year: ind.year, fromYear: scope.fromYear, toYear: scope.toYear ?? null },
    outcome: 'pass',
    source: scope.source,
  });

  const totals = emptyTotals();
  for (const p of ind.periods) addCounts(totals, p);
  const metrics = baseMetrics(ind, totals);
  const done = (level: Outcome, score?: number): ClassificationResult => {
    push({
      rule: `${prefix}result`,
      kind: 'result',
      inputs: { level, score: score ?? null },
      outcome: 'info',
      source: ENGINE,
    });
    return {
      staffId: ind.staffId,
      unitId: ind.unitId,
      taskGroup: ind.taskGroup,
      category: ind.category,
      isLeader: ind.isLeader,
      year: ind.year,
      policyId: policy.id,
      policyVersion: policy.version,
      level,
      ...(score === undefined ? {} : { score }),
      metrics,
      trace,
    };
  };

  for (const rule of policy.eligibility) {
    const rulename = `${prefix}${rule.id}`;
    if (rule.kind === 'min_months_worked') {
      let credited = 0;
      for (const k of rule.creditedLeaveKinds) credited += ind.leaveMonths[k] ?? 0;
      const counted = ind.monthsWorked + credited;
      const ok = counted >= rule.minMonths;
      push({
        rule: rulename,
        kind: 'eligibility',
        inputs: {
          monthsWorked: ind.monthsWorked,
          creditedLeaveMonths: credited,
          creditedLeaveKinds: rule.creditedLeaveKinds.join(',') || null,
          minMonths: rule.minMonths,
        },
        outcome: ok ? 'pass' : 'fail',
        ...(ok ? {} : { effect: 'not classified' }),
        source: rule.source,
      });
      if (!ok) return done('not_classified');
    } else {
      const ok = totals.assigned > 0;
      push({
        rule: rulename,
        kind: 'eligibility',
        inputs: { assigned: totals.assigned },
        outcome: ok ? 'pass' : 'fail',
        ...(ok ? {} : { effect: 'not classified' }),
        source: rule.source,
      });
      if (!ok) return done('not_classified');
    }
  }

  let score: number | undefined;
  if (policy.scoring) score = scorePoints(ind, policy.scoring, metrics, prefix, push);

  let level: Level | undefined;
  for (const ladder of cp.ladders) {
    if (ladder.def.appliesTo === 'leaders' && !ind.isLeader) {
      push({
        rule: `${prefix}${ladder.def.id}`,
        kind: 'ladder',
        inputs: { isLeader: false },
        outcome: 'not_applied',
        effect: 'leaders only',
        source: ladder.def.fallthrough,
      });
      continue;
    }
    if (ladder.def.appliesTo === 'leaders' && !hasAnyData(ladder, metrics)) {
      // Failing a leader for a unit record that was never gathered would put the blame on the wrong record.
      throw new ClassificationInputError(
        'classification.unit_results_missing',
        `A leader needs the unit results read by the ${ladder.def.id} ladder`,
        [{ field: 'unitResults', message: 'required for leaders' }],
      );
    }
    const ladderLevel = runLadder(ladder, metrics, prefix, push);
    const before = level;
    level = level === undefined ? ladderLevel : lowerLevel(level, ladderLevel);
    if (before !== undefined) {
      push({
        rule: `${prefix}${ladder.def.id}/combine`,
        kind: 'ladder',
        inputs: { before, ladder: ladderLevel },
        outcome: 'info',
        effect: `the lower of the two: ${level}`,
        source: { ...ENGINE, provision: `${ladder.def.title}: the lower of the personal and the ${ladder.def.id} level` },
      });
    }
  }
  // checkPolicy guarantees a ladder for everyone.
  let current: Level = level as Level;

  for (const cap of policy.caps) {
    const absent = sumLeave(ind.leaveMonths, cap.exemptLeaveKinds);
    const hit = absent >= cap.fromMonths && absent < cap.belowMonths;
    const capped = hit ? lowerLevel(current, cap.atMost) : current;
    push({
      rule: `${prefix}${cap.id}`,
      kind: 'cap',
      inputs: {
        absentMonths: absent,
        exemptLeaveKinds: cap.exemptLeaveKinds.join(',') || null,
        fromMonths: cap.fromMonths,
        belowMonths: cap.belowMonths,
        levelBefore: current,
      },
      outcome: hit ? 'applied' : 'not_applied',
      ...(hit ? { effect: `level <= ${cap.atMost}: ${capped}` } : {}),
      source: cap.source,
    });
    current = capped;
  }

  for (const o of policy.overrides) {
    let hit: boolean;
    let inputs: Record<string, TraceValue>;
    if (o.kind === 'discipline') {
      const counted = new Set<string>();
      const countedBefore: string[] = [];
      for (const d of ind.disciplinaryDecisions) {
        if (o.requireReprimandOrAbove && !d.reprimandOrAbove) continue;
        if (o.requirePublicServiceViolation && !d.publicServiceViolation) continue;
        if (o.oncePerViolation && d.countedInEarlierYear) {
          countedBefore.push(d.countedInCycle ? `${d.violationId}@${d.countedInCycle}` : d.violationId);
          continue;
        }
        counted.add(d.violationId);
      }
      hit = counted.size > 0;
      inputs = {
        decisions: ind.disciplinaryDecisions.length,
        countedViolations: [...counted].sort().join(',') || null,
        ...(countedBefore.length > 0 && { countedInEarlierYear: countedBefore.sort().join(',') }),
        requireReprimandOrAbove: o.requireReprimandOrAbove,
        requirePublicServiceViolation: o.requirePublicServiceViolation,
        oncePerViolation: o.oncePerViolation,
      };
    } else if (o.leadersOnly && !ind.isLeader) {
      push({ rule: `${prefix}${o.id}`, kind: 'override', inputs: { isLeader: false }, outcome: 'not_applied', effect: 'leaders only', source: o.source });
      continue;
    } else {
      hit = ind[o.fact];
      const refs = ind.findingRefs?.[o.fact];
      inputs = { [o.fact]: hit, ...(refs?.length && { findings: refs.join(',') }) };
    }
    push({
      rule: `${prefix}${o.id}`,
      kind: 'override',
      inputs,
      outcome: hit ? 'applied' : 'not_applied',
      ...(hit ? { effect: 'not_completed' } : {}),
      source: o.source,
    });
    if (hit) current = 'not_completed';
  }

  return done(current, score);
}

function hasAnyData(ladder: CompiledLadder, metrics: Metrics): boolean {
  const all = [...ladder.levels.flatMap((l) => l.conditions), ...ladder.notCompletedWhen];
  return all.some((c) => c.read(metrics) !== undefined);
}

function runLadder(ladder: CompiledLadder, metrics: Metrics, prefix: string, push: (e: TraceEntry) => void): Level {
  for (const step of ladder.levels) {
    let all = true;
    // Every condition of the level is evaluated (no short-circuit), so the trace shows all that failed.
    for (const c of step.conditions) if (!evaluate(c, metrics, push, step.level)) all = false;
    if (all) return step.level;
  }
  let explicit = false;
  for (const c of ladder.notCompletedWhen) if (evaluate(c, metrics, push, 'not_completed')) explicit = true;
  if (!explicit) {
    push({
      rule: `${prefix}${ladder.def.id}/no-level-met`,
      kind: 'ladder',
      inputs: {},
      outcome: 'applied',
      effect: 'meets no level above not_completed: not_completed',
      source: ladder.def.fallthrough,
    });
  }
  return 'not_completed';
}

function evaluate(c: CompiledCondition, metrics: Metrics, push: (e: TraceEntry) => void, level: Level): boolean {
  const value = c.read(metrics);
  const ok = value !== undefined && c.test(value);
  push({
    rule: c.rule,
    kind: 'ladder',
    inputs: { [c.operandName]: value ?? null, threshold: c.def.threshold },
    outcome: value === undefined ? 'no_data' : ok ? 'pass' : 'fail',
    effect: `${level} needs ${c.expression}`,
    source: c.def.source,
  });
  return ok;
}

function roundHalfUp(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((x + Number.EPSILON) * f) / f;
}

/** Decree 335/2025-style points: general criteria + average of period task scores (x unit factor for leaders). */
function scorePoints(
  ind: StaffYearIndicators,
  s: PointsScoring,
  metrics: Metrics,
  prefix: string,
  push: (e: TraceEntry) => void,
): number {
  const rule = (id: string) => `${prefix}scoring/${id}`;
  const general = ind.generalCriteriaScore;
  if (general === undefined || !(general >= 0 && general <= s.generalCriteriaMax.value)) {
    throw new ClassificationInputError(
      'classification.general_criteria_missing',
      `The policy needs a general-criteria score within 0..${s.generalCriteriaMax.value}`,
      [{ field: 'generalCriteriaScore', message: `required, 0..${s.generalCriteriaMax.value}` }],
    );
  }
  const max = s.taskResultsMax.value;
  const { quantity, quality, progress } = s.split.value;
  const dq = s.qualityDeductionPerBelowReview.value;
  const dp = s.progressDeductionPerDelay.value;
  push({
    rule: rule('parameters'),
    kind: 'parameter',
    inputs: {
      generalCriteriaMax: s.generalCriteriaMax.value,
      taskResultsMax: max,
      period: s.period.value,
      quantityPoints: roundHalfUp(max * quantity, 4),
      qualityPoints: roundHalfUp(max * quality, 4),
      progressPoints: roundHalfUp(max * progress, 4),
      qualityDeductionPerBelowReview: dq,
      progressDeductionPerDelay: dp,
      qualityReading: s.qualityReading.value,
    },
    outcome: 'info',
    effect:
      'split of the task-result points between quantity, quality and progress is a policy parameter (not in the public sources)',
    source: s.split.source,
  });
  push({
    rule: rule('item-points'),
    kind: 'parameter',
    inputs: {},
    outcome: 'info',
    effect:
      'each assigned item carries an equal share of each part; a completed item earns its full quantity and ' +
      'progress share, less the deduction per unexcused delay (progress); items not completed earn nothing; ' +
      'deductions are floored at zero per period',
    source: s.qualityDeductionPerBelowReview.source,
  });
  const literal = s.qualityReading.value === 'share_meeting_requirements';
  push({
    rule: rule('quality-reading'),
    kind: 'parameter',
    inputs: { qualityReading: s.qualityReading.value, qualityDeductionPerBelowReview: dq },
    outcome: 'info',
    effect: literal
      ? 'quality points = share of the assigned items meeting the requirements (final review exceeded or met); an item finally ' +
        'judged below earns none; each unexcused failed assessment of an item reworked until it met them deducts ' +
        `${dq * 100}% of its quality share`
      : `quality points: every completed item earns its quality share less ${dq * 100}% per unexcused failed assessment ` +
        '(an item finally judged below keeps the rest)',
    source: s.qualityReading.source,
  });

  const sheets = ind.scoreSheets;
  const periodScores: number[] = sheets && sheets.length > 0 ? scoreFromSheets(sheets, s, rule, push) : scoreFromCounts(ind, s, rule, push, max, { quantity, quality, progress, dq, dp, literal });
  const average = periodScores.length === 0 ? 0 : periodScores.reduce((a, b) => a + b, 0) / periodScores.length;
  push({
    rule: rule('task-results-average'),
    kind: 'scoring',
    inputs: { periods: periodScores.length, averageTaskPoints: roundHalfUp(average, 4) },
    outcome: 'info',
    effect:
      'annual score = average of the period scores; the general criteria are scored once a year, so this equals ' +
      'general criteria + the average of the period task points',
    source: { ...s.taskResultsMax.source, provision: 'Annual score is the average of the period scores' },
  });

  let taskResults = average;
  const f = s.leaderUnitFactor;
  if (f && ind.isLeader) {
    const subs = ind.unitResults?.subordinateLevels;
    if (!subs) {
      throw new ClassificationInputError(
        'classification.unit_results_missing',
        'A leader needs the levels of their subordinates under this policy',
        [{ field: 'unitResults.subordinateLevels', message: 'required for leaders' }],
      );
    }
    const anyNot = subs.not_completed > 0;
    const factor = anyNot ? f.anySubordinateNotCompleted : f.allSubordinatesAtLeastCompleted;
    taskResults = average * factor.value;
    push({
      rule: rule('leader-unit-factor'),
      kind: 'scoring',
      inputs: {
        subordinates: subs.excellent + subs.good + subs.completed + subs.not_completed,
        subordinatesNotCompleted: subs.not_completed,
        factor: factor.value,
        taskPointsBefore: roundHalfUp(average, 4),
        taskPointsAfter: roundHalfUp(taskResults, 4),
      },
      outcome: 'applied',
      effect: `interpretation: ${f.appliesTo.source.provision}`,
      source: factor.source,
    });
  } else if (f) {
    push({
      rule: rule('leader-unit-factor'),
      kind: 'scoring',
      inputs: { isLeader: false },
      outcome: 'not_applied',
      effect: 'leaders only',
      source: f.allSubordinatesAtLeastCompleted.source,
    });
  }

  const score = roundHalfUp(general + taskResults, s.scoreDecimals.value);
  metrics.generalCriteriaScore = general;
  metrics.taskResultsScore = roundHalfUp(taskResults, s.scoreDecimals.value);
  metrics.score = score;
  push({
    rule: rule('score'),
    kind: 'scoring',
    inputs: { generalCriteria: general, taskResults: roundHalfUp(taskResults, 4), score, decimals: s.scoreDecimals.value },
    outcome: 'info',
    effect: 'score = general criteria + task results, rounded half up',
    source: s.scoreDecimals.source,
  });
  return score;
}

/** The count-based task points (every item weighs the same): the fallback for cycles without a product catalogue. */
function scoreFromCounts(
  ind: StaffYearIndicators,
  s: PointsScoring,
  rule: (id: string) => string,
  push: (e: TraceEntry) => void,
  max: number,
  k: { quantity: number; quality: number; progress: number; dq: number; dp: number; literal: boolean },
): number[] {
  const { quantity, quality, progress, dq, dp, literal } = k;
  const periodScores: number[] = [];
  push({
    rule: rule('task-source'),
    kind: 'parameter',
    inputs: { source: 'assignment_counts' },
    outcome: 'info',
    effect: 'no period score sheets for this person in the year (no product catalogue): task points from the counts of assignments, each weighing the same (documented fallback)',
    source: s.taskResultsMax.source,
  });
  const byPeriod = new Map<number, Totals>();
  const months = new Map<number, number[]>();
  for (const p of ind.periods) {
    const key = s.period.value === 'quarter' ? Math.ceil(p.month / 3) : p.month;
    months.set(key, [...(months.get(key) ?? []), p.month]);
    let t = byPeriod.get(key);
    if (!t) byPeriod.set(key, (t = emptyTotals()));
    addCounts(t, p);
  }
  for (const key of [...byPeriod.keys()].sort((a, b) => a - b)) {
    const t = byPeriod.get(key) as Totals;
    const name = `${s.period.value === 'quarter' ? 'Q' : 'M'}${key}`;
    if (t.assigned === 0) {
      push({
        rule: rule(`period/${name}`),
        kind: 'scoring',
        inputs: { period: name, assigned: 0, delays: t.late, delaysWithObjectiveCause: t.delaysWithObjectiveCause },
        outcome: 'not_applied',
        effect:
          t.late > 0
            ? 'no assigned work due in the period: left out of the average; the delays charged here (deadlines that passed in this person\'s hands on work now counted for another holder) have no item of theirs to deduct from'
            : 'no assigned work: left out of the average',
        source: s.periodsWithoutAssignedWork.source,
      });
      continue;
    }
    const unexcusedBelow = t.qualityBelow - t.belowWithObjectiveCause;
    const unexcusedDelays = t.late - t.delaysWithObjectiveCause;
    const qty = (max * quantity * t.completed) / t.assigned;
    const meeting = t.qualityExceeded + t.qualityMet;
    // Literal reading: failed assessments beyond the items that never met the requirements were on reworked items.
    const qualityUnits = literal
      ? Math.max(0, meeting - dq * Math.max(0, unexcusedBelow - (t.completed - meeting)))
      : Math.max(0, t.completed - dq * unexcusedBelow);
    const ql = (max * quality * qualityUnits) / t.assigned;
    const pr = (max * progress * Math.max(0, t.completed - dp * unexcusedDelays)) / t.assigned;
    const total = qty + ql + pr;
    periodScores.push(total);
    push({
      rule: rule(`period/${name}`),
      kind: 'scoring',
      inputs: {
        period: name,
        assigned: t.assigned,
        completed: t.completed,
        meetingRequirements: t.qualityExceeded + t.qualityMet,
        belowReviews: t.qualityBelow,
        belowWithObjectiveCause: t.belowWithObjectiveCause,
        delays: t.late,
        delaysWithObjectiveCause: t.delaysWithObjectiveCause,
        ...findingInputs(ind, months.get(key) ?? []),
        quantityPoints: roundHalfUp(qty, 4),
        qualityPoints: roundHalfUp(ql, 4),
        progressPoints: roundHalfUp(pr, 4),
        taskPoints: roundHalfUp(total, 4),
      },
      outcome: 'info',
      source: s.taskResultsMax.source,
    });
  }
  return periodScores;
}

/**
 * Task points from the period score sheets (issue 14): each confirmed period's task
 * points as the manager confirmed (and revised) them; unconfirmed periods are listed in
 * the trace and left out of the average, or are an input error when the policy
 * requires every period confirmed.
 */
function scoreFromSheets(
  sheets: readonly ScoreSheetPeriod[],
  s: PointsScoring,
  rule: (id: string) => string,
  push: (e: TraceEntry) => void,
): number[] {
  const mode = s.unconfirmedSheets?.value ?? 'average_confirmed';
  const unconfirmed = sheets.filter((p) => !p.confirmed).map((p) => p.period).sort();
  // With no confirmed period at all there is nothing to average: an input error, not 0 task points (interpretation).
  if (unconfirmed.length > 0 && (mode === 'all_required' || unconfirmed.length === sheets.length)) {
    throw new ClassificationInputError('classification.periods_unconfirmed', `${mode === 'all_required' ? 'The policy needs every period confirmed' : 'No period of the year is confirmed yet'}; unconfirmed: ${unconfirmed.join(', ')}`, [
      { field: 'scoreSheets', message: `unconfirmed periods: ${unconfirmed.join(', ')}` },
    ]);
  }
  push({
    rule: rule('task-source'),
    kind: 'parameter',
    inputs: { source: 'score_sheets', periods: sheets.length, unconfirmed: unconfirmed.join(', '), mode },
    outcome: 'info',
    effect:
      'task points from the period score sheets (products converted by the catalogue in force in each period, 25% deductions per product, confirmed by the manager); ' +
      (unconfirmed.length ? `unconfirmed periods left out of the average: ${unconfirmed.join(', ')}` : 'every period confirmed'),
    source: s.unconfirmedSheets?.source ?? s.taskResultsMax.source,
  });
  const scores: number[] = [];
  for (const p of [...sheets].sort((a, b) => a.period.localeCompare(b.period))) {
    // Codes in byte order: the read side's JSON may come back in any key order, and the trace feeds the proposal's fingerprint.
    const products = Object.keys(p.products).sort().map((code) => `${code}=${roundHalfUp(p.products[code] as number, 4)}`).join(' ');
    const counted = p.confirmed && p.taskPoints !== null;
    if (counted) scores.push(p.taskPoints as number);
    push({
      rule: rule(`sheet/${p.period}`),
      kind: 'scoring',
      inputs: {
        period: p.period,
        confirmed: p.confirmed,
        plannedUnits: p.plannedUnits,
        deliveredUnits: p.deliveredUnits,
        qualityDeductions: p.qualityDeductions,
        progressDeductions: p.progressDeductions,
        adjustmentPoints: p.adjustmentPoints,
        products,
        taskPoints: p.taskPoints,
      },
      outcome: counted ? 'info' : 'not_applied',
      effect: counted ? 'confirmed period: its task points count in the average' : p.confirmed ? 'nothing planned in the period: left out of the average' : 'not confirmed: left out of the average',
      source: s.taskResultsMax.source,
    });
  }
  return scores;
}

/** The findings behind a period's excused delays and failed reviews, as trace inputs (issue 15). */
function findingInputs(ind: StaffYearIndicators, months: readonly number[]): Record<string, string> {
  const pick = (byMonth: Readonly<Record<number, readonly string[]>> | undefined) => [...new Set(months.flatMap((m) => byMonth?.[m] ?? []))].sort().join(',');
  const delays = pick(ind.findingRefs?.delaysWithObjectiveCause);
  const below = pick(ind.findingRefs?.belowWithObjectiveCause);
  return { ...(delays && { delaysObjectiveCauseFindings: delays }), ...(below && { belowObjectiveCauseFindings: below }) };
}

import { classify } from '../classify.js';
import { month, staff } from '../classification.fixtures.js';
import type { StaffYearIndicators, UnitResults } from '../indicators.js';
import { applyQuota } from '../quota.js';
import { vnDecree90of2020, vnDecree90of2020as48of2023 as policy } from './vn-decree-90-2020-48-2023.policy.js';

const SRC = 'Decree 90/2020 (48/2023)';
const P = 'vn-decree-90-2020-48-2023';

/** 10 items in one month: `onTime` of them on time with quality, `exceeded` of those exceeded. */
const record = (onTime: number, exceeded = 0, extra: Partial<StaffYearIndicators> = {}) =>
  staff({
    year: 2024,
    generalCriteriaScore: undefined,
    periods: [month(1, { assigned: 10, completed: 10, completedOnTime: onTime, onTimeMeetingQuality: onTime, qualityExceeded: exceeded })],
    ...extra,
  });

const outcomeOf = (i: StaffYearIndicators, rule: string) => classify(i, policy).trace.find((e) => e.rule === `${P}/${rule}`)?.outcome;

describe(`${SRC}: individual ladder`, () => {
  const cases: [string, number, number, string][] = [
    ['excellent: 100% on time with quality, 50% exceeded (at)', 10, 5, 'excellent'],
    ['excellent: just below 50% exceeded (40%) is good', 10, 4, 'good'],
    ['excellent: just above 50% exceeded (60%)', 10, 6, 'excellent'],
    ['good: 100% on time with quality (at)', 10, 0, 'good'],
    ['good: just below 100% (90%) is completed, even with 50% exceeded', 9, 5, 'completed'],
    ['completed: 20% short (at)', 8, 0, 'completed'],
    ['completed: just above 20% short (30%) meets no level', 7, 0, 'not_completed'],
    ['completed: just below 20% short (10%)', 9, 0, 'completed'],
    ['not_completed: 50% short (at) meets no level above not_completed', 5, 0, 'not_completed'],
    ['not_completed: just above 50% short (60%)', 4, 0, 'not_completed'],
    ['not_completed: just below 50% short (40%) meets no level above not_completed', 6, 0, 'not_completed'],
  ];
  it.each(cases)(`${SRC} %s`, (_name, onTime, exceeded, level) => {
    expect(classify(record(onTime, exceeded), policy).level).toBe(level);
  });

  it(`${SRC} more than 50% short is the explicit not_completed rule`, () => {
    expect(outcomeOf(record(4), 'individual/not-completed/short')).toBe('pass');
    expect(outcomeOf(record(4), 'individual/no-level-met')).toBeUndefined();
  });

  it(`${SRC} 20% to 50% short falls in the gap and the trace says so`, () => {
    expect(outcomeOf(record(5), 'individual/not-completed/short')).toBe('fail');
    expect(outcomeOf(record(5), 'individual/no-level-met')).toBe('applied');
  });

  it(`${SRC} every failed condition of a level is listed, not only the first`, () => {
    const r = classify(record(9, 0), policy);
    expect(r.trace.filter((e) => e.rule.startsWith(`${P}/individual/excellent/`)).map((e) => e.outcome)).toEqual(['fail', 'fail']);
  });

  it(`${SRC} the year's ratios sum all months`, () => {
    const i = record(10, 5, {
      periods: [
        month(1, { assigned: 4, qualityExceeded: 4 }),
        month(2, { assigned: 6, qualityExceeded: 1 }),
      ],
    });
    expect(classify(i, policy).metrics.exceededRatio).toBe(0.5);
    expect(classify(i, policy).level).toBe('excellent');
  });
});

describe(`${SRC}: time worked and absence`, () => {
  it.each([
    ['worked 6 months (at) is classified', 6, {}, 'good'],
    ['worked just under 6 months (5.9) is not classified', 5.9, {}, 'not_classified'],
    ['worked 5 months + 7 months maternity is classified (maternity excepted)', 5, { maternity: 7 }, 'good'],
    ['worked 5 months + 7 months sick is not classified', 5, { sick: 7 }, 'not_classified'],
  ] as const)(`${SRC} min months worked: %s`, (_name, monthsWorked, leaveMonths, level) => {
    expect(classify(record(10, 0, { monthsWorked, leaveMonths }), policy).level).toBe(level);
  });

  it.each([
    ['absent 3 months (at) is at most completed', 3, 'completed'],
    ['absent just under 3 months (2.9) is not capped', 2.9, 'excellent'],
    ['absent just under 6 months (5.9) is at most completed', 5.9, 'completed'],
    ['absent 6 months (just above the range) is not capped', 6, 'excellent'],
  ] as const)(`${SRC} absence cap: %s`, (_name, sick, level) => {
    const r = classify(record(10, 5, { monthsWorked: 12 - sick, leaveMonths: { sick } }), policy);
    expect(r.level).toBe(level);
  });

  it.each([
    ['4 months of maternity leave: classified on the time worked, not capped', { maternity: 4 }, 'excellent'],
    ['5.9 months of maternity leave: not capped', { maternity: 5.9 }, 'excellent'],
    ['4 months of maternity and 1 of sick leave: the sick month alone is under 3, not capped', { maternity: 4, sick: 1 }, 'excellent'],
    ['3 months of sick leave and 2 of maternity: capped by the sick months', { sick: 3, maternity: 2 }, 'completed'],
  ] as const)(`${SRC} art. 2(3) maternity is exempt from the absence cap: %s`, (_name, leaveMonths, level) => {
    const leave = Object.values(leaveMonths).reduce((a: number, b: number) => a + b, 0);
    const r = classify(record(10, 5, { monthsWorked: 12 - leave, leaveMonths }), policy);
    expect(r.level).toBe(level);
    expect(r.trace.find((e) => e.rule === `${P}/cap/absence-3-to-6-months`)?.inputs.exemptLeaveKinds).toBe('maternity');
  });

  it(`${SRC} absence cap never raises a lower level`, () => {
    expect(classify(record(4, 0, { monthsWorked: 8, leaveMonths: { study: 4 } }), policy).level).toBe('not_completed');
  });
});

describe(`${SRC}: overrides to not_completed`, () => {
  const decision = { form: 'reprimand', reprimandOrAbove: true, publicServiceViolation: false, violationId: 'v7' };

  it(`${SRC} disciplined in the year, whatever the violation`, () => {
    expect(classify(record(10, 5, { disciplinaryDecisions: [decision] }), policy).level).toBe('not_completed');
  });

  it(`${SRC} a violation counts in one year only`, () => {
    const again = { ...decision, countedInEarlierYear: true };
    expect(classify(record(10, 5, { disciplinaryDecisions: [again] }), policy).level).toBe('excellent');
  });

  it(`${SRC} two decisions on one violation count once`, () => {
    const r = classify(record(10, 5, { disciplinaryDecisions: [decision, { ...decision, form: 'warning' }] }), policy);
    expect(r.trace.find((e) => e.rule === `${P}/override/discipline`)?.inputs.countedViolations).toBe('v7');
  });

  it(`${SRC} concluded degradation`, () => {
    expect(classify(record(10, 5, { degradationConcluded: true }), policy).level).toBe('not_completed');
  });
});

describe(`${SRC}: leaders by unit results (the lower of personal and unit level)`, () => {
  const leader = (unitResults: UnitResults) => record(10, 5, { isLeader: true, unitResults });
  const none = { excellent: 0, good: 0, completed: 0, not_completed: 0 };
  const all = (u: Partial<UnitResults>): UnitResults => ({ targetsMetRatio: 1, targetsExceededRatio: 0.5, onTimeWithQualityRatio: 1, directUnitLevels: none, ...u });
  const cases: [string, UnitResults, string][] = [
    ['excellent: all targets met, 50% exceeded (at), no unit under direct management', all({}), 'excellent'],
    ['excellent: just below 50% exceeded (49%) is good', all({ targetsExceededRatio: 0.49 }), 'good'],
    ['excellent: not all targets met (99%) is completed (good needs all targets too)', all({ targetsMetRatio: 0.99, targetsExceededRatio: 0.9 }), 'completed'],
    ['excellent: direct units all at least completed, 70% good or better (at)', all({ directUnitLevels: { ...none, good: 7, completed: 3 } }), 'excellent'],
    ['excellent: direct units 60% good or better is good', all({ directUnitLevels: { ...none, good: 6, completed: 4 } }), 'good'],
    ['excellent: one direct unit not completed is good', all({ directUnitLevels: { ...none, excellent: 9, not_completed: 1 } }), 'good'],
    ['excellent: direct units not rated (no data) is good', { targetsMetRatio: 1, targetsExceededRatio: 0.5, onTimeWithQualityRatio: 1 }, 'good'],
    ['good: all targets met, 80% on time with quality (at)', all({ targetsExceededRatio: 0, onTimeWithQualityRatio: 0.8 }), 'good'],
    ['good: 80% on time with quality but not all targets met is completed', { targetsMetRatio: 0.9, onTimeWithQualityRatio: 0.8 }, 'completed'],
    ['good: just below 80% (79%) is completed', all({ targetsExceededRatio: 0, onTimeWithQualityRatio: 0.79 }), 'completed'],
    ['completed: more than 70% of targets completed (71%)', { targetsMetRatio: 0.71, onTimeWithQualityRatio: 0.2 }, 'completed'],
    ['completed: 70% of targets (at) is not more than 70%: no level', { targetsMetRatio: 0.7, onTimeWithQualityRatio: 0.7 }, 'not_completed'],
    ['completed: judged on targets completed, not on time with quality (95% on time with quality, 60% of targets)', { targetsMetRatio: 0.6, onTimeWithQualityRatio: 0.95 }, 'not_completed'],
    ['not_completed: 50% of targets (at) meets no level', { targetsMetRatio: 0.5 }, 'not_completed'],
    ['not_completed: just under 50% (49%)', { targetsMetRatio: 0.49 }, 'not_completed'],
  ];
  it.each(cases)(`${SRC} unit %s`, (_name, unitResults, level) => {
    expect(classify(leader(unitResults), policy).level).toBe(level);
  });

  it(`${SRC} under 50% of targets is the explicit unit rule; the 50-70% gap is an interpretation; missing data shows as no_data`, () => {
    expect(outcomeOf(leader({ targetsMetRatio: 0.49 }), 'unit/unit-not-completed/targets-met')).toBe('pass');
    const gap = classify(leader({ targetsMetRatio: 0.6 }), policy).trace.find((e) => e.rule === `${P}/unit/no-level-met`);
    expect(gap?.source.basis).toBe('interpretation');
    expect(outcomeOf(leader({ onTimeWithQualityRatio: 0.95 }), 'unit/unit-excellent/targets-met')).toBe('no_data');
  });

  it(`${SRC} a leader with no unit results at all is an input error, not a not_completed`, () => {
    expect(() => classify(leader({}), policy)).toThrow(/unit results/);
    expect(() => classify(record(10, 5, { isLeader: true }), policy)).toThrow(/unit results/);
  });

  it(`${SRC} the personal level still bounds a leader with an excellent unit`, () => {
    const r = classify(record(9, 0, { isLeader: true, unitResults: all({ targetsExceededRatio: 1 }) }), policy);
    expect(r.level).toBe('completed');
    expect(r.trace.find((e) => e.rule === `${P}/unit/combine`)?.inputs).toEqual({ before: 'completed', ladder: 'excellent' });
  });

  it(`${SRC} the unit ladder does not run for staff who are not leaders`, () => {
    expect(outcomeOf(record(10, 5), 'unit')).toBe('not_applied');
  });
});

describe(`${SRC}: scope`, () => {
  it.each([
    ['civil servants in 2022 (before Decree 48/2023)', 'civil_servant', 2022, false],
    ['civil servants in 2023', 'civil_servant', 2023, true],
    ['civil servants in 2025', 'civil_servant', 2025, true],
    ['civil servants in 2026 (Decree 335/2025 takes over)', 'civil_servant', 2026, false],
    ['public employees in 2030 (until replaced)', 'public_employee', 2030, true],
    ['cadres in 2019', 'cadre', 2019, false],
  ] as const)(`${SRC} covers %s: %s`, (_name, category, year, covered) => {
    const run = () => classify(record(10, 0, { category, year }), policy);
    if (covered) expect(run().level).toBe('good');
    else expect(run).toThrow(/does not cover/);
  });

  it(`${SRC} has no score`, () => {
    expect(classify(record(10, 0), policy).score).toBeUndefined();
  });
});

describe('Decree 48/2023 applies from 2023-09-15: the policy is split by effective date', () => {
  const y = (year: number, extra: Partial<StaffYearIndicators> = {}) => record(10, 5, { year, ...extra });

  it('2020 to 2022 are classified under the original Decree 90/2020, 2023 on under 48/2023', () => {
    expect(classify(y(2022), vnDecree90of2020).policyId).toBe('vn-decree-90-2020');
    expect(() => classify(y(2023), vnDecree90of2020)).toThrow(/does not cover/);
    expect(() => classify(y(2022), policy)).toThrow(/does not cover/);
  });

  it('no excellent quota before 48/2023; from 2023 the quota follows the Party rate it refers to', () => {
    const six = ['a', 'b', 'c', 'd', 'e', 'f'];
    const before = applyQuota(six.map((id) => classify(y(2022, { staffId: id }), vnDecree90of2020)), vnDecree90of2020);
    expect(before.map((r) => r.level)).toEqual(six.map(() => 'excellent'));
    expect(policy.quota?.share.source.document).toMatch(/Party guidance/);
    expect(policy.quota?.share.source.document).not.toMatch(/Decree 90/);
    const goods = ['g1', 'g2', 'g3', 'g4', 'g5'].map((id) => classify(record(10, 0, { staffId: id, year: 2023 }), policy));
    const after = applyQuota([...six.map((id) => classify(y(2023, { staffId: id }), policy)), ...goods], policy);
    expect(after.filter((r) => r.level === 'excellent')).toHaveLength(1);
  });

  it('before 48/2023 a decision counted in an earlier year is not exempt (the once-per-violation rule came with 48/2023)', () => {
    const again = { form: 'reprimand', reprimandOrAbove: true, publicServiceViolation: true, violationId: 'v7', countedInEarlierYear: true };
    expect(classify(y(2022, { disciplinaryDecisions: [again] }), vnDecree90of2020).level).toBe('not_completed');
    expect(classify(y(2023, { disciplinaryDecisions: [again] }), policy).level).toBe('excellent');
  });

  it('the 20-50 % gap is labelled an interpretation, not the legal text', () => {
    const entry = classify(record(5), policy).trace.find((e) => e.rule === `${P}/individual/no-level-met`);
    expect(entry?.source.basis).toBe('interpretation');
  });
});

import { classify } from '../classify.js';
import { month, staff } from '../classification.fixtures.js';
import { ClassificationInputError } from '../errors.js';
import type { StaffYearIndicators } from '../indicators.js';
import type { Policy } from '../policy.types.js';
import { vnDecree335of2025 as policy } from './vn-decree-335-2025.policy.js';

const SRC = 'Decree 335/2025';
const P = 'vn-decree-335-2025';
const ruleIds = (i: StaffYearIndicators, p: Policy = policy) => classify(i, p).trace.map((e) => e.rule);

describe(`${SRC}: score thresholds`, () => {
  // One month, 10 assigned: task points = 70 x completed / 10; the general criteria tune the total.
  const cases: [string, number, number, string][] = [
    ['excellent at 90', 20, 10, 'excellent'],
    ['good just below 90 (89.99)', 19.99, 10, 'good'],
    ['excellent just above 90 (90.01)', 20.01, 10, 'excellent'],
    ['good at 70', 0, 10, 'good'],
    ['good just above 70 (70.01)', 0.01, 10, 'good'],
    ['completed at 50', 15, 5, 'completed'],
    ['not_completed just below 50 (49.99)', 14.99, 5, 'not_completed'],
    ['completed just above 50 (50.01)', 15.01, 5, 'completed'],
  ];
  it.each(cases)(`${SRC} thresholds: %s`, (_name, general, completed, level) => {
    const r = classify(staff({ generalCriteriaScore: general, periods: [month(1, { completed })] }), policy);
    expect(r.level).toBe(level);
    expect(r.score).toBeCloseTo(general + 7 * completed, 2);
  });

  it(`${SRC} thresholds: completed just below 70 (69.99)`, () => {
    const below = classify(staff({ generalCriteriaScore: 29.99, periods: [month(1, { assigned: 7, completed: 4 })] }), policy);
    expect(below.score).toBe(69.99);
    expect(below.level).toBe('completed');
  });

  it(`${SRC} thresholds: not_completed names the explicit rule, with its source`, () => {
    const r = classify(staff({ generalCriteriaScore: 0, periods: [month(1, { completed: 1 })] }), policy);
    expect(r.level).toBe('not_completed');
    const entry = r.trace.find((e) => e.rule === 'vn-decree-335-2025/individual/score-not-completed');
    expect(entry).toMatchObject({ outcome: 'pass', inputs: { score: 7, threshold: 50 } });
    expect(entry?.source.document).toBe('Decree 335/2025/ND-CP');
  });
});

describe(`${SRC}: task results`, () => {
  const taskPoints = (i: StaffYearIndicators) => classify(i, policy).metrics.taskResultsScore;

  it(`${SRC} quality: each unexcused below-quality review deducts 25% of the item's quality points`, () => {
    // 4 items: quantity 70/3, progress 70/3, quality 70/3 x (4 - 0.25) / 4
    expect(taskPoints(staff({ periods: [month(1, { assigned: 4, qualityBelow: 1 })] }))).toBeCloseTo(
      (70 / 3) * 2 + (70 / 3) * (3.75 / 4),
      2,
    );
  });

  it(`${SRC} art. 14 quality (literal reading, the default): an item finally judged below earns no quality points`, () => {
    // 4 items, 3 met, 1 finally below: quality 70/3 x 3/4 (not 3.75/4).
    const i = staff({ periods: [month(1, { assigned: 4, qualityMet: 3, qualityBelow: 1 })] });
    expect(taskPoints(i)).toBeCloseTo((70 / 3) * 2 + (70 / 3) * (3 / 4), 2);
    const reading = classify(i, policy).trace.find((e) => e.rule === `${P}/scoring/quality-reading`);
    expect(reading).toMatchObject({ kind: 'parameter', inputs: { qualityReading: 'share_meeting_requirements' } });
    expect(reading?.effect).toMatch(/finally judged below earns none/);
  });

  it(`${SRC} art. 14 quality, the other reading as a parameter: an item finally judged below keeps 75%`, () => {
    const other = { ...policy, id: 'p-other', scoring: { ...policy.scoring!, qualityReading: { ...policy.scoring!.qualityReading, value: 'deduction_per_below_review' as const } } };
    const i = staff({ periods: [month(1, { assigned: 4, qualityMet: 3, qualityBelow: 1 })] });
    expect(classify(i, other).metrics.taskResultsScore).toBeCloseTo((70 / 3) * 2 + (70 / 3) * (3.75 / 4), 2);
    expect(classify(i, other).trace.find((e) => e.rule === 'p-other/scoring/quality-reading')?.inputs.qualityReading).toBe('deduction_per_below_review');
  });

  it(`${SRC} quality: no deduction when an objective cause was confirmed`, () => {
    expect(taskPoints(staff({ periods: [month(1, { assigned: 4, qualityBelow: 1, belowWithObjectiveCause: 1 })] }))).toBe(70);
  });

  it(`${SRC} progress: each unexcused delay deducts 25% of the item's progress points`, () => {
    expect(taskPoints(staff({ periods: [month(1, { assigned: 4, late: 2, delaysWithObjectiveCause: 1 })] }))).toBeCloseTo(
      (70 / 3) * 2 + (70 / 3) * (3.75 / 4),
      2,
    );
  });

  it(`${SRC} deductions never take a period below zero`, () => {
    expect(taskPoints(staff({ periods: [month(1, { assigned: 1, qualityBelow: 9, late: 9 })] }))).toBeCloseTo(70 / 3, 2);
  });

  it(`${SRC} quantity: items not completed earn nothing`, () => {
    expect(taskPoints(staff({ periods: [month(1, { assigned: 4, completed: 3 })] }))).toBe(52.5);
  });

  it(`${SRC} annual score: the average of the monthly scores; months without assigned work left out`, () => {
    const r = classify(
      staff({ generalCriteriaScore: 20, periods: [month(1), month(2, { completed: 5 }), month(3, { assigned: 0 })] }),
      policy,
    );
    expect(r.score).toBe(20 + (70 + 35) / 2);
    expect(r.trace.find((e) => e.rule.endsWith('period/M3'))).toMatchObject({ outcome: 'not_applied' });
  });

  it(`${SRC} period parameter: quarterly scoring sums the months of a quarter first`, () => {
    const quarterly: Policy = {
      ...policy,
      scoring: { ...policy.scoring!, period: { ...policy.scoring!.period, value: 'quarter' } },
    };
    const periods = [month(1, { assigned: 1 }), month(2, { assigned: 9, completed: 0 })];
    expect(classify(staff({ generalCriteriaScore: 0, periods }), policy).score).toBe(35);
    expect(classify(staff({ generalCriteriaScore: 0, periods }), quarterly).score).toBe(7);
  });

  it(`${SRC} split parameter: shown in the trace as not public, default equal thirds`, () => {
    const r = classify(staff(), policy);
    const params = r.trace.find((e) => e.rule === 'vn-decree-335-2025/scoring/parameters');
    expect(params?.inputs).toMatchObject({ quantityPoints: 23.3333, qualityPoints: 23.3333, progressPoints: 23.3333 });
    expect(params?.source.basis).toBe('parameter_default');
  });

  it(`${SRC} split parameter: a different split changes the score`, () => {
    const qualityHeavy: Policy = {
      ...policy,
      scoring: { ...policy.scoring!, split: { ...policy.scoring!.split, value: { quantity: 0.2, quality: 0.6, progress: 0.2 } } },
    };
    const i = staff({ generalCriteriaScore: 0, periods: [month(1, { assigned: 4, qualityBelow: 4 })] });
    expect(classify(i, qualityHeavy).score).toBe(70 * 0.2 * 2 + 70 * 0.6 * 0.75);
  });
});

describe(`${SRC}: leaders' unit factor (applied to the task-results part)`, () => {
  const leader = (not_completed: number) =>
    staff({ isLeader: true, unitResults: { subordinateLevels: { excellent: 1, good: 3, completed: 2, not_completed } } });

  it(`${SRC} unit factor 100% when every subordinate is at least completed`, () => {
    expect(classify(leader(0), policy)).toMatchObject({ score: 100, level: 'excellent' });
  });

  it(`${SRC} unit factor 50% when one subordinate is not completed`, () => {
    const r = classify(leader(1), policy);
    expect(r).toMatchObject({ score: 65, level: 'completed' });
    expect(r.trace.find((e) => e.rule.endsWith('leader-unit-factor'))?.effect).toMatch(/task-results part/);
  });

  it(`${SRC} unit factor needs the subordinates' levels`, () => {
    expect(() => classify(staff({ isLeader: true }), policy)).toThrow(ClassificationInputError);
  });
});

describe(`${SRC}: overrides to not_completed`, () => {
  const decision = { form: 'reprimand', reprimandOrAbove: true, publicServiceViolation: true, violationId: 'v1' };

  it(`${SRC} discipline at reprimand or above for a public-service violation`, () => {
    expect(classify(staff({ disciplinaryDecisions: [decision] }), policy).level).toBe('not_completed');
  });

  it(`${SRC} discipline outside public service does not override`, () => {
    const d = { ...decision, publicServiceViolation: false };
    expect(classify(staff({ disciplinaryDecisions: [d] }), policy).level).toBe('excellent');
  });

  it(`${SRC} a measure below reprimand does not override`, () => {
    const d = { ...decision, form: 'other', reprimandOrAbove: false };
    expect(classify(staff({ disciplinaryDecisions: [d] }), policy).level).toBe('excellent');
  });

  it(`${SRC} concluded degradation`, () => {
    expect(classify(staff({ degradationConcluded: true }), policy).level).toBe('not_completed');
  });

  it(`${SRC} leaders: unit under direct charge handled for corruption or waste`, () => {
    const unitResults = { subordinateLevels: { excellent: 0, good: 1, completed: 0, not_completed: 0 } };
    const leader = staff({ isLeader: true, unitResults, unitHandledForCorruptionOrWaste: true });
    expect(classify(leader, policy).level).toBe('not_completed');
    const notLeader = classify(staff({ unitHandledForCorruptionOrWaste: true }), policy);
    expect(notLeader.level).toBe('excellent');
    expect(notLeader.trace.find((e) => e.rule.endsWith('override/unit-corruption-or-waste'))?.outcome).toBe('not_applied');
  });
});

describe(`${SRC}: scope, eligibility and input`, () => {
  it(`${SRC} scope: civil servants from 2026 only`, () => {
    expect(() => classify(staff({ year: 2025 }), policy)).toThrow(/does not cover civil_servant in 2025/);
    expect(() => classify(staff({ category: 'public_employee' }), policy)).toThrow(ClassificationInputError);
  });

  it('engine: not classified when no period had assigned work', () => {
    const r = classify(staff({ periods: [month(1, { assigned: 0 })] }), policy);
    expect(r.level).toBe('not_classified');
    expect(r.score).toBeUndefined();
  });

  it(`${SRC} general criteria are required (0..30)`, () => {
    expect(() => classify(staff({ generalCriteriaScore: undefined }), policy)).toThrow(/general-criteria/);
    expect(() => classify(staff({ generalCriteriaScore: 31 }), policy)).toThrow(ClassificationInputError);
  });

  it('engine: malformed counts are rejected with the field named', () => {
    const bad = staff({ periods: [{ ...month(1), completed: 11 }] });
    expect(() => classify(bad, policy)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'periods[0].completed' })] }),
    );
  });

  it('engine: every trace entry carries inputs and a source; the trace is stable', () => {
    const r = classify(staff({ generalCriteriaScore: 25 }), policy);
    for (const e of r.trace) {
      expect(e.source.document).toBeTruthy();
      expect(e.inputs).toBeDefined();
    }
    // 15 + 70 = 85: excellent fails, good holds, so completed is not evaluated.
    expect(ruleIds(staff({ generalCriteriaScore: 15 }))).toEqual([
      'vn-decree-335-2025/policy',
      'vn-decree-335-2025/scope/civil_servant',
      'vn-decree-335-2025/eligibility/assigned-work-recorded',
      'vn-decree-335-2025/scoring/parameters',
      'vn-decree-335-2025/scoring/item-points',
      'vn-decree-335-2025/scoring/quality-reading',
      'vn-decree-335-2025/scoring/task-source',
      'vn-decree-335-2025/scoring/period/M1',
      'vn-decree-335-2025/scoring/task-results-average',
      'vn-decree-335-2025/scoring/leader-unit-factor',
      'vn-decree-335-2025/scoring/score',
      'vn-decree-335-2025/individual/score-excellent',
      'vn-decree-335-2025/individual/score-good',
      'vn-decree-335-2025/override/discipline',
      'vn-decree-335-2025/override/degradation',
      'vn-decree-335-2025/override/unit-corruption-or-waste',
      'vn-decree-335-2025/result',
    ]);
  });
});

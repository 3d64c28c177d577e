import { classify } from './classify.js';
import { month, staff } from './classification.fixtures.js';
import { ClassificationInputError } from './errors.js';
import type { ScoreSheetPeriod } from './indicators.js';
import type { Policy } from './policy.types.js';
import { vnDecree335of2025 as policy } from './policies/vn-decree-335-2025.policy.js';

const sheet = (period: string, taskPoints: number | null, confirmed = true): ScoreSheetPeriod => ({
  period, confirmed, taskPoints, plannedUnits: 40, deliveredUnits: 36, qualityDeductions: 1, progressDeductions: 0, adjustmentPoints: 0,
  products: { 'MC-01': 24, 'ad-hoc': 12 },
});

describe('Decree 335/2025 from confirmed period score sheets (bottom-up)', () => {
  // The counts say 70 task points (all ten items done well); the sheets say otherwise and win.
  const counts = { periods: [month(1), month(2), month(3)], generalCriteriaScore: 20 };

  it('averages the confirmed periods\' task points, not the counts', () => {
    const r = classify(staff({ ...counts, scoreSheets: [sheet('2026-01', 60), sheet('2026-02', 50), sheet('2026-03', 40)] }), policy);
    expect(r.score).toBe(70); // 20 + (60 + 50 + 40) / 3
    expect(r.level).toBe('good');
    expect(r.trace.find((e) => e.rule.endsWith('scoring/task-source'))?.inputs).toMatchObject({ source: 'score_sheets', periods: 3 });
  });

  it('shows every period in the trace with its products and deductions', () => {
    const r = classify(staff({ ...counts, scoreSheets: [sheet('2026-02', 50), sheet('2026-01', 60)] }), policy);
    const months = r.trace.filter((e) => e.rule.includes('scoring/sheet/')).map((e) => e.rule.split('/').pop());
    expect(months).toEqual(['2026-01', '2026-02']);
    expect(r.trace.find((e) => e.rule.endsWith('sheet/2026-01'))?.inputs).toMatchObject({ products: 'MC-01=24 ad-hoc=12', qualityDeductions: 1, taskPoints: 60 });
  });

  it('leaves unconfirmed periods out of the average and lists them', () => {
    const r = classify(staff({ ...counts, scoreSheets: [sheet('2026-01', 60), sheet('2026-02', 10, false)] }), policy);
    expect(r.score).toBe(80); // 20 + 60; the draft's 10 does not count
    expect(r.trace.find((e) => e.rule.endsWith('scoring/task-source'))?.inputs).toMatchObject({ unconfirmed: '2026-02' });
    expect(r.trace.find((e) => e.rule.endsWith('sheet/2026-02'))).toMatchObject({ outcome: 'not_applied' });
  });

  it('is an input error when the policy requires every period confirmed', () => {
    const strict: Policy = { ...policy, scoring: { ...policy.scoring!, unconfirmedSheets: { value: 'all_required', source: policy.scoring!.unconfirmedSheets!.source } } };
    expect(() => classify(staff({ ...counts, scoreSheets: [sheet('2026-01', 60), sheet('2026-02', 10, false)] }), strict)).toThrow(ClassificationInputError);
    try {
      classify(staff({ ...counts, scoreSheets: [sheet('2026-02', 10, false)] }), strict);
    } catch (e) {
      expect((e as ClassificationInputError).code).toBe('classification.periods_unconfirmed');
    }
  });

  it('is an input error, not 0 task points, when none of the year\'s sheets is confirmed yet', () => {
    // Before: the average of no period was 0, so a person whose manager had not confirmed yet scored 20 and fell to the lowest level.
    let error: unknown;
    try {
      classify(staff({ ...counts, scoreSheets: [sheet('2026-01', 60, false), sheet('2026-02', 65, false)] }), policy);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClassificationInputError);
    expect((error as ClassificationInputError).code).toBe('classification.periods_unconfirmed');
  });

  it('falls back to the counts when the year has no sheets (no catalogue), and says so', () => {
    const r = classify(staff(counts), policy);
    expect(r.score).toBe(90);
    expect(r.trace.find((e) => e.rule.endsWith('scoring/task-source'))?.inputs).toMatchObject({ source: 'assignment_counts' });
  });
});

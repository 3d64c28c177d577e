import { classify } from './classify.js';
import { month, staff } from './classification.fixtures.js';
import { PolicyDefinitionError } from './errors.js';
import { applyOverlay } from './overlay.js';
import { vnDecree335of2025 } from './policies/vn-decree-335-2025.policy.js';
import { vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';
import type { LegalSource, PolicyOverlay } from './policy.types.js';

const local: LegalSource = {
  document: 'Decision 12/2026/QD-UBND (example province)',
  provision: 'Excellent also needs 100% of tasks done and 30% exceeded',
  basis: 'local_rule',
};

/** Stricter local rules as data: no code change needed to add them. */
const provinceOverlay: PolicyOverlay = {
  id: 'example-province-2026',
  title: 'Example province: stricter excellent',
  extends: ['vn-decree-335-2025', 'vn-decree-90-2020-48-2023'],
  conditions: {
    excellent: [
      { id: 'all-done', operand: { metric: 'completedRatio' }, op: '>=', threshold: 1, source: local },
      { id: 'exceeded', operand: { ratio: { numerator: 'qualityExceeded', denominator: 'assigned' } }, op: '>=', threshold: 0.3, source: local },
    ],
  },
};
const strict = applyOverlay(vnDecree335of2025, provinceOverlay);

describe('overlay: stricter local rules on top of a national policy', () => {
  it('keeps excellent when both national and local conditions hold (30% exceeded, at)', () => {
    const r = classify(staff({ periods: [month(1, { qualityExceeded: 3 })] }), strict);
    expect(r.level).toBe('excellent');
    expect(r.policyId).toBe('vn-decree-335-2025+example-province-2026');
  });

  it('drops to good just below 30% exceeded (20%), naming the local rule', () => {
    const r = classify(staff({ periods: [month(1, { qualityExceeded: 2 })] }), strict);
    expect(r.level).toBe('good');
    const failed = r.trace.find((e) => e.rule === `${strict.id}/individual/example-province-2026/exceeded`);
    expect(failed).toMatchObject({ outcome: 'fail', inputs: { 'qualityExceeded/assigned': 0.2, threshold: 0.3 } });
    expect(failed?.source.basis).toBe('local_rule');
  });

  it('drops to good when a task is not done although the score reaches 90 (93)', () => {
    const r = classify(staff({ periods: [month(1, { completed: 9, qualityExceeded: 5 })] }), strict);
    expect(r.score).toBe(93);
    expect(r.level).toBe('good');
    expect(classify(staff({ periods: [month(1, { completed: 9, qualityExceeded: 5 })] }), vnDecree335of2025).level).toBe('excellent');
  });

  it('leaves the base policy object untouched', () => {
    expect(vnDecree335of2025.ladders[0]!.levels[0]!.conditions).toHaveLength(1);
    expect(strict.overlays).toEqual(['example-province-2026']);
  });

  it('applies to the other national policy too', () => {
    const strict90 = applyOverlay(vnDecree90of2020as48of2023, provinceOverlay);
    const i = staff({ year: 2024, generalCriteriaScore: undefined, periods: [month(1, { qualityExceeded: 5 })] });
    expect(classify(i, strict90).level).toBe('excellent');
  });

  it('refuses an overlay for another policy, an unknown level, or applying twice', () => {
    expect(() => applyOverlay(vnDecree335of2025, { ...provinceOverlay, extends: ['other'] })).toThrow(PolicyDefinitionError);
    expect(() => applyOverlay(vnDecree335of2025, { ...provinceOverlay, ladderId: 'unit' })).toThrow(/no ladder unit/);
    expect(() => applyOverlay(strict, provinceOverlay)).toThrow(/already applied/);
  });

  it('refuses a condition on an unknown metric when the policy is used', () => {
    const bad = applyOverlay(vnDecree335of2025, {
      ...provinceOverlay,
      conditions: { good: [{ id: 'x', operand: { metric: 'nonsense' as 'score' }, op: '>=', threshold: 1, source: local }] },
    });
    expect(() => classify(staff(), bad)).toThrow(/unknown metric nonsense/);
  });
});

import { classifyMany, createClassifier } from './classify.js';
import { month, staff } from './classification.fixtures.js';
import { compilePolicy } from './compile.js';
import { PolicyDefinitionError } from './errors.js';
import { vnDecree335of2025 as policy } from './policies/vn-decree-335-2025.policy.js';
import type { Policy } from './policy.types.js';

describe('policy compilation', () => {
  it('compiles a policy once and reuses it', () => {
    expect(compilePolicy(policy)).toBe(compilePolicy(policy));
  });

  it.each([
    ['a split that does not sum to 1', { ...policy, scoring: { ...policy.scoring!, split: { ...policy.scoring!.split, value: { quantity: 0.5, quality: 0.5, progress: 0.5 } } } }, /split/],
    ['a duplicate rule id', { ...policy, overrides: [...policy.overrides, policy.overrides[0]!] }, /duplicate rule id/],
    ['a score ladder without scoring', { ...policy, scoring: undefined }, /needs a scoring section/],
    ['a quota share above 1', { ...policy, quota: { ...policy.quota!, share: { ...policy.quota!.share, value: 2 } } }, /quota.share/],
  ] as [string, Policy, RegExp][])('rejects %s', (_name, bad, message) => {
    expect(() => compilePolicy(bad)).toThrow(PolicyDefinitionError);
    expect(() => compilePolicy(bad)).toThrow(message);
  });

  it('classifies many staff with one compiled policy, same results as one by one', () => {
    const all = Array.from({ length: 500 }, (_, i) =>
      staff({ staffId: `s-${i}`, generalCriteriaScore: i % 31, periods: [month(1, { completed: i % 11 })] }),
    );
    const one = createClassifier(policy);
    expect(classifyMany(all, policy)).toEqual(all.map(one));
  });
});

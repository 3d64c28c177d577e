import { classify } from './classify.js';
import { month, staff } from './classification.fixtures.js';
import { vnDecree335of2025 as policy } from './policies/vn-decree-335-2025.policy.js';
import { vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';
import type { Policy } from './policy.types.js';
import { applyQuota } from './quota.js';
import type { ClassificationResult } from './result.types.js';

const SRC = 'Decree 335/2025 quota';

/** A classified result; general criteria tune the score (task results are 70). */
function rated(staffId: string, score: number, opts: { unitId?: string; taskGroup?: string; exceeded?: number } = {}) {
  return classify(
    staff({
      staffId,
      unitId: opts.unitId ?? 'u-1',
      taskGroup: opts.taskGroup ?? 'licensing',
      generalCriteriaScore: score - 70,
      periods: [month(1, { qualityExceeded: opts.exceeded ?? 0 })],
    }),
    policy,
  );
}
const goods = (n: number, opts: { unitId?: string; taskGroup?: string } = {}) =>
  Array.from({ length: n }, (_, i) => rated(`g-${opts.unitId ?? 'u-1'}-${opts.taskGroup ?? 'licensing'}-${i}`, 80, opts));
const levels = (rs: readonly ClassificationResult[]) => Object.fromEntries(rs.map((r) => [r.staffId, r.level]));

describe(SRC, () => {
  it(`${SRC}: excellent at most 20% of good: 10 good allow 2, the lowest score drops`, () => {
    const out = applyQuota([...goods(10), rated('a', 99), rated('b', 95), rated('c', 92)], policy);
    expect(levels(out)).toMatchObject({ a: 'excellent', b: 'excellent', c: 'good' });
    const entry = out.find((r) => r.staffId === 'c')!.trace.find((e) => e.kind === 'quota')!;
    expect(entry).toMatchObject({
      kind: 'quota',
      outcome: 'applied',
      effect: 'over the quota: excellent dropped to good',
      inputs: { good: 10, excellent: 3, allowed: 2, dropRank: 1, score: 92 },
    });
  });

  it(`${SRC}: the quota is floored (9 good allow 1.8 -> 1)`, () => {
    const out = applyQuota([...goods(9), rated('a', 99), rated('b', 95)], policy);
    expect(levels(out)).toMatchObject({ a: 'excellent', b: 'good' });
  });

  it(`${SRC}: exactly at the quota nobody drops (5 good allow 1)`, () => {
    const out = applyQuota([...goods(5), rated('a', 99)], policy);
    expect(levels(out)).toMatchObject({ a: 'excellent' });
    expect(out.find((r) => r.staffId === 'a')!.trace.filter((e) => e.kind === 'quota').map((e) => e.outcome)).toEqual([
      'not_applied',
      'not_applied',
    ]);
  });

  it(`${SRC}: with fewer than 5 rated good nobody stays excellent`, () => {
    expect(levels(applyQuota([...goods(4), rated('a', 99)], policy))).toMatchObject({ a: 'good' });
  });

  it(`${SRC}: ties on score: fewer items exceeded drops first`, () => {
    const out = applyQuota([...goods(5), rated('a', 95, { exceeded: 3 }), rated('b', 95, { exceeded: 2 })], policy);
    expect(levels(out)).toMatchObject({ a: 'excellent', b: 'good' });
  });

  it(`${SRC}: ties on score and exceeded: the lower staff id drops first`, () => {
    const out = applyQuota([...goods(5), rated('s-2', 95), rated('s-1', 95)], policy);
    expect(levels(out)).toMatchObject({ 's-1': 'good', 's-2': 'excellent' });
  });

  it(`${SRC}: each group of similar tasks has its own quota`, () => {
    const out = applyQuota(
      [
        ...goods(5, { taskGroup: 'licensing' }),
        rated('lic-a', 99, { taskGroup: 'licensing' }),
        rated('lic-b', 91, { taskGroup: 'licensing' }),
        ...goods(4, { taskGroup: 'inspection' }),
        rated('ins-a', 99, { taskGroup: 'inspection' }),
      ],
      policy,
    );
    // 9 good in the unit would allow 1 excellent overall; per group licensing allows 1, inspection 0.
    expect(levels(out)).toMatchObject({ 'lic-a': 'excellent', 'lic-b': 'good', 'ins-a': 'good' });
  });

  it(`${SRC}: units do not share a quota`, () => {
    const out = applyQuota([...goods(10, { unitId: 'u-1' }), rated('x', 99, { unitId: 'u-2' })], policy);
    expect(levels(out)).toMatchObject({ x: 'good' });
  });

  it(`${SRC}: the order of the input does not change the outcome`, () => {
    const input = [...goods(10), rated('a', 99), rated('b', 95), rated('c', 95), rated('d', 91)];
    const forward = levels(applyQuota(input, policy));
    expect(levels(applyQuota(input.slice().reverse(), policy))).toEqual(forward);
  });

  it(`${SRC}: the input is not mutated and other levels are untouched`, () => {
    const low = classify(staff({ staffId: 'low', generalCriteriaScore: 0, periods: [month(1, { completed: 6 })] }), policy);
    const input = [...goods(4), rated('a', 99), low];
    const before = JSON.stringify(input);
    const out = applyQuota(input, policy);
    expect(JSON.stringify(input)).toBe(before);
    expect(out.find((r) => r.staffId === 'low')).toBe(input.at(-1));
  });

  it('engine: results of another policy neither take part nor count', () => {
    const other = { ...rated('other', 99), policyId: vnDecree90of2020as48of2023.id };
    const out = applyQuota([...goods(5), rated('a', 99), other], policy);
    expect(levels(out)).toMatchObject({ a: 'excellent', other: 'excellent' });
    expect(out.at(-1)).toBe(other);
  });

  it('engine: the `final` base counts those dropped as good (14 good, 4 excellent keep 3)', () => {
    const final: Policy = { ...policy, quota: { ...policy.quota!, base: { ...policy.quota!.base, value: 'final' } } };
    const input = [...goods(14), rated('a', 99), rated('b', 98), rated('c', 97), rated('d', 96)];
    expect(levels(applyQuota(input, policy))).toMatchObject({ a: 'excellent', b: 'excellent', c: 'good', d: 'good' });
    const out = levels(applyQuota(input, final));
    expect(out).toMatchObject({ a: 'excellent', b: 'excellent', c: 'excellent', d: 'good' });
    // The published result holds the rule: 3 <= 20% of 15.
  });

  it('Decree 90/2020 quota: no score, the smallest share exceeded drops first', () => {
    const r90 = (id: string, exceeded: number) =>
      classify(
        staff({ staffId: id, year: 2024, generalCriteriaScore: undefined, periods: [month(1, { qualityExceeded: exceeded })] }),
        vnDecree90of2020as48of2023,
      );
    const out = applyQuota(
      [...Array.from({ length: 5 }, (_, i) => r90(`g${i}`, 0)), r90('a', 6), r90('b', 9)],
      vnDecree90of2020as48of2023,
    );
    expect(levels(out)).toMatchObject({ a: 'good', b: 'excellent', g0: 'good' });
  });
});

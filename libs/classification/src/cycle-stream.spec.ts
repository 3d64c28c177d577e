import { month, staff } from './classification.fixtures.js';
import { classifyCycle, type CycleStaffInput, type CycleUnit, type LeaderPost } from './cycle.js';
import { createCycleRun, planCycleParts } from './cycle-stream.js';
import type { ScoreSheetPeriod } from './indicators.js';
import { vnDecree335of2025 } from './policies/vn-decree-335-2025.policy.js';
import { vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';
import type { TaskGroupDeclaration } from './quota.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sheet = (period: string, taskPoints: number | null, confirmed: boolean): ScoreSheetPeriod => ({
  period, confirmed, taskPoints, plannedUnits: 40, deliveredUnits: 36, qualityDeductions: 1, progressDeductions: 0, adjustmentPoints: 0, products: { 'MC-01': 24 },
});

/**
 * A province: prov > 4 departments > 3 teams each > 2 squads each, 4..12 people per unit,
 * a head (and sometimes deputies) per unit, some leaders leading a unit other than their
 * own (a department head seated in the province office, a deputy seated in a sibling
 * team), task groups declared in some units, confirmed and draft score sheets, findings,
 * discipline, missing general-criteria scores (skips) and many excellent candidates (drops).
 */
function province(seed: number, year: number) {
  const r = rng(seed);
  const units: CycleUnit[] = [{ unitId: 'prov', parentUnitId: null }];
  for (let d = 1; d <= 4; d++) {
    units.push({ unitId: `d${d}`, parentUnitId: 'prov' });
    for (let t = 1; t <= 3; t++) {
      units.push({ unitId: `d${d}t${t}`, parentUnitId: `d${d}` });
      for (let q = 1; q <= 2; q++) units.push({ unitId: `d${d}t${t}q${q}`, parentUnitId: `d${d}t${t}` });
    }
  }
  const taskGroups: TaskGroupDeclaration[] = [];
  const people: CycleStaffInput[] = [];
  let n = 0;
  for (const u of units) {
    const declares = r() < 0.4;
    if (declares) {
      taskGroups.push({ unitId: u.unitId, groupId: 'licensing', jobPositions: ['clerk', 'officer'] });
      taskGroups.push({ unitId: u.unitId, groupId: 'inspection', jobPositions: ['inspector'] });
    }
    const size = 4 + Math.floor(r() * 9);
    for (let i = 0; i < size; i++) {
      const id = `p${String(++n).padStart(4, '0')}`;
      const leads: LeaderPost[] = [];
      // Department heads sit in the province office and lead their department.
      const deptHead = u.unitId === 'prov' && i >= 1 && i <= 4;
      if (deptHead) leads.push({ unitId: `d${i}`, role: 'head' });
      else if (i === 0) leads.push({ unitId: u.unitId, role: 'head' });
      else if (i === 1 && r() < 0.6) leads.push({ unitId: u.unitId, role: 'deputy' });
      // A deputy of a sibling team (cross-unit post).
      if (i === 2 && /t1$/.test(u.unitId)) leads.push({ unitId: u.unitId.replace(/t1$/, 't2'), role: 'deputy' });
      const excellentish = r() < 0.5;
      const periods = Array.from({ length: 12 }, (_, m) =>
        month(m + 1, excellentish ? { assigned: 10, qualityExceeded: 2 + Math.floor(r() * 8) } : { assigned: 6 + Math.floor(r() * 6), completed: 5 + Math.floor(r() * 2), qualityBelow: r() < 0.2 ? 1 : 0 }),
      );
      const sheets = r() < 0.3 ? [sheet(`${year}-01`, Math.floor(40 + r() * 30), true), sheet(`${year}-02`, Math.floor(r() * 70), r() < 0.7)] : undefined;
      const degradation = r() < 0.02;
      const handled = r() < 0.02;
      people.push({
        leads,
        jobPosition: declares && r() < 0.05 ? 'typo-position' : ['clerk', 'officer', 'inspector'][Math.floor(r() * 3)],
        indicators: staff({
          staffId: id,
          unitId: u.unitId,
          isLeader: leads.length > 0,
          year,
          periods,
          ...(r() < 0.03 ? { generalCriteriaScore: undefined } : { generalCriteriaScore: 18 + Math.floor(r() * 13) }),
          ...(sheets ? { scoreSheets: sheets } : {}),
          disciplinaryDecisions:
            r() < 0.03 ? [{ decisionNo: `QD-${id}`, form: 'reprimand', reprimandOrAbove: true, publicServiceViolation: true, violationId: `k-${id}:v1`, countedInEarlierYear: false }] : [],
          degradationConcluded: degradation,
          unitHandledForCorruptionOrWaste: handled,
          ...(degradation || handled
            ? { findingRefs: { ...(degradation ? { degradationConcluded: ['inspection-1/f1'] } : {}), ...(handled ? { unitHandledForCorruptionOrWaste: ['inspection-2/f1'] } : {}) } }
            : {}),
          ...(r() < 0.05 ? { monthsWorked: 5 } : {}),
        }),
      });
    }
  }
  // Shuffle: the input order must not matter to the streamed run.
  for (let i = people.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [people[i], people[j]] = [people[j] as CycleStaffInput, people[i] as CycleStaffInput];
  }
  return { units, people, taskGroups };
}

function streamed(p: ReturnType<typeof province>, policyFor: Parameters<typeof classifyCycle>[1], maxStaff: number, quota = {}) {
  const perUnit = new Map<string, number>();
  for (const s of p.people) perUnit.set(s.indicators.unitId, (perUnit.get(s.indicators.unitId) ?? 0) + 1);
  const posts = p.people.flatMap((s) => s.leads.map((l) => ({ homeUnitId: s.indicators.unitId, ledUnitId: l.unitId })));
  const parts = planCycleParts(p.units, perUnit, posts, maxStaff);
  const run = createCycleRun(policyFor, { units: p.units, taskGroups: p.taskGroups, quota });
  const results = [];
  const skipped = [];
  const inputs = new Map();
  for (const part of parts) {
    const inPart = new Set(part);
    const c = run.classifyPart(p.people.filter((s) => inPart.has(s.indicators.unitId)));
    results.push(...c.results);
    skipped.push(...c.skipped);
    for (const [k, v] of c.inputs) inputs.set(k, v);
  }
  return { parts, results, skipped, inputs };
}

const byId = <T extends { staffId: string }>(xs: readonly T[]) => xs.slice().sort((a, b) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0));

describe('a cycle streamed part by part gives the results of the whole cycle at once', () => {
  it.each([
    ['Decree 335/2025', 2026, () => vnDecree335of2025, 1],
    ['Decree 335/2025, one unit per part', 2026, () => vnDecree335of2025, 0],
    ['Decree 335/2025, parts of ~60 people', 2026, () => vnDecree335of2025, 60],
    ['Decree 90/2020 as amended by 48/2023', 2024, () => vnDecree90of2020as48of2023, 25],
  ] as const)('%s: identical results, traces, indicators and skips', (_name, year, policyFor, maxStaff) => {
    for (const seed of [1, 2, 3]) {
      const p = province(seed, year);
      const quota = { outstandingUnits: { d2t1: { share: 0.5, decisionRef: 'QD-99/2026' } } };
      const whole = classifyCycle(p.people, policyFor, { units: p.units, taskGroups: p.taskGroups, quota });
      const s = streamed(p, policyFor, maxStaff, quota);
      expect(s.parts.length).toBeGreaterThan(maxStaff === 0 ? 10 : 1);
      // The generated province exercises what the equivalence is about.
      const rules = whole.results.flatMap((x) => x.trace.map((t) => `${t.rule}:${t.outcome}`));
      expect(rules.some((x) => x.includes('quota') && x.endsWith(':applied'))).toBe(true);
      expect(whole.skipped.some((x) => x.code === 'classification.subordinate_unclassified')).toBe(true);
      expect(whole.skipped.some((x) => x.code === 'classification.task_group_undeclared')).toBe(true);
      expect(whole.results.filter((x) => whole.inputs.get(x.staffId)?.unitResults?.directUnitLevels).length).toBeGreaterThan(4);
      expect(byId(s.results)).toEqual(byId(whole.results));
      expect(byId(s.skipped)).toEqual(byId(whole.skipped));
      expect(new Map([...s.inputs].sort())).toEqual(new Map([...whole.inputs].sort()));
    }
  });

  it('ties a leader\'s own unit and the unit led (and the units between) into one part, children before parents', () => {
    const units: CycleUnit[] = [
      { unitId: 'a', parentUnitId: null },
      { unitId: 'b', parentUnitId: 'a' },
      { unitId: 'c', parentUnitId: 'b' },
      { unitId: 'd', parentUnitId: 'a' },
    ];
    const counts = new Map([['a', 5], ['b', 5], ['c', 5], ['d', 5]]);
    expect(planCycleParts(units, counts, [{ homeUnitId: 'c', ledUnitId: 'a' }], 0)).toEqual([['d'], ['c', 'b', 'a']]);
    expect(planCycleParts(units, counts, [{ homeUnitId: 'c', ledUnitId: 'b' }], 0)).toEqual([['c', 'b'], ['d'], ['a']]);
    expect(planCycleParts(units, counts, [], 0)).toEqual([['c'], ['b'], ['d'], ['a']]);
    expect(planCycleParts(units, counts, [], 10)).toEqual([['c', 'b'], ['d', 'a']]);
  });
});

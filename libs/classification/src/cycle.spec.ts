import { month, staff } from './classification.fixtures.js';
import { classifyCycle, type CycleStaffInput } from './cycle.js';
import type { StaffYearIndicators } from './indicators.js';
import { vnDecree335of2025 } from './policies/vn-decree-335-2025.policy.js';
import { vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';

const policy335 = () => vnDecree335of2025;
const person = (staffId: string, leads: CycleStaffInput['leads'], ind: Partial<StaffYearIndicators> = {}, unitId = 'u-1'): CycleStaffInput => ({
  indicators: staff({ staffId, unitId, ...ind }),
  leads,
});
/** Scores under 50 under Decree 335: nothing of the month's work done. */
const failing: Partial<StaffYearIndicators> = { generalCriteriaScore: 10, periods: [month(1, { completed: 0 })] };
const factorOf = (r: ReturnType<typeof classifyCycle>, id: string) =>
  r.results.find((x) => x.staffId === id)?.trace.find((e) => e.rule === 'vn-decree-335-2025/scoring/leader-unit-factor')?.inputs;

describe('a cycle is classified bottom-up (Decree 335/2025 leaders\' unit factor)', () => {
  it('a head waits for a deputy who sorts after him: the not-completed deputy halves the head\'s factor', () => {
    const r = classifyCycle([person('a-head', [{ unitId: 'u-1', role: 'head' }]), person('z-deputy', [{ unitId: 'u-1', role: 'deputy' }], failing), person('s-1', [])], policy335);
    expect(r.results.find((x) => x.staffId === 'z-deputy')?.level).toBe('not_completed');
    expect(factorOf(r, 'a-head')).toMatchObject({ subordinates: 2, subordinatesNotCompleted: 1, factor: 0.5 });
    expect(r.skipped).toEqual([]);
  });

  it('co-leaders are not subordinates: a deputy is not judged by another deputy or the head', () => {
    const r = classifyCycle(
      [
        person('head', [{ unitId: 'u-1', role: 'head' }], failing),
        person('dep-a', [{ unitId: 'u-1', role: 'deputy' }]),
        person('dep-b', [{ unitId: 'u-1', role: 'deputy' }], failing),
        person('s-1', []),
      ],
      policy335,
    );
    expect(factorOf(r, 'dep-a')).toMatchObject({ subordinates: 1, subordinatesNotCompleted: 0, factor: 1 });
    // The head answers for both deputies and the staff.
    expect(factorOf(r, 'head')).toMatchObject({ subordinates: 3, subordinatesNotCompleted: 1, factor: 0.5 });
  });

  it('no silent skip: a leader whose subordinate could not be classified is an input error naming that person', () => {
    const r = classifyCycle([person('head', [{ unitId: 'u-1', role: 'head' }]), person('s-1', [], { generalCriteriaScore: undefined }), person('s-2', [])], policy335);
    expect(r.results.map((x) => x.staffId)).toEqual(['s-2']);
    expect(r.skipped).toEqual([
      { staffId: 'head', code: 'classification.subordinate_unclassified', message: expect.stringContaining('s-1 (classification.general_criteria_missing)') },
      { staffId: 's-1', code: 'classification.general_criteria_missing', message: expect.any(String) },
    ]);
  });

  it('subtree by subtree: the head of a parent unit waits for the heads of the units under it', () => {
    const staff90 = (id: string, leads: CycleStaffInput['leads'], unitId: string, exceeded: number) =>
      person(id, leads, { year: 2024, generalCriteriaScore: undefined, periods: [month(1, { assigned: 10, qualityExceeded: exceeded })] }, unitId);
    const r = classifyCycle(
      [
        staff90('top', [{ unitId: 'dept', role: 'head' }], 'dept', 10),
        staff90('d-staff', [], 'dept', 10),
        staff90('team-head', [{ unitId: 'team', role: 'head' }], 'team', 0),
        staff90('t-staff', [], 'team', 10),
      ],
      () => vnDecree90of2020as48of2023,
      { units: [{ unitId: 'dept', parentUnitId: null }, { unitId: 'team', parentUnitId: 'dept' }] },
    );
    const top = r.inputs.get('top');
    // The team (rated by its head: good) is the one unit under direct management: 0% good-or-better is not 70%... good counts.
    expect(top?.unitResults?.directUnitLevels).toEqual({ excellent: 0, good: 1, completed: 0, not_completed: 0 });
    const rule = (id: string, name: string) => r.results.find((x) => x.staffId === id)?.trace.find((e) => e.rule === `vn-decree-90-2020-48-2023/unit/${name}`)?.outcome;
    expect(rule('top', 'unit-excellent/direct-units-at-least-completed')).toBe('pass');
    expect(rule('top', 'unit-excellent/direct-units-good-or-better')).toBe('pass');
    // The team head manages no unit directly: the condition holds for them.
    expect(r.inputs.get('team-head')?.unitResults?.directUnitLevels).toEqual({ excellent: 0, good: 0, completed: 0, not_completed: 0 });
  });
});

describe('Decree 335/2025 art. 20(5) quota in small units: groups declared, exception decided, readings in the trace', () => {
  /** A staff member with a job position: excellent (score 100) or good (score 80). */
  const member = (staffId: string, jobPosition: string, level: 'excellent' | 'good', unitId = 'commune'): CycleStaffInput => ({
    indicators: staff({ staffId, unitId, taskGroup: 'ignored', generalCriteriaScore: level === 'excellent' ? 30 : 10 }),
    leads: [],
    jobPosition,
  });
  const commune = [
    member('a', 'Văn thư', 'excellent'),
    ...['g1', 'g2', 'g3', 'g4', 'g5'].map((id) => member(id, 'Chuyên viên', 'good')),
  ];
  const levelOf = (r: ReturnType<typeof classifyCycle>, id: string) => r.results.find((x) => x.staffId === id)?.level;

  it('a unit that declared no groups is one group: a job position of one is not a group of one', () => {
    const r = classifyCycle(commune, policy335);
    expect(levelOf(r, 'a')).toBe('excellent');
    const entry = r.results.find((x) => x.staffId === 'a')!.trace.find((e) => e.kind === 'quota');
    expect(entry?.inputs).toMatchObject({ group: 'unitId=commune,taskGroup=(whole unit)', good: 5, allowed: 1, base: 'classified', rounding: 'floor', grouping: 'declared_job_position_sets' });
  });

  it('declared groups are sets of job positions; the text\'s floor then leaves a group with under 5 good no excellent', () => {
    const taskGroups = [
      { unitId: 'commune', groupId: 'records', jobPositions: ['Văn thư'] },
      { unitId: 'commune', groupId: 'specialists', jobPositions: ['Chuyên viên'] },
    ];
    const r = classifyCycle(commune, policy335, { taskGroups });
    expect(levelOf(r, 'a')).toBe('good');
    expect(r.inputs.get('a')?.taskGroup).toBe('records');
  });

  it('a job position missing from the declared groups of its unit is an input error, never a free-text group', () => {
    const r = classifyCycle(commune, policy335, { taskGroups: [{ unitId: 'commune', groupId: 'specialists', jobPositions: ['Chuyên viên'] }] });
    expect(r.skipped).toEqual([{ staffId: 'a', code: 'classification.task_group_undeclared', message: expect.stringContaining('Văn thư') }]);
  });

  it('art. 20(5)(b): a unit with outstanding achievements uses the share its competent authority decided, named in the trace', () => {
    const small = [member('a', 'Chuyên viên', 'excellent'), member('b', 'Chuyên viên', 'excellent'), ...['g1', 'g2', 'g3', 'g4'].map((id) => member(id, 'Chuyên viên', 'good'))];
    expect(classifyCycle(small, policy335).results.filter((x) => x.level === 'excellent')).toHaveLength(0);
    const r = classifyCycle(small, policy335, { quota: { outstandingUnits: { commune: { share: 0.5, decisionRef: 'QĐ-12/UBND' } } } });
    expect(r.results.filter((x) => x.level === 'excellent').map((x) => x.staffId)).toEqual(['a', 'b']);
    const entry = r.results.find((x) => x.staffId === 'a')!.trace.find((e) => e.kind === 'quota');
    expect(entry?.inputs).toMatchObject({ share: 0.5, shareFrom: 'outstanding-unit exception, decision QĐ-12/UBND', allowed: 2 });
    expect(entry?.source.provision).toMatch(/20\(5\)\(b\)/);
  });
});


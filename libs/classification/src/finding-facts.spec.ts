import { staff, month } from './classification.fixtures.js';
import { classify } from './classify.js';
import { vnDecree335of2025 } from './policies/vn-decree-335-2025.policy.js';
import { vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';

// Issue 15: facts confirmed by inspection findings drive the rules, and the trace cites them.

describe('when an inspection finding confirms an objective cause for a delay (Decree 335/2025, 25% per unexcused delay)', () => {
  const late = staff({ periods: [month(3, { assigned: 2, completed: 2, late: 1, delaysWithObjectiveCause: 0 })], generalCriteriaScore: 15 });
  const excused = staff({
    periods: [month(3, { assigned: 2, completed: 2, late: 1, delaysWithObjectiveCause: 1 })],
    generalCriteriaScore: 15,
    findingRefs: { delaysWithObjectiveCause: { 3: ['inspection-i1/f1'] } },
  });

  it('the deducted progress points come back, and the period trace cites the finding', () => {
    expect(classify(late, vnDecree335of2025).score).toBe(82.08);
    const r = classify(excused, vnDecree335of2025);
    expect(r.score).toBe(85);
    expect(r.trace.find((e) => e.rule === 'vn-decree-335-2025/scoring/period/M3')!.inputs).toMatchObject({
      delays: 1, delaysWithObjectiveCause: 1, delaysObjectiveCauseFindings: 'inspection-i1/f1',
    });
  });
});

describe('when a leader\'s unit is handled for corruption or waste (Decree 335/2025 leader override)', () => {
  it('the leader is not completed and the override names the finding', () => {
    const leader = staff({
      isLeader: true,
      unitHandledForCorruptionOrWaste: true,
      unitResults: { subordinateLevels: { excellent: 0, good: 2, completed: 0, not_completed: 0 } },
      findingRefs: { unitHandledForCorruptionOrWaste: ['inspection-i1/f3'] },
    });
    const r = classify(leader, vnDecree335of2025);
    expect(r.level).toBe('not_completed');
    expect(r.trace.find((e) => e.rule === 'vn-decree-335-2025/override/unit-corruption-or-waste')).toMatchObject({
      outcome: 'applied', inputs: { unitHandledForCorruptionOrWaste: true, findings: 'inspection-i1/f3' },
    });
  });
});

describe('when a violation was already counted by an earlier cycle (Decree 48/2023: counted once)', () => {
  const decision = { decisionNo: 'QD-1', form: 'reprimand', reprimandOrAbove: true, publicServiceViolation: true, violationId: 'k1:v1' };
  const cadre = (countedIn?: string) =>
    staff({
      category: 'public_employee', year: 2025, generalCriteriaScore: undefined,
      disciplinaryDecisions: [{ ...decision, countedInEarlierYear: countedIn !== undefined, ...(countedIn && { countedInCycle: countedIn }) }],
    });

  it('the override does not count it again, and the trace says which cycle did', () => {
    const first = classify(cadre(), vnDecree90of2020as48of2023);
    expect(first.trace.find((e) => e.rule.endsWith('override/discipline'))!.outcome).toBe('applied');
    const again = classify(cadre('c2024'), vnDecree90of2020as48of2023);
    const o = again.trace.find((e) => e.rule.endsWith('override/discipline'))!;
    expect(o.outcome).toBe('not_applied');
    expect(o.inputs).toMatchObject({ countedViolations: null, countedInEarlierYear: 'k1:v1@c2024' });
  });
});

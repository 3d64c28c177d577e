import type { StaffEvent } from '../personnel/staff.events.js';
import { heldLeadershipOn, leaderAtViolation } from './subject-leadership.js';

const appointed = (effectiveOn: string): StaffEvent => ({
  type: 'LeadershipAppointed',
  data: { staffId: 's1', role: 'deputy', unitId: 'u1', effectiveOn, decisionRef: null },
});
const ended = (effectiveOn: string): StaffEvent => ({
  type: 'LeadershipEnded',
  data: { staffId: 's1', role: 'deputy', unitId: 'u1', effectiveOn, reason: 'relieved' },
});

describe('leader status at the time of the violation (issue 13 item 10: staff history, not the current directory)', () => {
  const history = [appointed('2022-01-01'), ended('2024-06-01')];

  it('is a leader on a day inside the post, not after it ended', () => {
    expect(heldLeadershipOn(history, '2023-03-01')).toBe(true);
    expect(heldLeadershipOn(history, '2024-06-01')).toBe(false);
    expect(heldLeadershipOn(history, '2021-12-31')).toBe(false);
  });

  it('judges a former deputy by the violation date even though the directory shows no post today', () => {
    expect(leaderAtViolation(history, [{ violationDate: '2023-03-01' }])).toBe(true);
    expect(leaderAtViolation(history, [{ violationDate: '2025-03-01' }])).toBe(false);
  });

  it('judges a person appointed after the violation as not a leader', () => {
    expect(leaderAtViolation([appointed('2025-09-01')], [{ violationDate: '2025-03-01' }])).toBe(false);
  });

  it('counts a continuing violation that ran into a post', () => {
    expect(leaderAtViolation([appointed('2025-09-01')], [{ violationDate: '2025-03-01', violationEndDate: '2025-10-01' }])).toBe(true);
  });
});

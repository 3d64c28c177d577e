import { assignmentDecider } from '../work/assignment.decide.js';
import { deciderSpec } from './given-when-then.js';
import { isRepresentableDate, isRepresentableInstant, unrepresentableTimes } from './time-bounds.js';

describe('instants and dates the record can hold (years 1900..2200)', () => {
  it('accepts instants in range, whatever the offset', () => {
    expect(isRepresentableInstant('2026-03-05T09:00:00Z')).toBe(true);
    expect(isRepresentableInstant('2200-12-31T23:59:59+07:00')).toBe(true);
  });

  it('refuses extended years, years beyond the bound, and offsets that carry the instant past it', () => {
    expect(isRepresentableInstant('+010000-01-01T00:00:00Z')).toBe(false);
    expect(isRepresentableInstant('9999-12-31T23:59:59-23:59')).toBe(false);
    expect(isRepresentableInstant('2200-12-31T23:59:59-01:00')).toBe(false);
    expect(isRepresentableInstant('1899-12-31T23:59:59Z')).toBe(false);
    expect(isRepresentableInstant('2026-03-05')).toBe(false);
  });

  it('refuses dates outside the bound and dates that do not exist', () => {
    expect(isRepresentableDate('2026-02-28')).toBe(true);
    expect(isRepresentableDate('2026-02-30')).toBe(false);
    expect(isRepresentableDate('9999-12-31')).toBe(false);
    expect(isRepresentableDate('0001-01-01')).toBe(false);
  });

  it('refuses an instant on a day that does not exist instead of rolling it into the next month (2027-02-30 was taken as 2027-03-02)', () => {
    expect(isRepresentableInstant('2027-02-30T10:00:00Z')).toBe(false);
    expect(isRepresentableInstant('2026-04-31T08:00:00+07:00')).toBe(false);
    expect(isRepresentableInstant('2028-02-29T10:00:00Z')).toBe(true);
  });

  it('finds out-of-range dates at any depth of a command, and leaves free text alone', () => {
    expect(
      unrepresentableTimes({ dueAt: '+010000-01-01T00:00:00Z', note: 'due 9999-12-31 at the latest', items: [{ on: '2026-01-01' }, { on: '3000-01-01' }] }),
    ).toEqual([
      { field: 'dueAt', message: 'must lie in the years 1900..2200' },
      { field: 'items[1].on', message: 'must lie in the years 1900..2200' },
    ]);
  });

  describe('when a command carries a due date the read side cannot represent', () => {
    const spec = deciderSpec(assignmentDecider);
    const issue = (dueAt: string, now = '2026-03-01T08:00:00Z') => ({
      type: 'IssueAssignment' as const,
      data: {
        assignmentId: 'a1', kind: 'task' as const, unitId: 'u1', assignee: 'an', title: 'T', description: 'D', deliverable: 'R',
        successCriteria: 'C', assignedBy: 'head', authorityBasis: 'QĐ', dueAt, responsible: undefined, unit: { status: 'active' as const },
      },
      now,
      actor: 'head',
    });

    it('the decider refuses it (time_out_of_range naming the field), whoever calls it', () => {
      spec.given([]).when(issue('+010000-01-01T00:00:00Z')).thenThrows('time_out_of_range', ['dueAt']);
    });

    it('the decider refuses a business time (occurredAt) outside the bound', () => {
      spec.given([]).when(issue('2026-04-01T00:00:00Z', '1850-01-01T00:00:00Z')).thenThrows('time_out_of_range', ['occurredAt']);
    });
  });
});

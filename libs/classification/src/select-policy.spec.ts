import { ClassificationInputError } from './errors.js';
import { NATIONAL_POLICIES } from './index.js';
import type { StaffCategory } from './policy.types.js';
import { selectPolicy } from './select-policy.js';

describe('selectPolicy by assessment year and staff category', () => {
  it.each([
    ['civil_servant', 2019, undefined],
    ['civil_servant', 2020, 'vn-decree-90-2020'],
    ['civil_servant', 2022, 'vn-decree-90-2020'],
    ['public_employee', 2022, 'vn-decree-90-2020'],
    ['civil_servant', 2023, 'vn-decree-90-2020-48-2023'],
    ['civil_servant', 2025, 'vn-decree-90-2020-48-2023'],
    ['civil_servant', 2026, 'vn-decree-335-2025'],
    ['public_employee', 2026, 'vn-decree-90-2020-48-2023'],
    ['public_employee', 2031, 'vn-decree-90-2020-48-2023'],
    ['cadre', 2025, 'vn-decree-90-2020-48-2023'],
    ['cadre', 2026, undefined],
    ['worker', 2026, undefined],
  ] as [StaffCategory, number, string | undefined][])('%s in %i -> %s', (category, year, id) => {
    expect(selectPolicy(NATIONAL_POLICIES, { category, year })?.id).toBe(id);
  });

  it('a newer policy for public employees takes over from Decree 90/2020 without editing it', () => {
    const newer = { ...NATIONAL_POLICIES[1]!, id: 'future-pe', scope: [{ ...NATIONAL_POLICIES[1]!.scope[0]!, category: 'public_employee' as const, fromYear: 2027 }] };
    expect(selectPolicy([...NATIONAL_POLICIES, newer], { category: 'public_employee', year: 2026 })?.id).toBe('vn-decree-90-2020-48-2023');
    expect(selectPolicy([...NATIONAL_POLICIES, newer], { category: 'public_employee', year: 2027 })?.id).toBe('future-pe');
  });

  it('two policies taking effect in the same year for a category are ambiguous', () => {
    const twin = { ...NATIONAL_POLICIES[1]!, id: 'twin' };
    expect(() => selectPolicy([...NATIONAL_POLICIES, twin], { category: 'civil_servant', year: 2026 })).toThrow(ClassificationInputError);
  });
});

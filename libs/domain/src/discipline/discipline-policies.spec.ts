import { addDays, addYears, vietnamDate } from './discipline.calendar.js';
import {
  availableDisciplineForms,
  DISCIPLINE_FORMS_POLICY,
  disciplineFormsRegime,
  type DisciplineSubjectCategory,
} from './discipline-forms.policy.js';
import {
  appealDeadline,
  isTimeBarred,
  limitationLastDay,
  maximumProcessingDeadline,
  processingDeadline,
} from './discipline-time-limits.policy.js';

const forms = (category: DisciplineSubjectCategory, isLeader: boolean, on: string) =>
  availableDisciplineForms(category, isLeader, on).map((f) => f.form);

describe('disciplinary forms policy', () => {
  describe('for a civil servant before 2025-07-01 (Law on Cadres and Civil Servants 2019 art. 79; Decree 112/2020 as amended by Decree 71/2023)', () => {
    it('gives a leader reprimand, warning, demotion, dismissal from post and forced resignation, not salary-grade reduction (D112 art. 7(3); art. 79(2) as amended 2019, verified)', () => {
      expect(forms('civil_servant', true, '2025-06-30')).toEqual([
        'reprimand',
        'warning',
        'demotion',
        'dismissal_from_post',
        'forced_resignation',
      ]);
    });

    it('gives a civil servant without a leadership post salary-grade reduction, and keeps demotion and dismissal from post for leaders only (D112 art. 7(2))', () => {
      expect(forms('civil_servant', false, '2025-06-30')).toEqual([
        'reprimand',
        'warning',
        'salary_grade_reduction',
        'forced_resignation',
      ]);
    });
  });

  describe('for a civil servant from 2025-07-01 (Decree 172/2025)', () => {
    it('no longer has salary-grade reduction or demotion', () => {
      expect(forms('civil_servant', true, '2025-07-01')).toEqual([
        'reprimand',
        'warning',
        'dismissal_from_post',
        'forced_resignation',
      ]);
      expect(forms('civil_servant', false, '2026-01-01')).toEqual(['reprimand', 'warning', 'forced_resignation']);
    });
  });

  it('gives cadres reprimand, warning, dismissal from post and removal from office on both sides of the reform (art. 78; Decree 172/2025)', () => {
    expect(forms('cadre', false, '2024-01-01')).toEqual(['reprimand', 'warning', 'dismissal_from_post', 'removal_from_office']);
    expect(disciplineFormsRegime('cadre', '2025-07-01')?.id).toBe('cadre/2025');
  });

  it('keeps public employees under Decree 112/2020 after 2025-07-01 (Law on Public Employees art. 52)', () => {
    expect(disciplineFormsRegime('public_employee', '2026-01-01')?.id).toBe('public_employee/2020');
    expect(forms('public_employee', false, '2026-01-01')).toEqual(['reprimand', 'warning', 'forced_resignation']);
  });

  it('gives workers the Labour Code forms (Labour Code 2019 art. 124)', () => {
    expect(forms('worker', false, '2026-01-01')).toEqual(['reprimand', 'salary_raise_deferral', 'dismissal']);
  });

  it('has no regime before the 2019 amendment took effect', () => {
    expect(disciplineFormsRegime('civil_servant', '2020-06-30')).toBeUndefined();
    expect(forms('civil_servant', true, '2020-06-30')).toEqual([]);
  });

  it('never overlaps two regimes of one category, and every regime and form cites its source', () => {
    for (const regime of DISCIPLINE_FORMS_POLICY.regimes) {
      expect(regime.source).not.toBe('');
      for (const f of regime.forms) expect(f.source).not.toBe('');
      const others = DISCIPLINE_FORMS_POLICY.regimes.filter((r) => r !== regime && r.category === regime.category);
      for (const other of others) {
        const until = 'effectiveUntil' in regime ? regime.effectiveUntil : '9999-12-31';
        const otherUntil = 'effectiveUntil' in other ? other.effectiveUntil : '9999-12-31';
        expect(regime.effectiveFrom < otherUntil && other.effectiveFrom < until).toBe(false);
      }
    }
  });
});

describe('statute of limitations (Law on Cadres and Civil Servants 2019 art. 80; Civil Code 2015 arts. 147-148 for counting; indicative)', () => {
  describe('when a reprimand-level violation is more than 5 years old', () => {
    it('is time-barred', () => {
      expect(isTimeBarred('2021-03-01', 'reprimand_level', '2026-03-02')).toBe(true);
    });
  });

  describe('when a reprimand-level violation is exactly 5 years old', () => {
    it('can still be decided on the anniversary', () => {
      expect(limitationLastDay('2021-03-01', 'reprimand_level')).toBe('2026-03-01');
      expect(isTimeBarred('2021-03-01', 'reprimand_level', '2026-03-01')).toBe(false);
    });
  });

  describe('when a violation above reprimand level is more than 5 but less than 10 years old', () => {
    it('is not time-barred', () => {
      expect(isTimeBarred('2018-03-01', 'higher', '2026-03-02')).toBe(false);
    });
  });

  describe('when a violation above reprimand level is more than 10 years old', () => {
    it('is time-barred', () => {
      expect(isTimeBarred('2016-03-01', 'higher', '2026-03-02')).toBe(true);
    });
  });

  it('ends a period started on 29 February on the last day of February', () => {
    expect(limitationLastDay('2024-02-29', 'reprimand_level')).toBe('2029-02-28');
  });
});

describe('processing and appeal periods', () => {
  it('gives 90 days from opening, extendable to 150 (art. 80(2), indicative)', () => {
    expect(processingDeadline('2026-03-02')).toBe('2026-05-31');
    expect(maximumProcessingDeadline('2026-03-02')).toBe('2026-07-30');
  });

  it('gives 15 days to appeal a disciplinary decision (Law on Complaints 2011 art. 48, indicative)', () => {
    expect(appealDeadline('2026-05-01')).toBe('2026-05-16');
  });
});

describe('calendar', () => {
  it('takes the date in Vietnam, not in UTC', () => {
    expect(vietnamDate('2026-03-01T18:00:00Z')).toBe('2026-03-02');
    expect(vietnamDate('2026-03-01T16:59:59Z')).toBe('2026-03-01');
  });

  it('adds years and days across month ends', () => {
    expect(addYears('2020-01-31', 1)).toBe('2021-01-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

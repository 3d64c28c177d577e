import type { LocalDate } from '../shared/ids.js';

/**
 * Disciplinary forms as versioned data. Which forms exist depends on the subject's staff
 * category and the date of the decision; a rule change is a new regime row with its
 * effective dates and source, never an `if` in a handler.
 *
 * Sources are indicative: article numbers are cited as known and must be confirmed by
 * a legal reviewer before the policy is relied on.
 */

/** Staff categories that can be the subject of a disciplinary case. */
export type DisciplineSubjectCategory = 'cadre' | 'civil_servant' | 'public_employee' | 'worker';

/** Every disciplinary form any regime knows, from the lightest to the heaviest within a regime. */
export type DisciplinaryForm =
  | 'reprimand' // khiển trách
  | 'warning' // cảnh cáo
  | 'salary_grade_reduction' // hạ bậc lương
  | 'salary_raise_deferral' // kéo dài thời hạn nâng lương (Labour Code)
  | 'demotion' // giáng chức
  | 'dismissal_from_post' // cách chức
  | 'removal_from_office' // bãi nhiệm (elected cadres)
  | 'forced_resignation' // buộc thôi việc
  | 'dismissal'; // sa thải (Labour Code)

/** One form within a regime. */
export interface DisciplineFormRule {
  readonly form: DisciplinaryForm;
  /** Only applies to a subject holding a leadership or management post. */
  readonly leadersOnly: boolean;
  readonly source: string;
}

/** The forms of one staff category over one period. */
export interface DisciplineFormsRegime {
  readonly id: string;
  readonly category: DisciplineSubjectCategory;
  /** First day the regime applies, inclusive. */
  readonly effectiveFrom: LocalDate;
  /** First day it no longer applies, exclusive; open-ended when absent. */
  readonly effectiveUntil?: LocalDate;
  readonly source: string;
  /** Ordered from the lightest to the heaviest. */
  readonly forms: readonly DisciplineFormRule[];
}

const LAW_2019 = 'Law on Cadres and Civil Servants 2008 as amended 2019 (No. 52/2019/QH14)';
const DECREE_112 = 'Decree 112/2020/NĐ-CP as amended by Decree 71/2023/NĐ-CP';
const LAW_2025 = 'Law on Cadres and Civil Servants 2025 (No. 80/2025/QH15)';
const DECREE_172 = 'Decree 172/2025/NĐ-CP (from 2025-07-01)';
const PUBLIC_EMPLOYEES_LAW = 'Law on Public Employees 2010 as amended 2019, art. 52';
const LABOUR_CODE = 'Labour Code 2019 (No. 45/2019/QH14), art. 124';

/** The date the 2025 reform of the civil service took effect. */
const REFORM_2025: LocalDate = '2025-07-01';
/** The 2019 amending law took effect on 2020-07-01; Decree 112/2020 implements it. */
const AMENDMENT_2019: LocalDate = '2020-07-01';

const form = (f: DisciplinaryForm, source: string, leadersOnly = false): DisciplineFormRule => ({
  form: f,
  leadersOnly,
  source,
});

/** The disciplinary forms policy: regimes per staff category with effective dates and sources. */
export const DISCIPLINE_FORMS_POLICY = {
  id: 'discipline-forms',
  version: '2025-07-01',
  regimes: [
    {
      id: 'cadre/2020',
      category: 'cadre',
      effectiveFrom: AMENDMENT_2019,
      effectiveUntil: REFORM_2025,
      source: `${LAW_2019}, art. 78; ${DECREE_112} (indicative)`,
      forms: [
        form('reprimand', `${LAW_2019}, art. 78(1)(a) (indicative)`),
        form('warning', `${LAW_2019}, art. 78(1)(b) (indicative)`),
        // Cadres hold their post by election or approval: dismissal from post always applies.
        form('dismissal_from_post', `${LAW_2019}, art. 78(1)(c) (indicative)`),
        form('removal_from_office', `${LAW_2019}, art. 78(1)(d) (indicative)`),
      ],
    },
    {
      id: 'cadre/2025',
      category: 'cadre',
      effectiveFrom: REFORM_2025,
      source: `${LAW_2025}; ${DECREE_172} (indicative)`,
      forms: [
        form('reprimand', `${LAW_2025}; ${DECREE_172} (indicative)`),
        form('warning', `${LAW_2025}; ${DECREE_172} (indicative)`),
        form('dismissal_from_post', `${LAW_2025}; ${DECREE_172} (indicative)`),
        form('removal_from_office', `${LAW_2025}; ${DECREE_172} (indicative)`),
      ],
    },
    {
      id: 'civil_servant/2020',
      category: 'civil_servant',
      effectiveFrom: AMENDMENT_2019,
      effectiveUntil: REFORM_2025,
      source: `${LAW_2019}, art. 79; ${DECREE_112}, art. 8 (indicative)`,
      forms: [
        form('reprimand', `${LAW_2019}, art. 79(1)(a) (indicative)`),
        form('warning', `${LAW_2019}, art. 79(1)(b) (indicative)`),
        form('salary_grade_reduction', `${LAW_2019}, art. 79(1)(c) (indicative)`),
        form('demotion', `${LAW_2019}, art. 79(1)(d) and 79(2): leaders and managers only (indicative)`, true),
        form('dismissal_from_post', `${LAW_2019}, art. 79(1)(đ) and 79(2): leaders and managers only (indicative)`, true),
        form('forced_resignation', `${LAW_2019}, art. 79(1)(e) (indicative)`),
      ],
    },
    {
      id: 'civil_servant/2025',
      category: 'civil_servant',
      effectiveFrom: REFORM_2025,
      source: `${LAW_2025}; ${DECREE_172}: salary-grade reduction and demotion abolished (indicative)`,
      forms: [
        form('reprimand', `${LAW_2025}; ${DECREE_172} (indicative)`),
        form('warning', `${LAW_2025}; ${DECREE_172} (indicative)`),
        form('dismissal_from_post', `${LAW_2025}; ${DECREE_172}: leaders and managers only (indicative)`, true),
        form('forced_resignation', `${LAW_2025}; ${DECREE_172} (indicative)`),
      ],
    },
    {
      // Decree 172/2025 covers cadres and civil servants; public employees stay under
      // Decree 112/2020 as amended until their own law is replaced (indicative).
      id: 'public_employee/2020',
      category: 'public_employee',
      effectiveFrom: AMENDMENT_2019,
      source: `${PUBLIC_EMPLOYEES_LAW}; ${DECREE_112} (indicative)`,
      forms: [
        form('reprimand', `${PUBLIC_EMPLOYEES_LAW}(1)(a) (indicative)`),
        form('warning', `${PUBLIC_EMPLOYEES_LAW}(1)(b) (indicative)`),
        form('dismissal_from_post', `${PUBLIC_EMPLOYEES_LAW}(1)(c): managers only (indicative)`, true),
        form('forced_resignation', `${PUBLIC_EMPLOYEES_LAW}(1)(d) (indicative)`),
      ],
    },
    {
      id: 'worker/2021',
      category: 'worker',
      effectiveFrom: '2021-01-01',
      source: `${LABOUR_CODE} (indicative)`,
      forms: [
        form('reprimand', `${LABOUR_CODE}(1) (indicative)`),
        form('salary_raise_deferral', `${LABOUR_CODE}(2): at most 6 months (indicative)`),
        form('dismissal_from_post', `${LABOUR_CODE}(3) (indicative)`, true),
        form('dismissal', `${LABOUR_CODE}(4) (indicative)`),
      ],
    },
  ],
} as const satisfies {
  readonly id: string;
  readonly version: string;
  readonly regimes: readonly DisciplineFormsRegime[];
};

/** The regime for a staff category on a date, or `undefined` when none is modelled. */
export function disciplineFormsRegime(
  category: DisciplineSubjectCategory,
  onDate: LocalDate,
  policy: { readonly regimes: readonly DisciplineFormsRegime[] } = DISCIPLINE_FORMS_POLICY,
): DisciplineFormsRegime | undefined {
  return policy.regimes.find(
    (r) =>
      r.category === category &&
      r.effectiveFrom <= onDate &&
      (r.effectiveUntil === undefined || onDate < r.effectiveUntil),
  );
}

/** The forms open to a subject on a date, lightest first; empty when no regime applies. */
export function availableDisciplineForms(
  category: DisciplineSubjectCategory,
  isLeader: boolean,
  onDate: LocalDate,
  policy: { readonly regimes: readonly DisciplineFormsRegime[] } = DISCIPLINE_FORMS_POLICY,
): readonly DisciplineFormRule[] {
  const regime = disciplineFormsRegime(category, onDate, policy);
  return regime ? regime.forms.filter((f) => isLeader || !f.leadersOnly) : [];
}

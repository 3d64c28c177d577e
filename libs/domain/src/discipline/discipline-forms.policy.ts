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
  /** Whom the form applies to: everyone, only holders of a leadership or management post, or only those without one. */
  readonly appliesTo: 'all' | 'leaders' | 'non_leaders';
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

const form = (f: DisciplinaryForm, source: string, appliesTo: DisciplineFormRule['appliesTo'] = 'all'): DisciplineFormRule => ({
  form: f,
  appliesTo,
  source,
});

const FORMS_112 = 'verified https://thukyluat.vn/news/can-bo-cong-chuc-vien-chuc/cong-chuc-la-lanh-dao-quan-ly-se-khong-bi-ap-dung-ky-luat-ha-bac-luong-82632.html';
const ART79_2019 = 'verified https://luatvietnam.vn/can-bo-cong-chuc/khong-ha-bac-luong-cong-chuc-lanh-dao-566-26507-article.html';
const FORMS_172 = 'verified https://news.laodong.vn/thoi-su/bo-hinh-thuc-ky-luat-giang-chuc-va-ha-bac-luong-doi-voi-cong-chuc-1533915.ldo';

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
      source: `${LAW_2019}, art. 79 as amended by art. 1(15); ${DECREE_112}, art. 7(2)-(3) (${FORMS_112})`,
      forms: [
        form('reprimand', `${DECREE_112}, art. 7(2)(a), 7(3)(a) (${FORMS_112})`),
        form('warning', `${DECREE_112}, art. 7(2)(b), 7(3)(b) (${FORMS_112})`),
        form(
          'salary_grade_reduction',
          `${LAW_2019}, art. 79(2) as amended by art. 1(15): salary-grade reduction only for civil servants without a leadership or management post (${ART79_2019}); ${DECREE_112}, art. 7(2)(c) (${FORMS_112})`,
          'non_leaders',
        ),
        form('demotion', `${DECREE_112}, art. 7(3)(c): leaders and managers only (${FORMS_112})`, 'leaders'),
        form('dismissal_from_post', `${LAW_2019}, art. 79(2): leaders and managers only (${ART79_2019}); ${DECREE_112}, art. 7(3)(d) (${FORMS_112})`, 'leaders'),
        form('forced_resignation', `${DECREE_112}, art. 7(2)(d), 7(3)(đ) (${FORMS_112})`),
      ],
    },
    {
      id: 'civil_servant/2025',
      category: 'civil_servant',
      effectiveFrom: REFORM_2025,
      source: `${LAW_2025}; ${DECREE_172}: reprimand, warning, dismissal from post (leaders), forced resignation; salary-grade reduction and demotion abolished (${FORMS_172})`,
      forms: [
        form('reprimand', `${DECREE_172} (${FORMS_172})`),
        form('warning', `${DECREE_172} (${FORMS_172})`),
        form('dismissal_from_post', `${DECREE_172}: leaders and managers only (${FORMS_172})`, 'leaders'),
        form('forced_resignation', `${DECREE_172} (${FORMS_172})`),
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
        form('dismissal_from_post', `${PUBLIC_EMPLOYEES_LAW}(1)(c): managers only (indicative)`, 'leaders'),
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
        form('dismissal_from_post', `${LABOUR_CODE}(3) (indicative)`, 'leaders'),
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
  return regime ? regime.forms.filter((f) => formApplies(f, isLeader)) : [];
}

/** Whether a form of a regime applies to a subject who is (or is not) a leader. */
export function formApplies(rule: DisciplineFormRule, isLeader: boolean): boolean {
  return rule.appliesTo === 'all' || (rule.appliesTo === 'leaders') === isLeader;
}

/** The position of a form in its regime, lightest first (0); -1 when the regime has no such form. */
export function formSeverity(regime: DisciplineFormsRegime, form: DisciplinaryForm): number {
  return regime.forms.findIndex((f) => f.form === form);
}

/**
 * The forms regime a decision follows: the one in force on the decision date. A
 * violation before 2025-07-01 decided after it is decided under Decree 172/2025, whose
 * scale no longer has salary-grade reduction or demotion. Interpretation, not verified:
 * the transitional article of Decree 172/2025 was not found in the pages read; this is
 * the general rule that a procedure follows the text in force when it is carried out,
 * and both dropped forms are heavier than nothing the new scale lacks.
 */
export const FORMS_TRANSITION_SOURCE =
  'interpretation, not verified: Decree 172/2025 transitional article not found in the pages read (searched again 2026-12-01); ' +
  'Decree 172/2025 replaces Decree 112/2020 and Decree 71/2023 from 2025-07-01 (verified https://znews.vn/bo-hinh-thuc-ky-luat-giang-chuc-va-ha-bac-luong-doi-voi-cong-chuc-post1563132.html); ' +
  'reason for the reading: a procedure follows the text in force when each step is taken, so a decision from 2025-07-01 uses the forms of Decree 172/2025 whatever the violation date';

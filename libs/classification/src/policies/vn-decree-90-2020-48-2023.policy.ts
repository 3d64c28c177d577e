import type { LegalSource, Policy } from '../policy.types.js';

const DOC = 'Decree 90/2020/ND-CP as amended by Decree 48/2023/ND-CP';
const law = (provision: string, note?: string): LegalSource => ({
  document: DOC,
  provision,
  basis: 'legal_text',
  ...(note ? { note } : {}),
});
const engine = (provision: string, note?: string): LegalSource => ({ document: 'engine', provision, basis: 'interpretation', ...(note ? { note } : {}) });

const DECREE_48_VERIFIED = 'verified https://www.vietnam.vn/en/nghi-dinh-48-2023-nd-cp-nang-cao-cong-tac-danh-gia-xep-loai-can-bo-cong-chuc-vien-chuc';
/**
 * Decree 48/2023/ND-CP took effect on 15 September 2023. Assessments are held at the end
 * of the year, so the 2023 assessment is the first under it; 2020 to 2022 stay under the
 * original Decree 90/2020 ({@link vnDecree90of2020}).
 */
const inForce = (provision: string): LegalSource => ({
  document: 'Decree 48/2023/ND-CP',
  provision: `${provision} (Decree 48/2023 in force from 2023-09-15; the year-end assessment of 2023 is the first under it)`,
  basis: 'interpretation',
  note: `${DECREE_48_VERIFIED} (effective date); the assessment year it first governs is an interpretation: the assessment is held at year end`,
});

const excellent = law(
  'Excellent: 100% of tasks on time with quality, at least 50% of them exceeded',
  'verified for civil servants (art. 8(1)) https://lawnet.vn/thong-tin-phap-luat/en/tu-van-luat/criteria-for-grading-the-quality-of-civil-servants-in-vietnam-2023-111508.html ' +
    'and for public employees (art. 12(1)) https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/what-are-criteria-for-classifying-the-quality-of-public-employees-completing-their-tasks-at-the-level-of-excellent-in-vietnam-392886',
);
const good = law(
  'Good: 100% of tasks on time with quality',
  'verified for public employees (art. 13(1)) https://thuvienphapluat.vn/hoi-dap-phap-luat/53DF5-hd-vien-chuc-duoc-xep-loai-muc-hoan-thanh-tot-khi-nao.html',
);
const completed = law(
  'Completed: at most 20% of tasks short on progress or quality',
  'verified for public employees (art. 14(1)(b): "không quá 20% tiêu chí chưa bảo đảm chất lượng, tiến độ") https://thuvienphapluat.vn/hoi-dap-phap-luat/539C9-hd-vien-chuc-duoc-xep-loai-hoan-thanh-nhiem-vu-khi-nao.html; ' +
    'civil servants (art. 10): interpretation, the article was not found in the stored pages (searched 2026-12-01) and is taken to read like art. 14, as arts. 8 and 12 read alike',
);
const notCompleted = law(
  'Not completed: more than 50% of tasks short on progress or quality',
  'verified for public employees (art. 15(1)(b) as amended by Decree 48/2023 art. 1(4), read in the Japanese translation) https://ja.congdoanvietnam.vn/tu-van-phap-luat/tieu-chi-xep-loai-chat-luong-vien-chuc-o-muc-khong-hoan-thanh-nhiem-vu-nam-2025-15886.tld; ' +
    'civil servants (art. 11): interpretation, not found in the stored pages (searched 2026-12-01), taken to read alike; exactly 50% short is not "more than 50%" (interpretation of the translation\'s "50%以上")',
);
const gap = engine(
  'Between 20% and 50% short meets no level above not completed',
  'interpretation: the decree defines completed (<= 20% short) and not completed (> 50% short) and is silent on the gap; it meets neither completed nor better',
);
const ART_12_13 =
  'verified for public employees (art. 12(2), 13(2)) https://thuvienphapluat.vn/hoi-dap-phap-luat/53DF5-hd-vien-chuc-duoc-xep-loai-muc-hoan-thanh-tot-khi-nao.html and ' +
  'https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/what-are-criteria-for-classifying-the-quality-of-public-employees-completing-their-tasks-at-the-level-of-excellent-in-vietnam-392886; ' +
  'the cadre and civil-servant articles (art. 4-11) were not found in the stored pages and are taken to read alike';
const unitExcellent = law('Leaders: excellent needs the unit to complete all its targets, at least 50% of them exceeded', ART_12_13);
const unitDirectUnits = law(
  'Leaders: excellent needs 100% of the units under their direct management at least completed, at least 70% of them good or excellent',
  `${ART_12_13}. A unit's level is its head's level (the record rates people, not units): interpretation; a leader who manages no unit directly meets it`,
);
const unitGood = law('Leaders: good needs the unit to complete all its targets, at least 80% of them on time with quality', ART_12_13);
const unitCompleted = law('Leaders: completed needs the unit to complete more than 70% of its targets', ART_12_13);
const unitNotCompleted = law('Leaders: not completed when the unit completes under 50% of its targets', ART_12_13);

/**
 * Decree 90/2020/ND-CP as amended by Decree 48/2023/ND-CP: assessment years 2023 to
 * 2025, and public employees until a newer policy covers them. A ratio ladder over
 * the share of tasks done on time with quality. Version 2: years 2020 to 2022 moved to
 * {@link vnDecree90of2020} (Decree 48/2023 applies from 2023-09-15).
 */
export const vnDecree90of2020as48of2023: Policy = {
  id: 'vn-decree-90-2020-48-2023',
  version: 2,
  title: 'Decree 90/2020/ND-CP (amended by 48/2023/ND-CP): ratio-based classification',
  scope: [
    { category: 'cadre', fromYear: 2023, toYear: 2025, source: inForce('Cadres, assessment years 2023 to 2025') },
    { category: 'civil_servant', fromYear: 2023, toYear: 2025, source: inForce('Civil servants, 2023 until replaced by Decree 335/2025 from 2026') },
    { category: 'public_employee', fromYear: 2023, source: inForce('Public employees from 2023, until a newer instrument covers them') },
  ],
  eligibility: [
    {
      kind: 'min_months_worked',
      id: 'eligibility/min-months-worked',
      minMonths: 6,
      creditedLeaveKinds: ['maternity'],
      source: law(
        'Art. 2(3): worked under 6 months in the year: not classified, except for maternity leave',
        'verified https://thuvienphapluat.vn/hoi-dap-phap-luat/4FE39-hd-co-tien-hanh-danh-gia-xep-loai-chat-luong-doi-voi-can-bo-cong-chuc-vua-moi-trung-tuyen-hay-khong.html',
      ),
    },
    {
      kind: 'assigned_work_recorded',
      id: 'eligibility/assigned-work-recorded',
      source: engine('The ratios need at least one assigned task; without it there is nothing to classify'),
    },
  ],
  ladders: [
    {
      id: 'individual',
      title: 'Tasks on time with quality',
      appliesTo: 'everyone',
      levels: [
        {
          level: 'excellent',
          conditions: [
            { id: 'excellent/on-time-with-quality', operand: { metric: 'onTimeWithQualityRatio' }, op: '>=', threshold: 1, source: excellent },
            { id: 'excellent/exceeded', operand: { metric: 'exceededRatio' }, op: '>=', threshold: 0.5, source: excellent },
          ],
        },
        {
          level: 'good',
          conditions: [{ id: 'good/on-time-with-quality', operand: { metric: 'onTimeWithQualityRatio' }, op: '>=', threshold: 1, source: good }],
        },
        {
          level: 'completed',
          conditions: [{ id: 'completed/short', operand: { metric: 'shortRatio' }, op: '<=', threshold: 0.2, source: completed }],
        },
      ],
      notCompletedWhen: [{ id: 'not-completed/short', operand: { metric: 'shortRatio' }, op: '>', threshold: 0.5, source: notCompleted }],
      fallthrough: gap,
    },
    {
      id: 'unit',
      title: "Leaders: the unit's results",
      appliesTo: 'leaders',
      levels: [
        {
          level: 'excellent',
          conditions: [
            { id: 'unit-excellent/targets-met', operand: { metric: 'unit.targetsMetRatio' }, op: '>=', threshold: 1, source: unitExcellent },
            { id: 'unit-excellent/targets-exceeded', operand: { metric: 'unit.targetsExceededRatio' }, op: '>=', threshold: 0.5, source: unitExcellent },
            { id: 'unit-excellent/direct-units-at-least-completed', operand: { metric: 'unit.directUnitsAtLeastCompletedRatio' }, op: '>=', threshold: 1, source: unitDirectUnits },
            { id: 'unit-excellent/direct-units-good-or-better', operand: { metric: 'unit.directUnitsGoodOrBetterRatio' }, op: '>=', threshold: 0.7, source: unitDirectUnits },
          ],
        },
        {
          level: 'good',
          conditions: [
            { id: 'unit-good/targets-met', operand: { metric: 'unit.targetsMetRatio' }, op: '>=', threshold: 1, source: unitGood },
            { id: 'unit-good/on-time-with-quality', operand: { metric: 'unit.onTimeWithQualityRatio' }, op: '>=', threshold: 0.8, source: unitGood },
          ],
        },
        {
          level: 'completed',
          conditions: [{ id: 'unit-completed/targets-met', operand: { metric: 'unit.targetsMetRatio' }, op: '>', threshold: 0.7, source: unitCompleted }],
        },
      ],
      notCompletedWhen: [
        { id: 'unit-not-completed/targets-met', operand: { metric: 'unit.targetsMetRatio' }, op: '<', threshold: 0.5, source: unitNotCompleted },
      ],
      fallthrough: engine(
        'Leaders: a unit completing 50% to 70% of its targets meets no level above not completed',
        'interpretation: the decree sets completed (> 70%) and not completed (< 50%) and is silent on the gap',
      ),
    },
  ],
  caps: [
    {
      kind: 'absence',
      id: 'cap/absence-3-to-6-months',
      fromMonths: 3,
      belowMonths: 6,
      exemptLeaveKinds: ['maternity'],
      atMost: 'completed',
      source: law(
        'Art. 2(3): absent from 3 to under 6 months in the year: at most completed; a person on maternity leave is classified on the time actually worked (maternity is not absence for this cap)',
        'verified https://thuvienphapluat.vn/hoi-dap-phap-luat/4FE39-hd-co-tien-hanh-danh-gia-xep-loai-chat-luong-doi-voi-can-bo-cong-chuc-vua-moi-trung-tuyen-hay-khong.html',
      ),
    },
  ],
  overrides: [
    {
      kind: 'discipline',
      id: 'override/discipline',
      requireReprimandOrAbove: false,
      requirePublicServiceViolation: false,
      oncePerViolation: true,
      source: {
        document: 'Decree 48/2023/ND-CP',
        provision:
          'Not completed when disciplined (Party or administrative) in the assessment year; a violation counts in one assessment year only, also when the Party and the administrative decisions take effect in different years',
        basis: 'legal_text',
        note: DECREE_48_VERIFIED,
      },
    },
    {
      kind: 'fact',
      id: 'override/degradation',
      fact: 'degradationConcluded',
      leadersOnly: false,
      source: law(
        'Not completed when political, ethical or lifestyle degradation is concluded',
        'verified for public employees (art. 15(1)(a) as amended by Decree 48/2023, Japanese translation) https://ja.congdoanvietnam.vn/tu-van-phap-luat/tieu-chi-xep-loai-chat-luong-vien-chuc-o-muc-khong-hoan-thanh-nhiem-vu-nam-2025-15886.tld; civil servants (art. 11): interpretation, not found',
      ),
    },
  ],
  quota: {
    id: 'quota/excellent-share-of-good',
    share: {
      value: 0.2,
      source: {
        document: 'Party guidance on rating party members (Hướng dẫn 21-HD/BTCTW, 2019), as referred to by Decree 48/2023/ND-CP',
        provision:
          'Decree 48/2023: the share rated excellent within an agency and within each group with similar tasks may not exceed the share of party members rated excellent under the Party\'s rules; the Party guidance: excellent at most 20% of those rated good',
        basis: 'legal_text',
        note:
          'verified https://doanhnhan.vn/tag/cong-chuc-vien-chuc (Decree 48/2023 refers to the Party rate) and ' +
          'https://thuvienphapluat.vn/hoi-dap-phap-luat/4C187-hd-co-giay-khen-hoan-thanh-xuat-sac-nhiem-vu-co-duoc-coi-la-dang-vien-du-tu-cach-hoan-thanh-xuat-sac-nhiem-vu.html (20% of those rated good); ' +
          'later Party rules (e.g. Quy định 366-QĐ/TW, 2025) may set another share: change this number with its source',
      },
    },
    base: { value: 'classified', source: engine('The good count is taken as classified, before the pass') },
    rounding: { value: 'floor', source: engine('The quota is rounded down: "at most 20%" is never exceeded') },
    scopes: { value: [['unitId', 'taskGroup'], ['unitId']], source: law('Per group with similar tasks, within the unit') },
    dropOrder: {
      value: [
        { key: 'exceededRatio', direction: 'asc' },
        { key: 'total.qualityExceeded', direction: 'asc' },
      ],
      source: engine('No score under this decree: the smallest share of tasks exceeded drops first, then fewer exceeded, then staff id'),
    },
  },
  overlays: [],
};

/**
 * The original Decree 90/2020/ND-CP (in force 2020-08-20), assessment years 2020 to
 * 2022: the same ladders and time rules, without what Decree 48/2023 added (the quota
 * tied to the Party's rate and the once-per-violation discipline rule).
 */
export const vnDecree90of2020: Policy = {
  ...vnDecree90of2020as48of2023,
  id: 'vn-decree-90-2020',
  version: 1,
  title: 'Decree 90/2020/ND-CP (before Decree 48/2023): ratio-based classification',
  scope: (['cadre', 'civil_servant', 'public_employee'] as const).map((category) => ({
    category,
    fromYear: 2020,
    toYear: 2022,
    source: {
      document: 'Decree 90/2020/ND-CP',
      provision: 'Assessment years 2020 to 2022 (in force from 2020-08-20; Decree 48/2023 amends it from 2023-09-15)',
      basis: 'legal_text' as const,
      note: 'verified https://luatduonggia.vn/van-ban/nghi-dinh-90-2020-nd-cp-28365 (in force 20/08/2020) and ' + DECREE_48_VERIFIED,
    },
  })),
  overrides: vnDecree90of2020as48of2023.overrides.map((o) =>
    o.kind === 'discipline'
      ? {
          ...o,
          oncePerViolation: false,
          source: {
            document: 'Decree 90/2020/ND-CP',
            provision: 'Not completed when disciplined in the assessment year (before Decree 48/2023 added the once-per-violation principle)',
            basis: 'interpretation' as const,
            note:
              'not verified: the original criteria text was not found in the stored pages; ' + DECREE_48_VERIFIED +
              ' states that the once-per-violation principle was added by Decree 48/2023',
          },
        }
      : o,
  ),
  quota: undefined,
};

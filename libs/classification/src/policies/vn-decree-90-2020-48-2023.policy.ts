import type { LegalSource, Policy } from '../policy.types.js';

const DOC = 'Decree 90/2020/ND-CP as amended by Decree 48/2023/ND-CP';
const law = (provision: string, note?: string): LegalSource => ({
  document: DOC,
  provision,
  basis: 'legal_text',
  ...(note ? { note } : {}),
});
const engine = (provision: string): LegalSource => ({ document: 'engine', provision, basis: 'interpretation' });

const excellent = law('Excellent: 100% of tasks on time with quality, at least 50% of them exceeded');
const good = law('Good: 100% of tasks on time with quality');
const completed = law('Completed: at most 20% of tasks short on progress or quality');
const notCompleted = law('Not completed: more than 50% of tasks short on progress or quality');
const gap = law(
  'Between 20% and 50% short meets no level above not completed',
  'The decree defines completed (<= 20% short) and not completed (> 50% short); the gap meets neither completed nor better',
);
const unitExcellent = law('Leaders: excellent needs the unit to meet all targets, at least 50% exceeded');
const unitGood = law('Leaders: good needs at least 80% of the unit tasks on time with quality');
const unitCompleted = law('Leaders: completed needs more than 70% of the unit tasks on time with quality');
const unitNotCompleted = law('Leaders: not completed when under 50% of the unit tasks are on time with quality');

/**
 * Decree 90/2020/ND-CP as amended by Decree 48/2023/ND-CP: assessment years 2020 to
 * 2025, and public employees until a newer policy covers them. A ratio ladder over
 * the share of tasks done on time with quality.
 */
export const vnDecree90of2020as48of2023: Policy = {
  id: 'vn-decree-90-2020-48-2023',
  version: 1,
  title: 'Decree 90/2020/ND-CP (amended by 48/2023/ND-CP): ratio-based classification',
  scope: [
    { category: 'cadre', fromYear: 2020, toYear: 2025, source: law('Cadres, assessment years 2020 to 2025') },
    { category: 'civil_servant', fromYear: 2020, toYear: 2025, source: law('Civil servants until replaced by Decree 335/2025 from 2026') },
    { category: 'public_employee', fromYear: 2020, source: law('Public employees, until a newer instrument covers them') },
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
          ],
        },
        {
          level: 'good',
          conditions: [{ id: 'unit-good/on-time-with-quality', operand: { metric: 'unit.onTimeWithQualityRatio' }, op: '>=', threshold: 0.8, source: unitGood }],
        },
        {
          level: 'completed',
          conditions: [{ id: 'unit-completed/on-time-with-quality', operand: { metric: 'unit.onTimeWithQualityRatio' }, op: '>', threshold: 0.7, source: unitCompleted }],
        },
      ],
      notCompletedWhen: [
        { id: 'unit-not-completed/on-time-with-quality', operand: { metric: 'unit.onTimeWithQualityRatio' }, op: '<', threshold: 0.5, source: unitNotCompleted },
      ],
      fallthrough: law('Leaders: 50% to 70% of the unit tasks on time with quality meets no level above not completed'),
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
      source: law('Not completed when disciplined in the year; a violation counts in one year only'),
    },
    {
      kind: 'fact',
      id: 'override/degradation',
      fact: 'degradationConcluded',
      leadersOnly: false,
      source: law('Not completed when political, ethical or lifestyle degradation is concluded'),
    },
  ],
  quota: {
    id: 'quota/excellent-share-of-good',
    share: {
      value: 0.2,
      source: law(
        'Excellent at most 20% of the number rated good, per group with similar tasks',
        'Article number to be checked against the gazette text',
      ),
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

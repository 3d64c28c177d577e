import type { LegalSource, Policy } from '../policy.types.js';

const DOC = 'Decree 335/2025/ND-CP';
const law = (provision: string, note?: string): LegalSource => ({ document: DOC, provision, basis: 'legal_text', ...(note ? { note } : {}) });

const NLD = 'verified https://nld.com.vn/cong-thuc-tinh-diem-danh-gia-xep-loai-cong-chuc-theo-thang-diem-100-196251226083837329.htm';
const KIENTHUC = 'verified https://kienthuc.net.vn/quy-dinh-moi-ve-danh-gia-xep-loai-chat-luong-cong-chuc-post1594420.html';
const LAODONG_RULES = 'verified https://news.laodong.vn/thoi-su/quy-dinh-moi-ve-danh-gia-xep-loai-chat-luong-cong-chuc-tu-112026-1631174.ldo';
const LAODONG_LEADERS = 'verified https://news.laodong.vn/thoi-su/cong-chuc-lanh-dao-quan-ly-la-cap-pho-duoc-danh-gia-nhieu-tieu-chi-1632999.ldo';
const CAFEF = 'verified https://cafef.vn/cong-chuc-khong-hoan-thanh-nhiem-vu-trong-truong-hop-nao-188251228100335529.chn';
const NHANSU = 'verified https://nhansu.vn/van-ban-phap-luat/Nghi-dinh-335-2025-ND-CP%E2%80%8B-danh-gia-xep-loai-chat-luong-doi-voi-co-quan-hanh-chinh-nha-nuoc-686369.html';
const engine = (provision: string, note?: string): LegalSource => ({
  document: 'engine',
  provision,
  basis: 'interpretation',
  ...(note ? { note } : {}),
});

const ART_20_5 = 'https://cafef.vn/cong-chuc-khong-hoan-thanh-nhiem-vu-trong-truong-hop-nao-188251228100335529.chn';

const thresholdSource = law('Excellent >= 90, good 70 to < 90, completed 50 to < 70, not completed < 50 points', CAFEF);

/**
 * Decree 335/2025/ND-CP: civil servants, assessment years from 2026. A 100-point score:
 * general criteria (0..30, by the assessor) plus task results (0..70) scored per period.
 */
export const vnDecree335of2025: Policy = {
  id: 'vn-decree-335-2025',
  version: 1,
  title: 'Decree 335/2025/ND-CP: points-based classification of civil servants',
  scope: [{ category: 'civil_servant', fromYear: 2026, source: law('Applies to civil servants from 1 January 2026', NHANSU) }],
  eligibility: [
    {
      kind: 'assigned_work_recorded',
      id: 'eligibility/assigned-work-recorded',
      source: engine(
        'Task results need at least one period with assigned work; without it there is nothing to score',
        'Not classified rather than scored zero, so that a missing record is not held against the staff member',
      ),
    },
  ],
  scoring: {
    kind: 'points',
    generalCriteriaMax: { value: 30, source: law('General criteria: up to 30 points, scored by the assessor', NLD) },
    taskResultsMax: { value: 70, source: law('Task results: up to 70 points', NLD) },
    period: { value: 'month', source: law('Task results are scored monthly or quarterly', KIENTHUC) },
    split: {
      value: { quantity: 1 / 3, quality: 1 / 3, progress: 1 / 3 },
      source: {
        document: 'engine',
        provision: 'Split of the 70 task-result points between quantity, quality and progress',
        basis: 'parameter_default',
        note: 'Not stated in the public sources found; equal thirds by default, set by the policy owner',
      },
    },
    qualityDeductionPerBelowReview: {
      value: 0.25,
      source: law("Each failed quality review deducts 25% of that item's quality points, unless an objective cause is confirmed", KIENTHUC),
    },
    qualityReading: {
      value: 'share_meeting_requirements',
      source: {
        document: DOC,
        provision:
          'Art. 14: quality = share of the assigned products/work completed and meeting the content requirements; each failed assessment deducts 25% of that product\'s quality points unless an objective cause is confirmed',
        basis: 'legal_text',
        note:
          'verified https://kienthuc.net.vn/quy-dinh-moi-ve-danh-gia-xep-loai-chat-luong-cong-chuc-post1594420.html (literal reading, the default); ' +
          'the other reading (`deduction_per_below_review`: an item finally judged below keeps 75% of its quality points) is a policy parameter',
      },
    },
    progressDeductionPerDelay: {
      value: 0.25,
      source: law("Each delay deducts 25% of that item's progress points, unless an objective cause is confirmed", LAODONG_RULES),
    },
    periodsWithoutAssignedWork: {
      value: 'excluded',
      source: engine('A period with nothing assigned has no task score and is left out of the average'),
    },
    leaderUnitFactor: {
      allSubordinatesAtLeastCompleted: { value: 1, source: law('Leaders: unit factor 100% when every subordinate is at least completed', LAODONG_LEADERS) },
      anySubordinateNotCompleted: { value: 0.5, source: law('Leaders: unit factor 50% when any subordinate is not completed', LAODONG_LEADERS) },
      appliesTo: {
        value: 'task_results',
        source: engine('The unit factor multiplies the task-results part (0..70), not the general criteria'),
      },
    },
    unconfirmedSheets: {
      value: 'average_confirmed',
      source: {
        document: DOC,
        provision:
          'Art. 14: task results are scored monthly or quarterly from the converted products; the annual task score is the average of the periods. ' +
          'Which periods count when some are not confirmed is not stated: the confirmed ones are averaged and the others listed in the trace',
        basis: 'interpretation',
        note:
          'verified https://news.laodong.vn/tu-van-phap-luat/cong-chuc-duoc-xac-dinh-ket-qua-thuc-hien-nhiem-vu-theo-tieu-chi-nao-1673341.ldo (art. 14 text) and ' +
          'https://ja.laodong.vn/cong-doan/thoi-diem-xep-loai-chat-luong-cong-chuc-tu-ngay-112026-1632425.ldo (art. 21: the year-end average of the monthly/quarterly results); ' +
          'interpretation: `all_required` (an unconfirmed period is an input error) is the stricter reading a province may set by overlay',
      },
    },
    sheetContestWindowDays: {
      value: 10,
      source: engine(
        'Days after a period score sheet is published during which the civil servant may contest it',
        'interpretation: the sources read set no window for monthly or quarterly results; 10 days by default, set by the province by overlay',
      ),
    },
    scoreDecimals: {
      value: 2,
      source: engine('The annual score is rounded half up to 2 decimals before the thresholds, to avoid floating-point noise'),
    },
  },
  ladders: [
    {
      id: 'individual',
      title: 'Score thresholds',
      appliesTo: 'everyone',
      levels: [
        { level: 'excellent', conditions: [{ id: 'score-excellent', operand: { metric: 'score' }, op: '>=', threshold: 90, source: thresholdSource }] },
        { level: 'good', conditions: [{ id: 'score-good', operand: { metric: 'score' }, op: '>=', threshold: 70, source: thresholdSource }] },
        { level: 'completed', conditions: [{ id: 'score-completed', operand: { metric: 'score' }, op: '>=', threshold: 50, source: thresholdSource }] },
      ],
      notCompletedWhen: [{ id: 'score-not-completed', operand: { metric: 'score' }, op: '<', threshold: 50, source: thresholdSource }],
      fallthrough: thresholdSource,
    },
  ],
  caps: [],
  overrides: [
    {
      kind: 'discipline',
      id: 'override/discipline',
      requireReprimandOrAbove: true,
      requirePublicServiceViolation: true,
      oncePerViolation: false,
      source: law('Not completed when disciplined at reprimand or above in the year for a violation in performing public duties', CAFEF),
    },
    {
      kind: 'fact',
      id: 'override/degradation',
      fact: 'degradationConcluded',
      leadersOnly: false,
      source: law('Not completed when political, ethical or lifestyle degradation is concluded', CAFEF),
    },
    {
      kind: 'fact',
      id: 'override/unit-corruption-or-waste',
      fact: 'unitHandledForCorruptionOrWaste',
      leadersOnly: true,
      source: law('Leaders: not completed when a unit under their direct charge is handled for corruption or waste', CAFEF),
    },
  ],
  quota: {
    id: 'quota/excellent-share-of-good',
    share: {
      value: 0.2,
      source: {
        ...law('Art. 20(5)(a): excellent at most 20% of the number rated good, within one agency and within each group of civil servants with similar tasks'),
        note: `verified ${ART_20_5}`,
      },
    },
    base: {
      value: 'classified',
      source: {
        document: 'engine',
        provision: 'Which good count the 20% is taken of: as classified, before the pass (the published result then satisfies the rule too)',
        basis: 'parameter_default',
        note: 'interpretation: art. 20(5)(a) says "20% of the number rated good" without saying before or after the pass; `final` is the other reading',
      },
    },
    rounding: {
      value: 'floor',
      source: {
        ...law('Art. 20(5)(a): the share "may not exceed" 20%: the number allowed is rounded down'),
        note: `verified ${ART_20_5}; with fewer than 5 rated good in a group nobody in it can stay excellent, as the text reads (no minimum group size is stated)`,
      },
    },
    scopes: {
      value: [['unitId', 'taskGroup'], ['unitId']],
      source: { ...law('Art. 20(5)(a): within each group of similar tasks of a unit, and within the unit'), note: `verified ${ART_20_5}` },
    },
    grouping: {
      value: 'declared_job_position_sets',
      source: {
        document: 'engine',
        provision:
          'A group of similar tasks is a set of job positions declared for the unit (with the run); a unit without declared groups is one group',
        basis: 'interpretation',
        note: 'interpretation: the decree does not say how groups are formed; free-text job positions would make groups of one by spelling',
      },
    },
    outstandingUnitException: {
      value: 'decided_share',
      source: {
        ...law(
          'Art. 20(5)(b): for an organisation with outstanding achievements the share rated excellent may be higher, as decided by the competent authority',
        ),
        basis: 'interpretation',
        note:
          `not verified past its first words: every stored page (e.g. ${ART_20_5}) cuts point (b) after "tạo sự chuyển bi..."; ` +
          'encoded as the excerpts read it: the share is never assumed, it is an input of the run with the decision that set it',
      },
    },
    dropOrder: {
      value: [
        { key: 'score', direction: 'asc' },
        { key: 'total.qualityExceeded', direction: 'asc' },
      ],
      source: engine('Those over the quota drop to good lowest score first; ties: fewer items exceeded first, then staff id'),
    },
  },
  overlays: [],
};

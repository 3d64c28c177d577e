import type { LocalDate } from '../shared/ids.js';
import type { DisciplinaryForm, DisciplineSubjectCategory } from './discipline-forms.policy.js';

/**
 * The disciplinary procedure as data: who convenes the self-review meeting, who sits on
 * the council by role, when a case is not yet considered, what exempts, and the legal
 * consequences of a decision. Each rule carries its source and its status:
 * `verified <url>` (the text was read on that page) or `interpretation: <reason>`.
 */

const D112 = 'Decree 112/2020/NĐ-CP';
const D71 = 'Decree 71/2023/NĐ-CP';
const D172 = 'Decree 172/2025/NĐ-CP';

/** Pages the rules were checked against (search corpus `pages`). */
export const DISCIPLINE_SOURCES = {
  selfReviewConvener:
    'https://thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/ho-tro-phap-luat/tu-van-phap-luat/69956/quy-trinh-tien-hanh-to-chuc-cuoc-hop-kiem-diem-cong-chuc',
  selfReviewProcedure: 'https://amp.laodong.vn/ban-doc/quy-trinh-tien-hanh-to-chuc-cuoc-hop-kiem-diem-cong-chuc-1385146.ldo',
  councilComposition:
    'https://hethongphapluat.com/van-ban-hop-nhat-5-vbhn-bnv-nam-2023-hop-nhat-nghi-dinh-ve-xu-ly-ky-luat-can-bo-cong-chuc-vien-chuc-do-bo-noi-vu-ban-hanh/dieu-28',
  communeCouncil: 'https://trolyluat.vn/bai-viet/thanh-vien-hoi-dong-ky-luat-doi-voi-cong-chuc-cap-xa-gom-nhung-ai-2833',
  councilMeeting: 'https://hethongphapluat.com/nghi-dinh-112-2020-nd-cp-ve-xu-ly-ky-luat-can-bo-cong-chuc-vien-chuc/dieu-29',
  councilPrinciples:
    'https://lawnet.vn/ngan-hang-phap-luat/en/tu-van-phap-luat/bo-may-hanh-chinh/can-the-old-disciplinary-council-be-used-again-to-handle-disciplinary-action-against-public-employees-in-vietnam-397067',
  notYetConsidered172: 'https://znews.vn/bo-hinh-thuc-ky-luat-giang-chuc-va-ha-bac-luong-doi-voi-cong-chuc-post1563132.html',
  notYetConsidered71: 'https://lsvn.vn/can-bo-cong-chuc-vien-chuc-nu-dang-mang-thai-van-co-the-xu-ly-ky-luat-1695383696-a135513.html',
  periodNotCounted: 'https://thuvienphapluat.vn/cong-dong-dan-luat/keo-dai-thoi-han-ky-luat-cong-chuc-theo-nghi-dinh-1122020ndcp-189348.aspx',
  periodNotCountedOld: 'https://luatvietnam.vn/luat-su-tu-van/xu-ly-ky-luat-doi-voi-cong-chuc-dang-nuoi-con-duoi-12-thang-tuoi-128421-faqs.html',
  processing172: 'https://news.laodong.vn/thoi-su/bo-hinh-thuc-ky-luat-giang-chuc-va-ha-bac-luong-doi-voi-cong-chuc-1533915.ldo',
  exemptions:
    'https://thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/ho-tro-phap-luat/chinh-sach-moi/31291/cac-truong-hop-can-bo-cong-chuc-vien-chuc-duoc-mien-trach-nhiem-ky-luat',
  decisionInEffect71:
    'http://m.mattran.org.vn/chuong-trinh-phoi-hop/nghi-dinh-so-712023ndcp-cua-chinh-phu-sua-doi-bo-sung-nguyen-tac-xu-ly-ky-luat-can-bo-cong-chuc-vien-chuc-52323.html',
  appointmentBar: 'https://www.vietnam.vn/en/bo-giang-chuc-va-ha-bac-luong-voi-cong-chuc',
  repeatOneLevelHeavier: 'https://nhansu.vn/phap-luat-lao-dong/toan-van-nghi-dinh-172-2025-nd-cp-ve-xu-ly-ky-luat-can-bo-cong-chuc-33686.html',
  forms112: 'https://thukyluat.vn/news/can-bo-cong-chuc-vien-chuc/cong-chuc-la-lanh-dao-quan-ly-se-khong-bi-ap-dung-ky-luat-ha-bac-luong-82632.html',
  law2019Art79: 'https://luatvietnam.vn/can-bo-cong-chuc/khong-ha-bac-luong-cong-chuc-lanh-dao-566-26507-article.html',
  forms172: 'https://www.vietnam.vn/en/bo-hinh-thuc-ky-luat-giang-chuc-va-ha-bac-luong-voi-cong-chuc',
  /** Decree 112 art. 37(1) as amended by Decree 71/2023 art. 1(21): the decision follows the council's written recommendation (thuvienphapluat.vn content on its mirror). */
  decisionOnRecommendation:
    'http://118.69.201.249:801/lao-dong-tien-luong/trinh-tu-ra-quyet-dinh-ky-luat-vien-chuc-duoc-thuc-hien-the-nao-31524.html',
  /** Decree 35/2005 procedure as described: the head decided alone when the council disagreed (a rule the current text no longer has). */
  headDecidedAlone2005: 'https://123docz.net/trich-doan/4501138-thoi-han-xu-ly-ki-luat.htm',
} as const;

/**
 * Searched again on 2026-12-01 (search corpus `pages`, Vietnamese and English queries on
 * thuvienphapluat.vn, luatvietnam.vn, vbpl.vn, chinhphu.vn and news sites) and not found:
 * the article on a decision heavier than the council's recommendation, the council
 * article of Decree 172/2025, and its transitional article. Those rules stay
 * interpretations, each with its reason.
 */
export const DISCIPLINE_NOT_FOUND_SEARCHED_ON = '2026-12-01';

const v = (url: string): string => `verified ${url}`;

// ---------------------------------------------------------------- self-review meeting

/** Who convenes (chairs) the self-review meeting. */
export type SelfReviewConvenerRole = 'head_of_employing_unit' | 'deputy_head_of_employing_unit' | 'superior_body_leader';

export const SELF_REVIEW_RULES = {
  required: {
    categories: ['cadre', 'civil_servant', 'public_employee'] as readonly DisciplineSubjectCategory[],
    source: `${D112} art. 26 as amended by ${D71} art. 1(12): the self-review meeting is the first step of the procedure for a civil servant (${v(DISCIPLINE_SOURCES.selfReviewProcedure)}); applied to cadres and public employees too (interpretation: the same decree sets a self-review step for each category, text for those categories not read)`,
  },
  convener: {
    source: `${D112} art. 26(1) as amended by ${D71} art. 1(12): for a civil servant without a leadership post the head of the employing unit chairs; for a head or deputy head the leadership of the directly superior body organises it; when the head and every deputy are excluded by art. 2(11) the superior body's leadership chairs (${v(DISCIPLINE_SOURCES.selfReviewConvener)}); a deputy chairing for a non-leader is an interpretation (the text names the head)`,
  },
  absence: {
    secondSummons: 2,
    source: `${D112} art. 26(3) as amended by ${D71} art. 1(12): the meeting goes ahead when the subject is present without a self-criticism, absent with a written request to hold it in absence, or absent at the second summons (${v(DISCIPLINE_SOURCES.selfReviewProcedure)})`,
  },
  vote: {
    source: `${D112} art. 26(3) as amended: the meeting ends with a vote proposing a form (${v(DISCIPLINE_SOURCES.selfReviewProcedure)}, text truncated after the members' statements: the secret ballot and majority of this vote are an interpretation)`,
  },
  minutes: {
    source: `${D112} art. 29(1)(d): the council's file includes the minutes of the self-review meeting of the employing unit (${v(DISCIPLINE_SOURCES.councilMeeting)})`,
  },
} as const;

/** Where the decree leaves the self-review step to the employer's rules (workers: Labour Code), it is not required. */
export function selfReviewRequired(category: DisciplineSubjectCategory): boolean {
  return SELF_REVIEW_RULES.required.categories.includes(category);
}

// ---------------------------------------------------------------- council

/** A seat on the disciplinary council. */
export type CouncilRole =
  | 'chair'
  | 'secretary'
  | 'employing_unit_leader'
  | 'party_representative'
  | 'trade_union_representative'
  | 'commune_leader'
  | 'specialist_office_representative'
  | 'member';

/** Administrative level of the subject, where the decree sets a different council. */
export type SubjectLevel = 'central_or_provincial' | 'commune';

export interface CouncilSeat {
  readonly role: CouncilRole;
  readonly count: number;
  /** The body the person represents, as the decree names it. */
  readonly body: string;
}

export interface CouncilComposition {
  readonly id: string;
  readonly category: DisciplineSubjectCategory;
  readonly level?: SubjectLevel;
  readonly leader?: boolean;
  readonly effectiveFrom: LocalDate;
  readonly effectiveUntil?: LocalDate;
  readonly seats: readonly CouncilSeat[];
  readonly source: string;
}

const REFORM_2025: LocalDate = '2025-07-01';
const AMENDMENT_2019: LocalDate = '2020-07-01';

const seat = (role: CouncilRole, body: string, count = 1): CouncilSeat => ({ role, count, body });

const ART28_NON_LEADER: readonly CouncilSeat[] = [
  seat('chair', 'head or deputy head of the body managing the civil servant'),
  seat('employing_unit_leader', 'head or deputy head of the unit directly employing the civil servant'),
  seat('party_representative', 'party committee of the employing unit'),
  seat('trade_union_representative', 'trade union executive committee of the managing body'),
  seat('secretary', 'personnel (organisation and cadres) advisory body of the managing body'),
];
const ART28_LEADER: readonly CouncilSeat[] = [
  seat('chair', 'head or deputy head of the body managing the civil servant'),
  seat('employing_unit_leader', 'head or deputy head of the unit directly employing the civil servant'),
  seat('party_representative', 'party organisation of the managing body'),
  seat('trade_union_representative', 'trade union executive committee of the managing body'),
  seat('secretary', 'personnel (organisation and cadres) advisory body of the managing body'),
];
const ART28_COMMUNE: readonly CouncilSeat[] = [
  seat('chair', 'chair or vice-chair of the district people\'s committee'),
  seat('trade_union_representative', 'district labour federation'),
  seat('commune_leader', 'leadership of the commune people\'s committee'),
  seat('specialist_office_representative', 'specialised office or body concerned'),
  seat('secretary', 'district home-affairs office'),
];

/**
 * Council compositions by category, level and leadership. Only the civil-servant
 * councils of Decree 112 art. 28 were read; the rest fall back to the chair, secretary
 * and members with the quorum the decree's meeting rules need (interpretation).
 */
export const COUNCIL_COMPOSITIONS: readonly CouncilComposition[] = [
  {
    id: 'civil_servant/2020/non-leader',
    category: 'civil_servant',
    level: 'central_or_provincial',
    leader: false,
    effectiveFrom: AMENDMENT_2019,
    effectiveUntil: REFORM_2025,
    seats: ART28_NON_LEADER,
    source: `${D112} art. 28(1) as consolidated by 05/VBHN-BNV 2023: 5 members (${v(DISCIPLINE_SOURCES.councilComposition)})`,
  },
  {
    id: 'civil_servant/2020/leader',
    category: 'civil_servant',
    level: 'central_or_provincial',
    leader: true,
    effectiveFrom: AMENDMENT_2019,
    effectiveUntil: REFORM_2025,
    seats: ART28_LEADER,
    source: `${D112} art. 28(2) as consolidated by 05/VBHN-BNV 2023: 5 members, points (a)-(c) ${v(DISCIPLINE_SOURCES.councilComposition)}; points (d)-(đ) (trade union, secretary) are an interpretation: the page excerpt ends at (d)`,
  },
  {
    id: 'civil_servant/2020/commune',
    category: 'civil_servant',
    level: 'commune',
    effectiveFrom: AMENDMENT_2019,
    effectiveUntil: REFORM_2025,
    seats: ART28_COMMUNE,
    source: `${D112} art. 28(3): commune civil servants, 5 members (${v(DISCIPLINE_SOURCES.communeCouncil)})`,
  },
  {
    id: 'civil_servant/2025/non-leader',
    category: 'civil_servant',
    leader: false,
    effectiveFrom: REFORM_2025,
    seats: ART28_NON_LEADER,
    source: `${D172}: interpretation, not verified: the council article of Decree 172/2025 was not found in the searched pages (searched again ${DISCIPLINE_NOT_FOUND_SEARCHED_ON}); the 5 roles of ${D112} art. 28(1) are kept (the 2-level reform removed the district, so there is no separate commune council: ${v(DISCIPLINE_SOURCES.forms172)})`,
  },
  {
    id: 'civil_servant/2025/leader',
    category: 'civil_servant',
    leader: true,
    effectiveFrom: REFORM_2025,
    seats: ART28_LEADER,
    source: `${D172}: interpretation, not verified (council article not found, searched again ${DISCIPLINE_NOT_FOUND_SEARCHED_ON}): the 5 roles of ${D112} art. 28(2) are kept`,
  },
];

/** Fallback for categories whose council article was not read: chair, secretary, at least one member. */
export const GENERIC_COUNCIL: Omit<CouncilComposition, 'category' | 'effectiveFrom'> = {
  id: 'generic',
  seats: [seat('chair', 'managing body'), seat('secretary', 'personnel advisory body'), seat('member', 'as the decree sets', 1)],
  source: `interpretation: the council article for this category was not read; at least a chair, a secretary and one member so that the quorum of 3 (${D112} art. 34(2)(a), ${v(DISCIPLINE_SOURCES.councilPrinciples)}) is possible`,
};

/** The composition a council for this subject must have on a date. */
export function councilComposition(
  category: DisciplineSubjectCategory,
  isLeader: boolean,
  level: SubjectLevel,
  onDate: LocalDate,
): CouncilComposition {
  const inForce = COUNCIL_COMPOSITIONS.filter(
    (c) => c.category === category && c.effectiveFrom <= onDate && (c.effectiveUntil === undefined || onDate < c.effectiveUntil),
  );
  const match =
    inForce.find((c) => c.level === 'commune' && level === 'commune') ??
    inForce.find((c) => c.level !== 'commune' && (c.leader === undefined || c.leader === isLeader));
  return match ?? { ...GENERIC_COUNCIL, category, effectiveFrom: onDate };
}

export const COUNCIL_RULES = {
  conflict: {
    source: `${D112} art. 2(11) added by ${D71} art. 1(2): a spouse, parent, parent-in-law, adoptive parent, child, sibling, aunt or uncle, sibling-in-law, or a person with rights or obligations related to the violation may not sit on the council or chair the self-review meeting (${v(DISCIPLINE_SOURCES.selfReviewConvener)})`,
  },
  quorum: {
    minPresent: 3,
    source: `${D112} art. 34(2)(a): the council meets with at least 3 members present including the chair and the secretary (${v(DISCIPLINE_SOURCES.councilPrinciples)}, the public-employee council; applied to the civil-servant council as an interpretation, its own principles clause was not read)`,
  },
  secretBallot: {
    source: `${D112} art. 34(2)(b)-(c): the council recommends a form by secret ballot, the minutes record the opinions and the ballot result (${v(DISCIPLINE_SOURCES.councilPrinciples)})`,
  },
  majority: {
    source: `interpretation: the recommendation is the form carried by more than half of the members present; the decree's majority wording was not found in the pages read`,
  },
  summons: {
    source: `${D112} art. 29(2)(c): an absent subject does not stop the council, which proceeds with the remaining steps (${v(DISCIPLINE_SOURCES.councilMeeting)}); that the summons must have reached the subject before the meeting is an interpretation of art. 29(1) (the excerpt omits point (a))`,
  },
  replacement: {
    source: 'interpretation: a member who cannot sit (conflict, absence, transfer) is replaced by a person of the same role; the decree text on replacement was not read',
  },
} as const;

// ---------------------------------------------------------------- decision follows the council

export const DECISION_RULES = {
  notHeavier: {
    source: `interpretation, not verified (searched again ${DISCIPLINE_NOT_FOUND_SEARCHED_ON}): no article read forbids or allows a form heavier than the council recommended. Read: ${D112} art. 37(1)(b) as amended by ${D71} art. 1(21) has the competent level decide a discipline, or conclude there was no violation, on the council's written recommendation (${v(DISCIPLINE_SOURCES.decisionOnRecommendation)}); the 2005 rule that let the head decide alone when head and council disagreed (Decree 35/2005, ${v(DISCIPLINE_SOURCES.headDecidedAlone2005)}) is absent from that text. Reason for the reading: a form the council never voted on would not rest on its recommendation. The lawful basis for a heavier form is the repeat-violation rule (${D172} art. 2(3), ${D112} art. 2(3): a new violation while a decision is in effect is disciplined one level heavier, ${v(DISCIPLINE_SOURCES.repeatOneLevelHeavier)})`,
  },
  requiresRecommendation: {
    source: `${D112} art. 29: the council's meeting, with its secret ballot, precedes the decision (${v(DISCIPLINE_SOURCES.councilMeeting)}); art. 37(1)(a)-(b) as amended by ${D71} art. 1(21): the council sends its written recommendation with the minutes within 5 working days and the decision is taken on it (${v(DISCIPLINE_SOURCES.decisionOnRecommendation)}, the public-employee article; the civil-servant article 30 is read alike: interpretation)`,
  },
} as const;

// ---------------------------------------------------------------- not yet considered (suspension)

export type SuspensionGround =
  | 'serious_illness'
  | 'pregnancy'
  | 'maternity_leave'
  | 'child_under_12_months'
  | 'detained_or_prosecuted';

export interface SuspensionRule {
  readonly ground: SuspensionGround;
  /** The subject's written request lets the case go on despite the ground. */
  readonly subjectMayRequestConsideration: boolean;
  /** A competent authority's decision lets the case go on despite the ground. */
  readonly authorityMayOverride: boolean;
  /** The time suspended is not counted in the processing period. */
  readonly pausesProcessing: boolean;
  readonly source: string;
}

const FAMILY = `${D172} and ${D112} art. 3 as amended by ${D71}: a woman pregnant, on maternity leave or raising a child under 12 months (or a man raising one alone), unless she or he asks in writing to be considered (${v(DISCIPLINE_SOURCES.notYetConsidered172)}; ${v(DISCIPLINE_SOURCES.notYetConsidered71)})`;
const PAUSE = `the time not yet considered is not counted in the processing period: ${D112} art. 5(4) for criminal proceedings (${v(DISCIPLINE_SOURCES.periodNotCounted)}); for the other grounds an interpretation from the predecessor rule (Decree 34/2011 art. 2(5), ${v(DISCIPLINE_SOURCES.periodNotCountedOld)})`;

export const SUSPENSION_RULES: readonly SuspensionRule[] = [
  {
    ground: 'serious_illness',
    subjectMayRequestConsideration: false,
    authorityMayOverride: false,
    pausesProcessing: true,
    source: `${D172}: treatment of a grave illness, loss of cognition, or serious illness treated as an in-patient with a medical certificate (${v(DISCIPLINE_SOURCES.notYetConsidered172)}); ${PAUSE}`,
  },
  ...(['pregnancy', 'maternity_leave', 'child_under_12_months'] as const).map((ground) => ({
    ground,
    subjectMayRequestConsideration: true,
    authorityMayOverride: false,
    pausesProcessing: true,
    source: `${FAMILY}; ${PAUSE}`,
  })),
  {
    ground: 'detained_or_prosecuted',
    subjectMayRequestConsideration: false,
    authorityMayOverride: true,
    pausesProcessing: true,
    source: `${D172}: prosecuted, held or detained pending the conclusion of the investigating, prosecuting or trial body, unless the competent level decides otherwise (${v(DISCIPLINE_SOURCES.notYetConsidered172)}); ${PAUSE}`,
  },
];

export const LIMITATION_DURING_SUSPENSION = {
  paused: false,
  source:
    'interpretation: no text read says the limitation period (thời hiệu) pauses while a case is not yet considered; only the processing period (thời hạn) is paused',
} as const;

export function suspensionRule(ground: SuspensionGround): SuspensionRule {
  const rule = SUSPENSION_RULES.find((r) => r.ground === ground);
  if (!rule) throw new Error(`No suspension rule for ${ground}`);
  return rule;
}

// ---------------------------------------------------------------- exemptions

export type ExemptionGround = 'lost_civil_capacity' | 'executed_superior_decision' | 'emergency_or_force_majeure';

export const EXEMPTION_RULES: Readonly<Record<ExemptionGround, string>> = {
  lost_civil_capacity: `${D112} art. 4: a competent body confirms loss of civil capacity at the time of the violation (${v(DISCIPLINE_SOURCES.exemptions)})`,
  executed_superior_decision: `${D112} art. 4 with Law on Cadres and Civil Servants 2008 art. 9(5): executing a superior's written decision after reporting it as unlawful (${v(DISCIPLINE_SOURCES.exemptions)})`,
  emergency_or_force_majeure: `${D112} art. 4: a competent level confirms the violation happened in an emergency, by force majeure or an objective obstacle while performing public duties (${v(DISCIPLINE_SOURCES.exemptions)}); that ${D172} keeps these grounds is an interpretation (its exemption article was not read)`,
};

// ---------------------------------------------------------------- consequences of a decision

export type ConsequenceKind =
  /** The decision is in effect; a new violation meanwhile is disciplined one level heavier. */
  | 'decision_in_effect'
  /** No planning, appointment, training or promotion to a higher post. */
  | 'no_appointment_or_promotion'
  /** No commendation while the decision is in effect. */
  | 'no_commendation'
  /** Classified not_completed for the year of the decision when the violation concerned duties. */
  | 'classification_not_completed';

export interface ConsequenceRule {
  readonly kind: ConsequenceKind;
  readonly forms: readonly DisciplinaryForm[] | 'all';
  readonly months: number | 'year_end';
  readonly onlyRelatedToDuties?: boolean;
  readonly source: string;
}

export const CONSEQUENCE_RULES: readonly ConsequenceRule[] = [
  {
    kind: 'decision_in_effect',
    forms: 'all',
    months: 12,
    source: `${D112} art. 2 as amended by ${D71}: a decision is in effect for 12 months from its effective date and lapses by itself without a further violation (${v(DISCIPLINE_SOURCES.decisionInEffect71)}); kept under ${D172} as an interpretation`,
  },
  {
    kind: 'no_appointment_or_promotion',
    forms: ['salary_grade_reduction'],
    months: 12,
    source: `rules in force from 2023: salary-grade reduction bars planning, appointment, training and promotion for 12 months (${v(DISCIPLINE_SOURCES.appointmentBar)}; the statute's article was not read)`,
  },
  {
    kind: 'no_appointment_or_promotion',
    forms: ['demotion', 'dismissal_from_post'],
    months: 24,
    source: `rules in force from 2023: demotion bars planning, appointment, training and promotion for 24 months (${v(DISCIPLINE_SOURCES.appointmentBar)}); the same 24 months for dismissal from post is an interpretation`,
  },
  {
    kind: 'no_commendation',
    forms: 'all',
    months: 12,
    source: 'interpretation: no commendation while the decision is in effect (the product\'s commendation rule already waits for an open case; the emulation-law article was not read)',
  },
  {
    kind: 'classification_not_completed',
    forms: 'all',
    months: 'year_end',
    onlyRelatedToDuties: true,
    source: 'Decree 335/2025 and Decree 90/2020 as amended by Decree 48/2023 (see libs/classification): disciplined in the year for a public-duty violation -> not_completed; recorded here so the classification reads a fact',
  },
];

import type { Rule } from '../shared/errors.js';

const ART14 =
  'Decree 335/2025/ND-CP art. 14: task results compare the converted products/work completed with those assigned, monthly or quarterly; ' +
  'verified https://news.laodong.vn/tu-van-phap-luat/cong-chuc-duoc-xac-dinh-ket-qua-thuc-hien-nhiem-vu-theo-tieu-chi-nao-1673341.ldo';
const POSITIONS =
  'interpretation: job positions (vị trí việc làm) with a capacity framework per unit, as the provincial work-norm catalogues keep them; ' +
  'one main position at a time is a ledger rule (a person holds one main post)';
const SHEETS =
  'interpretation: monthly/quarterly monitoring is confirmed by the manager period by period (Decree 335/2025 art. 14 scores per month or ' +
  'quarter; the confirmation, contest and revision procedure is the ledger\'s reading, not a quoted article)';
const LEDGER = 'ledger invariant (no legal source): a recorded fact is final; corrections are recorded revisions';
const ACCESS = 'ledger rule (no legal source): who may act, see the aggregate access file';

/** Stable codes of the positions context (positions, catalogues, score sheets). */
export const POSITIONS_RULES = {
  invalid: { code: 'position.invalid', kind: 'validation', source: POSITIONS },
  alreadyEstablished: { code: 'position.already_established', kind: 'conflict', source: LEDGER },
  notFound: { code: 'position.not_found', kind: 'not_found', source: ACCESS },
  alreadyAppointed: { code: 'position.already_appointed', kind: 'conflict', source: POSITIONS },
  mainPositionHeld: { code: 'position.main_position_held', kind: 'conflict', source: POSITIONS },
  notAppointed: { code: 'position.not_appointed', kind: 'rule_violation', source: POSITIONS },
  notInEffect: { code: 'position.not_in_effect', kind: 'rule_violation', source: POSITIONS },
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  /** A position or a local catalogue names a unit the record does not know. */
  unknownUnit: { code: 'position.unknown_unit', kind: 'rule_violation', source: POSITIONS },

  catalogueInvalid: { code: 'catalogue.invalid', kind: 'validation', source: ART14 },
  catalogueNotFound: { code: 'catalogue.not_found', kind: 'not_found', source: ACCESS },
  /** A new version must take effect after the last one: the past keeps the catalogue that was in force. */
  catalogueVersionNotLater: { code: 'catalogue.version_not_later', kind: 'rule_violation', source: ART14 },
  /** The product code is in no catalogue in force for the assignee's main position (or its units' overlays). */
  unknownProduct: { code: 'catalogue.unknown_product', kind: 'validation', source: ART14 },
  /** A quantity that is not a positive number, or absurd (above the bound). */
  badQuantity: { code: 'assignment.product_quantity_invalid', kind: 'validation', source: ART14 },
  /** Ad-hoc work: the issuer sets the coefficient and must record why. */
  coefficientWithoutReason: { code: 'assignment.coefficient_without_reason', kind: 'validation', source: ART14 },
  /** A product named for an assignee with no main position in force. */
  noPosition: { code: 'assignment.assignee_without_position', kind: 'rule_violation', source: POSITIONS },

  sheetInvalid: { code: 'scoresheet.invalid', kind: 'validation', source: SHEETS },
  sheetNotFound: { code: 'scoresheet.not_found', kind: 'not_found', source: ACCESS },
  alreadyConfirmed: { code: 'scoresheet.already_confirmed', kind: 'conflict', source: SHEETS },
  notConfirmed: { code: 'scoresheet.not_confirmed', kind: 'rule_violation', source: SHEETS },
  alreadyPublished: { code: 'scoresheet.already_published', kind: 'conflict', source: SHEETS },
  /** After publication a sheet changes only by a recorded revision. */
  published: { code: 'scoresheet.published', kind: 'rule_violation', source: LEDGER },
  selfConfirmation: { code: 'scoresheet.self_confirmation', kind: 'rule_violation', source: SHEETS },
  notSelf: { code: 'scoresheet.not_self', kind: 'forbidden', source: ACCESS },
  contestWindowClosed: { code: 'scoresheet.contest_window_closed', kind: 'rule_violation', source: SHEETS },
  contestPending: { code: 'scoresheet.contest_pending', kind: 'conflict', source: SHEETS },
  notPublished: { code: 'scoresheet.not_published', kind: 'rule_violation', source: SHEETS },
  periodNotOver: { code: 'scoresheet.period_not_over', kind: 'rule_violation', source: SHEETS },
  /** A quarterly period under a monthly policy, or the reverse (Decree 335/2025 art. 14: monthly or quarterly, as the policy sets). */
  periodKind: { code: 'scoresheet.period_kind', kind: 'validation', source: ART14 },
} as const satisfies Record<string, Rule>;

import type { Rule } from '../shared/errors.js';

const SOURCE = 'interpretation: the evaluation procedure of Decree 90/2020/NĐ-CP as amended by Decree 48/2023/NĐ-CP, from 2026-01-01 Decree 335/2025/NĐ-CP (article not verified here)';
const ACCESS = 'ledger rule (no legal source): who may act, see the aggregate access file';
/**
 * Stable codes of the evaluation context (cycles and per-staff evaluations). Clients
 * and tests match on these, never on messages.
 */
export const EVALUATION_RULES = {
  /** a field is missing or malformed; `errors[]` names each one. */
  invalid: { code: 'evaluation.invalid', kind: 'validation', source: SOURCE },
  /** a cycle with this id was already opened. */
  cycleAlreadyOpened: { code: 'evaluation.cycle_already_opened', kind: 'conflict', source: SOURCE },
  /** no cycle under this id. */
  cycleNotFound: { code: 'evaluation.cycle_not_found', kind: 'not_found', source: SOURCE },
  /** the cycle is closed; its evaluations accept nothing more. */
  cycleClosed: { code: 'evaluation.cycle_closed', kind: 'rule_violation', source: SOURCE },
  /** only the staff member writes their self-assessment. */
  selfAssessmentNotBySubject: { code: 'evaluation.self_assessment_not_by_subject', kind: 'rule_violation', source: SOURCE },
  /** nobody scores their own general criteria. */
  selfScoring: { code: 'evaluation.self_scoring', kind: 'rule_violation', source: SOURCE },
  /** nobody decides their own classification. */
  selfDecision: { code: 'evaluation.self_decision', kind: 'rule_violation', source: SOURCE },
  /** a decision needs a proposal computed from the record first. */
  noProposal: { code: 'evaluation.no_proposal', kind: 'rule_violation', source: SOURCE },
  /** the classification was already decided; changes go through an appeal. */
  alreadyDecided: { code: 'evaluation.already_decided', kind: 'conflict', source: SOURCE },
  /** an appeal needs a decision to appeal against. */
  notDecided: { code: 'evaluation.not_decided', kind: 'rule_violation', source: SOURCE },
  /** only the staff member concerned may appeal. */
  appealNotBySubject: { code: 'evaluation.appeal_not_by_subject', kind: 'rule_violation', source: SOURCE },
  /** an appeal is already pending. */
  appealPending: { code: 'evaluation.appeal_pending', kind: 'conflict', source: SOURCE },
  /** a revision answers a pending appeal. */
  noPendingAppeal: { code: 'evaluation.no_pending_appeal', kind: 'rule_violation', source: SOURCE },
  hiddenStaff: { code: 'staff.not_found', kind: 'not_found', source: ACCESS },
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  notSelf: { code: 'evaluation.not_self', kind: 'forbidden', source: ACCESS },
  staffNotInCycle: { code: 'evaluation.staff_not_in_cycle', kind: 'validation', source: SOURCE },
  unknownPolicy: { code: 'evaluation.unknown_policy', kind: 'validation', source: SOURCE },
} as const satisfies Record<string, Rule>;

/** The codes alone, by rule name. */
export const EvaluationErrorCode = Object.fromEntries(Object.entries(EVALUATION_RULES).map(([k, r]) => [k, r.code])) as {
  readonly [K in keyof typeof EVALUATION_RULES]: (typeof EVALUATION_RULES)[K]['code'];
};

/** One of the evaluation error codes. */
export type EvaluationErrorCode = (typeof EVALUATION_RULES)[keyof typeof EVALUATION_RULES]['code'];

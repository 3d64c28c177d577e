/**
 * Stable codes of the evaluation context (cycles and per-staff evaluations). Clients
 * and tests match on these, never on messages.
 */
export const EvaluationErrorCode = {
  /** ValidationFailed: a field is missing or malformed; `errors[]` names each one. */
  invalid: 'evaluation.invalid',
  /** Conflict: a cycle with this id was already opened. */
  cycleAlreadyOpened: 'evaluation.cycle_already_opened',
  /** NotFound: no cycle under this id. */
  cycleNotFound: 'evaluation.cycle_not_found',
  /** RuleViolation: the cycle is closed; its evaluations accept nothing more. */
  cycleClosed: 'evaluation.cycle_closed',
  /** RuleViolation: only the staff member writes their self-assessment. */
  selfAssessmentNotBySubject: 'evaluation.self_assessment_not_by_subject',
  /** RuleViolation: nobody scores their own general criteria. */
  selfScoring: 'evaluation.self_scoring',
  /** RuleViolation: nobody decides their own classification. */
  selfDecision: 'evaluation.self_decision',
  /** RuleViolation: a decision needs a proposal computed from the record first. */
  noProposal: 'evaluation.no_proposal',
  /** Conflict: the classification was already decided; changes go through an appeal. */
  alreadyDecided: 'evaluation.already_decided',
  /** RuleViolation: an appeal needs a decision to appeal against. */
  notDecided: 'evaluation.not_decided',
  /** RuleViolation: only the staff member concerned may appeal. */
  appealNotBySubject: 'evaluation.appeal_not_by_subject',
  /** Conflict: an appeal is already pending. */
  appealPending: 'evaluation.appeal_pending',
  /** RuleViolation: a revision answers a pending appeal. */
  noPendingAppeal: 'evaluation.no_pending_appeal',
} as const;

/** One of the evaluation error codes. */
export type EvaluationErrorCode = (typeof EvaluationErrorCode)[keyof typeof EvaluationErrorCode];

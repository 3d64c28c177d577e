import { ruleError, type DomainError, type DomainErrorKind, type FieldError } from '../shared/errors.js';

/**
 * Sources are cited as far as known and marked "indicative" where the article number
 * was not verified against the official gazette: the lead or a legal reviewer confirms
 * them here, in one place, and every error carries the string to the caller.
 */
const DISPATCH_280 =
  'Official Dispatch 280/CĐ-TTg of 2023-05-15 on rectifying shirking and avoidance of responsibility in handling work (indicative)';
const WORKING_REGULATION =
  'Decree 39/2022/NĐ-CP (Government Working Regulation), provisions on seeking and giving opinions: answer within the time limit with a clear position (indicative)';
const LEDGER_INVARIANT = 'ledger invariant (no legal source): a recorded fact is final';
const ACCESS = 'ledger rule (no legal source): who may act on a consultation, consultation.access.ts';

/** A consultation rule: the stable code clients match on, its error kind and its source. */
export interface ConsultationRule {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly source: string;
}

/** Every rule of the consultation decider, each next to its source. */
export const CONSULTATION_RULES = {
  alreadyRequested: { code: 'consultation.already_requested', kind: 'conflict', source: LEDGER_INVARIANT },
  notFound: { code: 'consultation.not_found', kind: 'not_found', source: LEDGER_INVARIANT },
  invalidRequest: {
    code: 'consultation.invalid_request',
    kind: 'validation',
    source: `${WORKING_REGULATION}; ${DISPATCH_280}`,
  },
  /** Asking one's own unit for an opinion is not a consultation, it is internal work. */
  consultedOwnUnit: { code: 'consultation.consulted_own_unit', kind: 'validation', source: DISPATCH_280 },
  dueNotInFuture: { code: 'consultation.due_not_in_future', kind: 'validation', source: WORKING_REGULATION },
  withdrawn: {
    code: 'consultation.withdrawn',
    kind: 'rule_violation',
    source: `${LEDGER_INVARIANT}; a withdrawn request needs no answer`,
  },
  alreadyAnswered: {
    code: 'consultation.already_answered',
    kind: 'rule_violation',
    source: `${LEDGER_INVARIANT}; one answer per request, a correction is a new consultation`,
  },
  invalidAnswer: { code: 'consultation.invalid_answer', kind: 'validation', source: WORKING_REGULATION },
  requesterCannotAnswer: {
    code: 'consultation.requester_cannot_answer',
    kind: 'rule_violation',
    source: `${DISPATCH_280}: the opinion must come from the consulted party`,
  },
  flagAlreadyRaised: {
    code: 'consultation.flag_already_raised',
    kind: 'conflict',
    source: `${LEDGER_INVARIANT}; one flag of each kind, so indicators count a consultation once`,
  },
  vagueFlagNeedsAnswer: {
    code: 'consultation.vague_flag_needs_answer',
    kind: 'rule_violation',
    source: `${WORKING_REGULATION}: vagueness is a property of an answer`,
  },
  notLate: {
    code: 'consultation.not_late',
    kind: 'rule_violation',
    source: `${WORKING_REGULATION}: late means answered after, or unanswered past, the due time`,
  },
  invalidFlag: { code: 'consultation.invalid_flag', kind: 'validation', source: DISPATCH_280 },
  alreadyWithdrawn: { code: 'consultation.already_withdrawn', kind: 'conflict', source: LEDGER_INVARIANT },
  invalidWithdrawal: { code: 'consultation.invalid_withdrawal', kind: 'validation', source: LEDGER_INVARIANT },
  /** Access: the consultation is not the caller's to see (indistinguishable from an id never used). */
  hidden: { code: 'consultation.not_found', kind: 'not_found', source: ACCESS },
  /** Access: the requester unit is neither the caller's own unit nor one a unit head manages. */
  requesterUnitOutside: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  /** Access: only the consulted side answers; only the requester side withdraws; only overseers and the requester flag. */
  wrongSide: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
} as const satisfies Record<string, ConsultationRule>;

/** Builds the kernel error of the rule's kind, carrying the rule's code and source. */
export const consultationError: (rule: ConsultationRule, message: string, errors?: readonly FieldError[], source?: string) => DomainError = ruleError;

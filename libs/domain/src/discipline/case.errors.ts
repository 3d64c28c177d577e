import { ruleError, type DomainError, type DomainErrorKind, type FieldError } from '../shared/errors.js';
import { DISCIPLINE_FORMS_POLICY } from './discipline-forms.policy.js';
import { DISCIPLINE_TIME_LIMITS as LIMITS } from './discipline-time-limits.policy.js';
import {
  COUNCIL_RULES,
  DECISION_RULES,
  EXEMPTION_RULES,
  SELF_REVIEW_RULES,
  LIMITATION_DURING_SUSPENSION,
} from './discipline-procedure.policy.js';

const DECREE_112 = 'Decree 112/2020/NĐ-CP as amended by Decree 71/2023/NĐ-CP; from 2025-07-01 Decree 172/2025/NĐ-CP for cadres and civil servants';
const DECREE_73 =
  'Decree 73/2023/NĐ-CP: an approved proposal implemented correctly, without personal gain, exempts from or reduces responsibility (indicative)';
const LEDGER_INVARIANT = 'ledger invariant (no legal source): a recorded fact is final';
const ACCESS = 'ledger rule (no legal source): who may act on a disciplinary case, case.access.ts';
const FORMS = `${DISCIPLINE_FORMS_POLICY.id} policy ${DISCIPLINE_FORMS_POLICY.version}: forms by staff category and decision date`;

/** A disciplinary rule: the stable code clients match on, its error kind and its source. */
export interface CaseRule {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly source: string;
}

/** Every rule of the disciplinary-case decider, each next to its source. */
export const CASE_RULES = {
  alreadyOpened: { code: 'case.already_opened', kind: 'conflict', source: LEDGER_INVARIANT },
  notFound: { code: 'case.not_found', kind: 'not_found', source: LEDGER_INVARIANT },
  invalidOpening: {
    code: 'case.invalid_opening',
    kind: 'validation',
    source: `${DECREE_112}: a case states the subject and each violation with its evidence (indicative)`,
  },
  evidenceNotFound: {
    code: 'case.evidence_not_found',
    kind: 'validation',
    source: 'ledger rule: evidence is a reference to a recorded event, so a disciplinary council can verify it',
  },
  closed: { code: 'case.closed', kind: 'rule_violation', source: LEDGER_INVARIANT },
  councilAlreadyConvened: { code: 'case.council_already_convened', kind: 'conflict', source: LEDGER_INVARIANT },
  invalidCouncil: {
    code: 'case.invalid_council',
    kind: 'validation',
    source: `${DECREE_112}, disciplinary council composition: a chair, a secretary and members, at least 3 persons (indicative)`,
  },
  subjectOnCouncil: {
    code: 'case.subject_on_council',
    kind: 'rule_violation',
    source: `${DECREE_112}, disciplinary council composition: the person under consideration cannot sit on it (indicative)`,
  },
  invalidStatement: { code: 'case.invalid_statement', kind: 'validation', source: DECREE_112 },
  unknownAllegation: { code: 'case.unknown_allegation', kind: 'validation', source: LEDGER_INVARIANT },
  evidenceAlreadyAttached: { code: 'case.evidence_already_attached', kind: 'conflict', source: LEDGER_INVARIANT },
  invalidExtension: { code: 'case.invalid_extension', kind: 'validation', source: LIMITS.processing.source },
  extensionBeyondLimit: { code: 'case.extension_beyond_limit', kind: 'rule_violation', source: LIMITS.processing.source },
  processingPeriodExpired: {
    code: 'case.processing_period_expired',
    kind: 'rule_violation',
    source: LIMITS.processing.source,
  },
  councilNotConvened: { code: 'case.council_not_convened', kind: 'rule_violation', source: DECREE_112 },
  councilAlreadyVoted: { code: 'case.council_already_voted', kind: 'conflict', source: LEDGER_INVARIANT },
  quorumNotMet: { code: 'case.quorum_not_met', kind: 'rule_violation', source: LIMITS.council.source },
  invalidVote: {
    code: 'case.invalid_vote',
    kind: 'validation',
    source: `${DECREE_112}, secret ballot on the proposed form (indicative)`,
  },
  noCouncilVote: {
    code: 'case.no_council_vote',
    kind: 'rule_violation',
    source: `${DECREE_112}: the competent person decides after the council's recommendation (indicative)`,
  },
  invalidDecision: { code: 'case.invalid_decision', kind: 'validation', source: DECREE_112 },
  noFormsRegime: { code: 'case.no_forms_regime', kind: 'rule_violation', source: FORMS },
  formNotAvailable: { code: 'case.form_not_available', kind: 'rule_violation', source: FORMS },
  formRequiresLeadershipPost: { code: 'case.form_requires_leadership_post', kind: 'rule_violation', source: FORMS },
  formNotForLeaders: { code: 'case.form_not_for_leaders', kind: 'rule_violation', source: FORMS },
  allegationTimeBarred: {
    code: 'case.allegation_time_barred',
    kind: 'rule_violation',
    source: `${LIMITS.limitation.reprimand_level.source}; ${LIMITS.limitation.higher.source}`,
  },
  invalidDismissal: { code: 'case.invalid_dismissal', kind: 'validation', source: DECREE_112 },
  notTimeBarred: {
    code: 'case.not_time_barred',
    kind: 'rule_violation',
    source: `${LIMITS.limitation.reprimand_level.source}; ${LIMITS.limitation.higher.source}`,
  },
  innovationNotProtective: { code: 'case.innovation_not_protective', kind: 'rule_violation', source: DECREE_73 },
  notDecided: { code: 'case.not_decided', kind: 'rule_violation', source: LIMITS.appeal.source },
  appealAlreadyFiled: { code: 'case.appeal_already_filed', kind: 'conflict', source: LEDGER_INVARIANT },
  appealOnlyBySubject: { code: 'case.appeal_only_by_subject', kind: 'rule_violation', source: LIMITS.appeal.source },
  appealTimeLimitExceeded: {
    code: 'case.appeal_time_limit_exceeded',
    kind: 'rule_violation',
    source: LIMITS.appeal.source,
  },
  invalidAppeal: { code: 'case.invalid_appeal', kind: 'validation', source: LIMITS.appeal.source },
  noOpenAppeal: { code: 'case.no_open_appeal', kind: 'rule_violation', source: LIMITS.appeal.source },
  /** Access: the case is not the caller's to see (indistinguishable from an id never used). */
  hidden: { code: 'case.not_found', kind: 'not_found', source: ACCESS },
  /** Access: the subject is not a registered staff member (was raised by the controller). */
  unknownSubject: { code: 'case.unknown_subject', kind: 'validation', source: ACCESS },
  /** Access: opening a case about a person outside the caller's unit scope. */
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  /** Access: a step only hr (in scope) takes, asked by someone who sees the case (the subject, a council member). */
  hrOnly: { code: 'case.hr_only', kind: 'forbidden', source: ACCESS },
  /** Access: only the disciplined person appeals (was raised by the controller as `not_the_subject`). */
  notTheSubject: { code: 'not_the_subject', kind: 'forbidden', source: LIMITS.appeal.source },
  /** Access: the innovation proposal named for a protected_innovation dismissal does not exist (was raised by the controller). */
  innovationProposalNotFound: { code: 'case.innovation_proposal_not_found', kind: 'validation', source: DECREE_73 },
  // --- the procedure (issue 16)
  invalidDocument: { code: 'case.invalid_document', kind: 'validation', source: 'ledger rule: a document is kept by reference (number, date, issuer, SHA-256 digest)' },
  invalidSummons: { code: 'case.invalid_summons', kind: 'validation', source: COUNCIL_RULES.summons.source },
  summonsAlreadyIssued: { code: 'case.summons_already_issued', kind: 'conflict', source: LEDGER_INVARIANT },
  selfReviewAlreadyHeld: { code: 'case.self_review_already_held', kind: 'conflict', source: LEDGER_INVARIANT },
  invalidSelfReview: { code: 'case.invalid_self_review', kind: 'validation', source: SELF_REVIEW_RULES.vote.source },
  selfReviewConvener: { code: 'case.self_review_wrong_convener', kind: 'rule_violation', source: SELF_REVIEW_RULES.convener.source },
  subjectAbsenceNotEstablished: {
    code: 'case.subject_absence_not_established',
    kind: 'rule_violation',
    source: SELF_REVIEW_RULES.absence.source,
  },
  selfReviewNoMajority: { code: 'case.self_review_no_majority', kind: 'rule_violation', source: COUNCIL_RULES.majority.source },
  selfReviewRequired: { code: 'case.self_review_required', kind: 'rule_violation', source: SELF_REVIEW_RULES.required.source },
  councilComposition: { code: 'case.council_composition', kind: 'rule_violation', source: 'council composition by category and level (see the composition id in the detail)' },
  conflictOfInterest: { code: 'case.conflict_of_interest', kind: 'rule_violation', source: COUNCIL_RULES.conflict.source },
  invalidReplacement: { code: 'case.invalid_replacement', kind: 'validation', source: COUNCIL_RULES.replacement.source },
  councilAlreadyMet: { code: 'case.council_already_met', kind: 'conflict', source: COUNCIL_RULES.replacement.source },
  councilSummonsMissing: { code: 'case.council_summons_missing', kind: 'rule_violation', source: COUNCIL_RULES.summons.source },
  ballotNoMajority: { code: 'case.ballot_no_majority', kind: 'rule_violation', source: COUNCIL_RULES.majority.source },
  formHeavierThanRecommended: {
    code: 'case.form_heavier_than_recommended',
    kind: 'rule_violation',
    source: DECISION_RULES.notHeavier.source,
  },
  recommendedNoDiscipline: { code: 'case.recommended_no_discipline', kind: 'rule_violation', source: DECISION_RULES.notHeavier.source },
  suspended: { code: 'case.suspended', kind: 'conflict', source: 'Decree 172/2025/NĐ-CP and Decree 112/2020/NĐ-CP art. 3: a case not yet considered waits for its ground to end (see SUSPENSION_RULES)' },
  notSuspended: { code: 'case.not_suspended', kind: 'conflict', source: LEDGER_INVARIANT },
  invalidSuspension: { code: 'case.invalid_suspension', kind: 'validation', source: 'Decree 172/2025/NĐ-CP: cases not yet considered (see SUSPENSION_RULES)' },
  resumptionNotAllowed: { code: 'case.resumption_not_allowed', kind: 'rule_violation', source: 'Decree 172/2025/NĐ-CP: cases not yet considered (see SUSPENSION_RULES)' },
  invalidExemption: { code: 'case.invalid_exemption', kind: 'validation', source: Object.values(EXEMPTION_RULES).join('; ') },
  limitationNotPaused: { code: 'case.limitation_not_paused', kind: 'rule_violation', source: LIMITATION_DURING_SUSPENSION.source },
} as const satisfies Record<string, CaseRule>;

/** Builds the kernel error of the rule's kind, carrying the rule's code and source. */
export const caseError: (rule: CaseRule, message: string, errors?: readonly FieldError[], source?: string) => DomainError = ruleError;

import type { Rule } from '../shared/errors.js';

const SIX_CLEAR =
  'interpretation: the "6 clear" (rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, rõ thẩm quyền) of the Party and Government ' +
  'directives on assigning work; not verified against one article';
const LEDGER = 'ledger invariant (no legal source): a recorded fact is final';
const ACCESS = 'ledger rule (no legal source): who may act on an assignment, assignment.access.ts';
const AVOIDANCE = 'interpretation of DESIGN.md section 4 (attribution rule): pushing one\'s own work away is an avoidance signal';

/**
 * Every rule of the assignment aggregate: the stable code clients match on (never
 * renamed once released), its error kind and its source. The who-may-act rules are
 * answered by `assignment.access.ts`, the others by the decider.
 */
export const ASSIGNMENT_RULES = {
  /** One or more of the "6 clear" is missing; `errors[]` names each missing field. */
  sixClearIncomplete: { code: 'assignment.six_clear_incomplete', kind: 'validation', source: SIX_CLEAR },
  /** A field other than the "6 clear" is missing or malformed. */
  invalid: { code: 'assignment.invalid', kind: 'validation', source: LEDGER },
  alreadyIssued: { code: 'assignment.already_issued', kind: 'conflict', source: LEDGER },
  /** Nothing was issued under this id, or the caller may not see it (indistinguishable on purpose, issue 12 item 9). */
  notFound: { code: 'assignment.not_found', kind: 'not_found', source: ACCESS },
  /** A deadline (due date, extension, apology date) that is not after now. */
  dueNotInFuture: { code: 'assignment.due_not_in_future', kind: 'rule_violation', source: SIX_CLEAR },
  /** Decider: only the current holder may do this (accept, decline, report, complete, return a dossier, return to sender). */
  notHolder: { code: 'assignment.not_holder', kind: 'rule_violation', source: ACCESS },
  /** Access: the caller sees the assignment (involved in it) but neither holds it nor manages its unit. */
  notAssignmentHolder: { code: 'not_assignment_holder', kind: 'forbidden', source: ACCESS },
  /** Access: a manager-only action (review, cancellation, extension) by someone who does not manage the unit. */
  notManager: { code: 'assignment.not_manager', kind: 'forbidden', source: ACCESS },
  /** Access: issuing work in a unit outside the caller's scope. */
  outsideUnitScope: { code: 'outside_unit_scope', kind: 'forbidden', source: ACCESS },
  alreadyAccepted: { code: 'assignment.already_accepted', kind: 'rule_violation', source: LEDGER },
  /** The work has to be accepted first (report progress, complete, return a dossier). */
  notAccepted: { code: 'assignment.not_accepted', kind: 'rule_violation', source: LEDGER },
  /** The work was declined and waits to be routed again or cancelled. */
  declined: { code: 'assignment.declined', kind: 'rule_violation', source: LEDGER },
  handoffToSelf: { code: 'assignment.handoff_to_self', kind: 'rule_violation', source: LEDGER },
  handoffToHolder: { code: 'assignment.handoff_to_holder', kind: 'rule_violation', source: LEDGER },
  /** `returned_to_sender` to someone who did not send the work to the holder. */
  returnNotToSender: { code: 'assignment.return_not_to_sender', kind: 'rule_violation', source: AVOIDANCE },
  extensionUnapproved: { code: 'assignment.extension_unapproved', kind: 'rule_violation', source: SIX_CLEAR },
  extensionSelfApproved: { code: 'assignment.extension_self_approved', kind: 'rule_violation', source: AVOIDANCE },
  extensionNotLater: { code: 'assignment.extension_not_later', kind: 'rule_violation', source: LEDGER },
  /** The work was completed; only the review remains. */
  completed: { code: 'assignment.completed', kind: 'rule_violation', source: LEDGER },
  notCompleted: { code: 'assignment.not_completed', kind: 'rule_violation', source: LEDGER },
  selfReview: { code: 'assignment.self_review', kind: 'rule_violation', source: AVOIDANCE },
  /** Completed and reviewed; the record is closed. */
  closed: { code: 'assignment.closed', kind: 'rule_violation', source: LEDGER },
  cancelled: { code: 'assignment.cancelled', kind: 'rule_violation', source: LEDGER },
  /** The holder cancelled work they did not assign (avoidance by cancellation). */
  cancelByHolder: { code: 'assignment.cancel_by_holder', kind: 'rule_violation', source: AVOIDANCE },
  notADossier: { code: 'assignment.not_a_dossier', kind: 'rule_violation', source: LEDGER },
  /** An apology for a dossier that is not past its due date. */
  notLate: {
    code: 'assignment.not_late',
    kind: 'rule_violation',
    source: 'interpretation of Decree 61/2018/NĐ-CP art. 19 (from 2025-07-01 Decree 118/2025/NĐ-CP): the apology letter is for a dossier past its due date; not verified',
  },
  /** No step of the trail covers the instant asked for (GET /responsible). */
  nobodyResponsibleAt: { code: 'assignment.nobody_responsible_at', kind: 'not_found', source: LEDGER },
  /** The assignee is not in the staff directory and no unitId was given. */
  unitUnknown: { code: 'assignment.unit_unknown', kind: 'validation', source: SIX_CLEAR },
} as const satisfies Record<string, Rule>;

type AssignmentRuleName = keyof typeof ASSIGNMENT_RULES;

/** The codes alone, by rule name (kept for callers that match on codes). */
export const AssignmentErrorCode = Object.fromEntries(Object.entries(ASSIGNMENT_RULES).map(([k, r]) => [k, r.code])) as {
  readonly [K in AssignmentRuleName]: (typeof ASSIGNMENT_RULES)[K]['code'];
};

/** One of the assignment error codes. */
export type AssignmentErrorCode = (typeof ASSIGNMENT_RULES)[AssignmentRuleName]['code'];

/**
 * Stable codes of the assignment aggregate. Clients and tests match on these, never
 * on messages, so a code is never renamed once released.
 */
export const AssignmentErrorCode = {
  /** ValidationFailed: one or more of the "6 clear" is missing; `errors[]` names each missing field. */
  sixClearIncomplete: 'assignment.six_clear_incomplete',
  /** ValidationFailed: a field other than the "6 clear" is missing or malformed. */
  invalid: 'assignment.invalid',
  /** Conflict: the stream already holds an issued assignment. */
  alreadyIssued: 'assignment.already_issued',
  /** NotFound: nothing was issued under this id. */
  notFound: 'assignment.not_found',
  /** RuleViolation: a deadline (due date, extension, apology date) that is not after now. */
  dueNotInFuture: 'assignment.due_not_in_future',
  /** RuleViolation: only the current holder may do this (accept, decline, report, complete, return a dossier). */
  notHolder: 'assignment.not_holder',
  /** RuleViolation: the work was already accepted. */
  alreadyAccepted: 'assignment.already_accepted',
  /** RuleViolation: the work has to be accepted first (report progress, complete, return a dossier). */
  notAccepted: 'assignment.not_accepted',
  /** RuleViolation: the work was declined and waits to be routed again or cancelled. */
  declined: 'assignment.declined',
  /** RuleViolation: the holder handed the work to themself. */
  handoffToSelf: 'assignment.handoff_to_self',
  /** RuleViolation: someone else handed the work to the person who already holds it. */
  handoffToHolder: 'assignment.handoff_to_holder',
  /** RuleViolation: `returned_to_sender` to someone who did not send the work to the holder. */
  returnNotToSender: 'assignment.return_not_to_sender',
  /** RuleViolation: an extension without an approver. */
  extensionUnapproved: 'assignment.extension_unapproved',
  /** RuleViolation: the holder approved their own extension. */
  extensionSelfApproved: 'assignment.extension_self_approved',
  /** RuleViolation: the new due date is not after the current one. */
  extensionNotLater: 'assignment.extension_not_later',
  /** RuleViolation: the work was completed; only the review remains. */
  completed: 'assignment.completed',
  /** RuleViolation: a review of work that is not completed. */
  notCompleted: 'assignment.not_completed',
  /** RuleViolation: the person who completed the work reviewed it. */
  selfReview: 'assignment.self_review',
  /** RuleViolation: completed and reviewed; the record is closed. */
  closed: 'assignment.closed',
  /** RuleViolation: the assignment was cancelled; the record is closed. */
  cancelled: 'assignment.cancelled',
  /** RuleViolation: the holder cancelled work they did not assign (avoidance by cancellation). */
  cancelByHolder: 'assignment.cancel_by_holder',
  /** RuleViolation: a dossier-only action on a task or document. */
  notADossier: 'assignment.not_a_dossier',
  /** RuleViolation: an apology for a dossier that is not past its due date. */
  notLate: 'assignment.not_late',
} as const;

/** One of the assignment error codes. */
export type AssignmentErrorCode = (typeof AssignmentErrorCode)[keyof typeof AssignmentErrorCode];

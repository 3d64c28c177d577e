/**
 * Stable codes of the staff aggregate. Clients and tests match on these, never on
 * messages, so a code is never renamed once released.
 */
export const StaffErrorCode = {
  /** ValidationFailed: a field is missing or malformed; `errors[]` names each one. */
  invalid: 'staff.invalid',
  /** Conflict: the staff stream already holds a registration. */
  alreadyRegistered: 'staff.already_registered',
  /** NotFound: nobody was registered under this id. */
  notFound: 'staff.not_found',
  /** RuleViolation: the person left; their record is closed. */
  left: 'staff.left',
  /** RuleViolation: a change dated before the person joined. */
  dateBeforeJoining: 'staff.date_before_joining',
  /** RuleViolation: a transfer to the unit the person is already in. */
  transferSameUnit: 'staff.transfer_same_unit',
  /** RuleViolation: workers on labour contracts do not hold leadership posts. */
  leadershipNotEligible: 'staff.leadership_not_eligible',
  /** RuleViolation: the person already holds a leadership post in that unit (end it first to change role). */
  alreadyLeading: 'staff.already_leading',
  /** RuleViolation: the person does not hold that post in that unit. */
  notLeading: 'staff.not_leading',
  /** RuleViolation: a post would end before it started. */
  leadershipEndBeforeStart: 'staff.leadership_end_before_start',
  /** RuleViolation: the leave overlaps a leave already recorded. */
  leaveOverlaps: 'staff.leave_overlaps',
} as const;

/** One of the staff error codes. */
export type StaffErrorCode = (typeof StaffErrorCode)[keyof typeof StaffErrorCode];

/**
 * Stable codes of the unit aggregate. Clients and tests match on these, never on
 * messages, so a code is never renamed once released.
 */
export const UnitErrorCode = {
  /** ValidationFailed: a field is missing or malformed; `errors[]` names each one. */
  invalid: 'unit.invalid',
  /** Conflict: the unit stream already holds an establishment. */
  alreadyExists: 'unit.already_exists',
  /** NotFound: nothing was established under this id. */
  notFound: 'unit.not_found',
  /**
   * A merged unit is history: it cannot be renamed or merged again (RuleViolation), and
   * it accepts no new assignments and no new staff (Conflict, 409; see unit-standing.ts).
   */
  merged: 'unit.merged',
  /** RuleViolation: a rename that keeps the same name records nothing. */
  nameUnchanged: 'unit.name_unchanged',
  /** RuleViolation: a unit cannot report to itself. */
  parentSelf: 'unit.parent_self',
  /** RuleViolation: a unit cannot be merged into itself. */
  mergeIntoSelf: 'unit.merge_into_self',
  /** RuleViolation: a change dated before the unit existed. */
  dateBeforeEstablished: 'unit.date_before_established',
  /** RuleViolation: the receiving unit does not exist or was itself merged away. */
  mergeTargetNotActive: 'unit.merge_target_not_active',
  /** RuleViolation: the unit has open work and nobody was named to receive it. */
  mergeNoReceiver: 'unit.merge_no_receiver',
} as const;

/** One of the unit error codes. */
export type UnitErrorCode = (typeof UnitErrorCode)[keyof typeof UnitErrorCode];

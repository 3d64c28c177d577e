/** One offending field of the input, by dotted path. */
export interface ClassificationFieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * The indicators cannot be classified under the policy (malformed counts, a missing
 * general-criteria score, a category or year the policy does not cover). A run should
 * stop rather than publish a level computed from bad data.
 */
export class ClassificationInputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly ClassificationFieldError[] = [],
  ) {
    super(message);
    this.name = 'ClassificationInputError';
  }
}

/** The policy data itself is inconsistent (unknown metric, duplicate rule id, bad share). */
export class PolicyDefinitionError extends Error {
  constructor(
    readonly policyId: string,
    readonly problems: readonly string[],
  ) {
    super(`Policy ${policyId} is invalid: ${problems.join('; ')}`);
    this.name = 'PolicyDefinitionError';
  }
}

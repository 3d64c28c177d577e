/**
 * The kinds of domain error. They are mapped once, centrally, to problem+json
 * (validation 422, not_found 404, conflict 409, rule_violation 422, forbidden 403).
 * `forbidden` is a who-may-act rule of an access policy (`<aggregate>.access.ts`).
 * `code` is stable: clients and tests match on it, never on the message.
 */
export type DomainErrorKind = 'validation' | 'not_found' | 'conflict' | 'rule_violation' | 'forbidden';

export interface FieldError {
  /** Dotted path of the offending field, e.g. `deliverable` or `council.members[2]`. */
  readonly field: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
    /** Legal or policy source of the rule, where there is one (shown to the caller). */
    readonly source?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that is well-formed JSON but not acceptable (e.g. a missing "6 clear" field). */
export class ValidationFailed extends DomainError {
  readonly kind = 'validation' as const;
}

export class NotFound extends DomainError {
  readonly kind = 'not_found' as const;
}

/** The state changed under the caller (already exists, version mismatch). */
export class Conflict extends DomainError {
  readonly kind = 'conflict' as const;
}

/** A business rule forbids the transition; the code names the rule. */
export class RuleViolation extends DomainError {
  readonly kind = 'rule_violation' as const;
}

/** The caller may see the record but may not act on it in any capacity the command accepts. */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden' as const;
}

/** A business rule as data: the stable code clients match on, its error kind and its (legal) source. */
export interface Rule {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly source: string;
}

/** Builds the error of the rule's kind, carrying the rule's code and source (or a more specific source). */
export function ruleError(rule: Rule, message: string, errors: readonly FieldError[] = [], source = rule.source): DomainError {
  switch (rule.kind) {
    case 'validation':
      return new ValidationFailed(rule.code, message, errors, source);
    case 'not_found':
      return new NotFound(rule.code, message, errors, source);
    case 'conflict':
      return new Conflict(rule.code, message, errors, source);
    case 'rule_violation':
      return new RuleViolation(rule.code, message, errors, source);
    case 'forbidden':
      return new Forbidden(rule.code, message, errors, source);
    default: {
      const kind: never = rule.kind;
      throw new Error(`Unhandled error kind: ${String(kind)}`);
    }
  }
}

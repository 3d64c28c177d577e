import { assertNever } from '../shared/decider.js';
import {
  Conflict,
  NotFound,
  RuleViolation,
  ValidationFailed,
  type DomainError,
  type DomainErrorKind,
  type FieldError,
} from '../shared/errors.js';

/** A recognition rule: the stable code clients match on, its error kind and its source. */
export interface RecognitionRule {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly source: string;
}

/** Builds the kernel error of the rule's kind, carrying the rule's code and source. */
export function recognitionError(
  rule: RecognitionRule,
  message: string,
  errors: readonly FieldError[] = [],
): DomainError {
  switch (rule.kind) {
    case 'validation':
      return new ValidationFailed(rule.code, message, errors, rule.source);
    case 'not_found':
      return new NotFound(rule.code, message, errors, rule.source);
    case 'conflict':
      return new Conflict(rule.code, message, errors, rule.source);
    case 'rule_violation':
      return new RuleViolation(rule.code, message, errors, rule.source);
    default:
      return assertNever(rule.kind, 'error kind');
  }
}

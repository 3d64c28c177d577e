import { ruleError, type DomainError, type DomainErrorKind, type FieldError } from '../shared/errors.js';

/** A recognition rule: the stable code clients match on, its error kind and its source. */
export interface RecognitionRule {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly source: string;
}

/** Builds the kernel error of the rule's kind, carrying the rule's code and source. */
export const recognitionError: (rule: RecognitionRule, message: string, errors?: readonly FieldError[], source?: string) => DomainError = ruleError;

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { HttpProblem } from '../errors/problem.js';

/**
 * class-validator messages start with the property name ("name must be a string"),
 * and custom ones often with the dotted path; the field is reported on its own, so the
 * message keeps only what is wrong ("must be a string"), and `detail` reads
 * "name must be a string", not "name name must be a string".
 */
export function fieldMessage(field: string, property: string, message: string): string {
  if (message.startsWith('property ') && message.endsWith(' should not exist')) return 'is not an accepted field';
  for (const prefix of [field, property]) {
    if (message.startsWith(`${prefix} `)) return message.slice(prefix.length + 1);
  }
  return message;
}

export function flattenValidationErrors(errors: readonly ValidationError[], prefix = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: fieldMessage(field, e.property, message) }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/**
 * Validation at the edge: unknown fields are refused (400), every field error is
 * listed in `errors[]`, nothing reaches a handler half-validated.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const list = flattenValidationErrors(errors);
      const unknown = list.filter((e) => e.message === 'is not an accepted field');
      return new HttpProblem(
        400,
        unknown.length === list.length && list.length > 0 ? 'unknown_field' : 'validation_failed',
        'Invalid request',
        list.map((e) => `${e.field} ${e.message}`).join('; '),
        list,
      );
    },
  });
}

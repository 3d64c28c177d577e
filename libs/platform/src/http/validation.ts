import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { HttpProblem } from '../errors/problem.js';

function flatten(errors: readonly ValidationError[], prefix = ''): Array<{ field: string; message: string }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith('property ') && message.endsWith(' should not exist') ? 'is not an accepted field' : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
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
      const list = flatten(errors);
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

import { ApiHeader } from '@nestjs/swagger';

/** OpenAPI for `Idempotency-Key` (handled by the global IdempotencyInterceptor). */
export const IDEMPOTENCY_HEADER = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'A retry with the same key returns the first response and appends nothing',
});

/** OpenAPI for `If-Match` (the ETag version; a mismatch is 412). */
export const IF_MATCH_HEADER = ApiHeader({ name: 'If-Match', required: false, description: 'Expected version (ETag); 412 when the resource changed' });

/** Both command headers on a command route. */
export function CommandHeaders(): MethodDecorator {
  return (target, key, descriptor) => {
    IDEMPOTENCY_HEADER(target, key, descriptor);
    IF_MATCH_HEADER(target, key, descriptor);
  };
}

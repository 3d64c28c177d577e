import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from './principal.js';

export const ROLES_KEY = 'ledger:roles';

/**
 * Declares who may call a route (admin always may) and documents the bearer
 * requirement and the 401/403 answers in OpenAPI.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth('bearer'),
    ApiUnauthorizedResponse({ description: 'No or invalid bearer token (problem+json)' }),
    ApiForbiddenResponse({ description: `Only for roles: ${roles.join(', ')} (or admin), within the caller's unit scope` }),
  );
}

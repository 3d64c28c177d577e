import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
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
    // Read by completeOpenApiDocument to name the roles in each operation's description.
    ApiExtension('x-roles', roles),
    ApiUnauthorizedResponse({ description: 'No or invalid bearer token (problem+json)' }),
    ApiForbiddenResponse({ description: `Only for roles: ${roles.join(', ')} (or admin), within the caller's unit scope` }),
  );
}

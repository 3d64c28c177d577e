import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '#platform';
import { hasRole, type Principal, type Role } from './principal.js';
import { IS_PUBLIC } from './public.decorator.js';
import { InvalidToken, JwtVerifier } from './jwt.verifier.js';
import { ROLES_KEY } from './roles.decorator.js';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Global guard: every route needs a valid bearer token and one of its declared
 * roles, unless marked @Public. A route that declares no roles is refused, so a
 * forgotten declaration fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(JwtVerifier) private readonly verifier: JwtVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) {
      throw new HttpProblem(401, 'unauthenticated', 'Unauthorized', 'A bearer token is required');
    }
    try {
      request.principal = await this.verifier.verify(header.replace(/^Bearer\s+/i, ''));
    } catch (error) {
      if (error instanceof InvalidToken) throw new HttpProblem(401, 'invalid_token', 'Unauthorized', error.message);
      throw error;
    }
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!hasRole(request.principal, ...roles)) {
      throw new HttpProblem(403, 'forbidden_role', 'Forbidden', `This action needs one of the roles: ${roles.join(', ') || 'admin'}`);
    }
    return true;
  }
}

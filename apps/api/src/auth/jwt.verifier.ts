import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '../../../../libs/platform/src/config/config.js';
import { ROLES, type Principal, type Role } from './principal.js';

export class InvalidToken extends Error {}

/**
 * Verifies bearer tokens: HS256 with JWT_SECRET (development), or RS256 against
 * JWT_JWKS_URL (production). Claims: sub, roles, units.
 */
export class JwtVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;

  constructor(private readonly config: Pick<AppConfig, 'jwtSecret' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'>) {
    if (config.JWT_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.JWT_JWKS_URL));
    else if (config.jwtSecret) this.secret = new TextEncoder().encode(config.jwtSecret);
    else throw new Error('No token verifier configured (JWT_JWKS_URL or JWT_SECRET)');
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = { issuer: this.config.JWT_ISSUER, audience: this.config.JWT_AUDIENCE };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (error) {
      throw new InvalidToken(error instanceof Error ? error.message : 'invalid token');
    }
    return toPrincipal(payload);
  }
}

export function toPrincipal(payload: JWTPayload): Principal {
  const { sub, roles, units } = payload as JWTPayload & { roles?: unknown; units?: unknown };
  if (typeof sub !== 'string' || sub.length === 0) throw new InvalidToken('the token has no subject');
  if (!Array.isArray(roles) || roles.some((r) => !ROLES.includes(r as Role))) {
    throw new InvalidToken(`roles must be a list of ${ROLES.join(', ')}`);
  }
  if (units !== undefined && (!Array.isArray(units) || units.some((u) => typeof u !== 'string'))) {
    throw new InvalidToken('units must be a list of unit ids');
  }
  return { sub, roles: roles as Role[], units: (units as string[] | undefined) ?? [] };
}

/** Mints an HS256 development token (CLI `token`, tests). */
export async function mintDevToken(
  secret: string,
  claims: { sub: string; roles: readonly Role[]; units?: readonly string[] },
  options: { issuer?: string; audience?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ roles: [...claims.roles], units: [...(claims.units ?? [])] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? 'accountability-ledger')
    .setAudience(options.audience ?? 'accountability-ledger')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(new TextEncoder().encode(secret));
}

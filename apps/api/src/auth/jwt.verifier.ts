import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AppConfig } from '#platform';
import { ROLES, type Principal, type Role } from './principal.js';

export class InvalidToken extends Error {}

/**
 * Verifies bearer tokens: HS256 with JWT_SECRET (development), or RS256 against
 * JWT_JWKS_URL (production). Claims: sub, roles, units.
 */
export class JwtVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  /**
   * Verified tokens until they expire: a client sends the same token on every
   * request, and signature checks were a tenth of a query's CPU (bench/README.md).
   * Insertion-ordered, so the oldest entry goes first when it is full.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  private static readonly CACHE_SIZE = 10_000;

  private readonly maxTtl: number;
  private readonly skew: number;

  constructor(
    private readonly config: Pick<AppConfig, 'jwtSecret' | 'JWT_JWKS_URL' | 'JWT_ISSUER' | 'JWT_AUDIENCE'> &
      Partial<Pick<AppConfig, 'JWT_MAX_TTL' | 'JWT_CLOCK_SKEW'>>,
  ) {
    this.maxTtl = config.JWT_MAX_TTL ?? 12 * 3600;
    this.skew = config.JWT_CLOCK_SKEW ?? 60;
    if (config.JWT_JWKS_URL) this.jwks = createRemoteJWKSet(new URL(config.JWT_JWKS_URL));
    else if (config.jwtSecret) this.secret = new TextEncoder().encode(config.jwtSecret);
    else throw new Error('No token verifier configured (JWT_JWKS_URL or JWT_SECRET)');
  }

  async verify(token: string): Promise<Principal> {
    const cached = this.verified.get(token);
    if (cached && cached.expiresAtMs > Date.now()) return cached.principal;
    if (cached) this.verified.delete(token);
    const principal = await this.verifyUncached(token);
    return principal;
  }

  private async verifyUncached(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      // jose checks the signature, iss, aud, exp and nbf (with the skew) and that exp is present.
      const options = {
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        requiredClaims: ['exp'],
        clockTolerance: this.skew,
      };
      payload = this.jwks
        ? (await jwtVerify(token, this.jwks, { ...options, algorithms: ['RS256'] })).payload
        : (await jwtVerify(token, this.secret!, { ...options, algorithms: ['HS256'] })).payload;
    } catch (error) {
      throw new InvalidToken(error instanceof Error ? error.message : 'invalid token');
    }
    this.checkLifetime(payload);
    const principal = toPrincipal(payload);
    if (this.verified.size >= JwtVerifier.CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal, expiresAtMs: payload.exp! * 1000 });
    return principal;
  }

  /**
   * A stolen token is useful until it expires, so the lifetime is capped (JWT_MAX_TTL)
   * whoever issued it; a token issued "in the future" would outlive the cap.
   */
  private checkLifetime(payload: JWTPayload): void {
    const now = Math.floor(Date.now() / 1000);
    const exp = payload.exp!;
    if (payload.iat !== undefined) {
      if (typeof payload.iat !== 'number') throw new InvalidToken('"iat" must be a number');
      if (payload.iat > now + this.skew) throw new InvalidToken('"iat" is in the future');
      if (exp - payload.iat > this.maxTtl) throw new InvalidToken(`the token lives longer than ${this.maxTtl} s (exp - iat)`);
    }
    if (exp - now > this.maxTtl + this.skew) throw new InvalidToken(`"exp" is more than ${this.maxTtl} s ahead`);
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

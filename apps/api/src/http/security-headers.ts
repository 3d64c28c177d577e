import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every response (HSTS, nosniff, frame-ancestors, CSP, no referrer
 * leak). The CSP allows the Swagger UI's own assets and inline styles only.
 */
export const SECURITY_HEADER_OPTIONS = {
  contentSecurityPolicy: {
    directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], frameAncestors: ["'none'"] },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  referrerPolicy: { policy: 'no-referrer' },
} as const satisfies HelmetOptions;

/** What helmet does to a response with these options: the headers it sets (in order) and those it removes. */
export interface SecurityHeaders {
  readonly set: ReadonlyArray<readonly [name: string, value: string]>;
  readonly removed: readonly string[];
}

/**
 * Runs helmet once against a recording response. With static options (no directive
 * computed from the request) helmet sets the same headers on every response, so they are
 * computed at start instead of building helmet's middleware, CSP included, per request
 * (what @fastify/helmet does). A directive given as a function is refused.
 */
export function securityHeaders(options: HelmetOptions = SECURITY_HEADER_OPTIONS): SecurityHeaders {
  const csp = options.contentSecurityPolicy;
  if (csp && typeof csp === 'object' && Object.values(csp.directives ?? {}).some((v) => typeof v === 'function' || (Array.isArray(v) && v.some((x) => typeof x === 'function')))) {
    throw new Error('securityHeaders: a CSP directive computed per request cannot be computed once');
  }
  const set: Array<readonly [string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: unknown) => void set.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return { set, removed };
}

/** Sets the security headers on every response, on the raw response as helmet does (so hijacked replies such as the SSE feed carry them too). */
export function registerSecurityHeaders(fastify: FastifyInstance, headers: SecurityHeaders = securityHeaders()): void {
  const { set, removed } = headers;
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    for (const name of removed) raw.removeHeader(name);
    for (const [name, value] of set) raw.setHeader(name, value);
    done();
  });
}

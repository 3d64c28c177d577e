import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '#platform';
import { HttpProblem, PROBLEM_CONTENT_TYPE, toProblem } from '#platform';
import type { JwtVerifier } from '../auth/jwt.verifier.js';

/** Which budget a request draws from. */
export type RateLimitGroup = 'default' | 'heavy' | 'audit' | 'public_lookup';

const AUDIT = /^\/api\/v1\/audit(\/|$)/;
/**
 * The public dossier lookup needs no token and answers by a receipt code, which a centre
 * often numbers in sequence: on the default budget (600 a minute) one address could walk
 * the codes of a whole province (which procedure, when, at which stage) in hours. A small
 * budget of its own keeps a citizen's lookups and makes enumeration slow.
 */
const PUBLIC_LOOKUP = /^\/api\/v1\/public\/dossiers(\/|$)/;
/** Reads that do a lot of work per request (whole histories, exports, store scans, runs). */
const HEAVY = [
  /^\/api\/v1\/disciplinary-cases\/[^/]+\/case-file(\/bundle)?$/,
  /^\/api\/v1\/staff\/[^/]+\/history(\/bundle)?$/,
  /^\/api\/v1\/evaluation-cycles\/[^/]+\/(results(\.csv|\.xlsx)?|classification-runs)$/,
  /^\/api\/v1\/watchlist$/,
  /^\/api\/v1\/units\/[^/]+\/indicators$/,
  /^\/api\/v1\/events$/,
];
/** Probes and scrapes are not rate limited (they carry no caller and must answer under load). */
const EXEMPT = /^\/(health\/(live|ready)|metrics)$/;

export function rateLimitGroup(path: string): RateLimitGroup {
  if (AUDIT.test(path)) return 'audit';
  if (PUBLIC_LOOKUP.test(path)) return 'public_lookup';
  return HEAVY.some((r) => r.test(path)) ? 'heavy' : 'default';
}

type Limiter = (request: FastifyRequest) => Promise<{ isAllowed: boolean; isExceeded?: boolean; max?: number; remaining?: number; ttlInSeconds?: number }>;

/**
 * Per-caller rate limits with @fastify/rate-limit's store, in one onRequest hook (before
 * the body is parsed): the caller is the verified token's subject (cached verification),
 * so one caller's budget is the same from every address; without a valid token it is the
 * client address. Each group has its own counter, so exhausting the audit budget leaves
 * ordinary reads alone. A refusal is a 429 problem+json with Retry-After.
 */
export async function registerRateLimits(fastify: FastifyInstance, config: AppConfig, verifier: JwtVerifier): Promise<void> {
  if (!config.RATE_LIMIT_ENABLED) return;
  await fastify.register(rateLimit, { global: false });
  const callerKey = async (request: FastifyRequest): Promise<string> => {
    const header = request.headers.authorization;
    if (typeof header === 'string' && /^Bearer\s+\S+$/i.test(header)) {
      try {
        return `sub:${(await verifier.verify(header.replace(/^Bearer\s+/i, ''))).sub}`;
      } catch {
        // an invalid token is answered 401 by the guard; count it against the address
      }
    }
    return `ip:${request.ip}`;
  };
  const timeWindow = config.RATE_LIMIT_WINDOW * 1000;
  const limiters = Object.fromEntries(
    (
      [
        ['default', config.RATE_LIMIT_MAX],
        ['heavy', config.RATE_LIMIT_HEAVY_MAX],
        ['audit', config.RATE_LIMIT_AUDIT_MAX],
        ['public_lookup', config.RATE_LIMIT_PUBLIC_LOOKUP_MAX],
      ] as const
    ).map(([group, max]) => [
      group,
      (fastify as unknown as { createRateLimit(o: object): Limiter }).createRateLimit({
        max,
        timeWindow,
        keyGenerator: async (request: FastifyRequest) => `${group}:${await callerKey(request)}`,
      }),
    ]),
  ) as Record<RateLimitGroup, Limiter>;

  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (EXEMPT.test(path)) return undefined;
    const group = rateLimitGroup(path);
    const limit = await limiters[group](request);
    if (limit.isAllowed) return undefined;
    void reply.header('x-ratelimit-limit', limit.max).header('x-ratelimit-remaining', limit.remaining);
    if (!limit.isExceeded) return undefined;
    const problem = toProblem(
      new HttpProblem(429, 'rate_limited', 'Too many requests', `More than ${limit.max} ${group === 'default' ? '' : `${group.replace('_', ' ')} `}requests in ${config.RATE_LIMIT_WINDOW} s; retry after ${limit.ttlInSeconds} s`, [], {
        retryAfterSeconds: limit.ttlInSeconds,
      }),
      request,
    );
    return reply.status(429).header('retry-after', String(limit.ttlInSeconds)).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  });
}

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '#platform';
import { hasRole, type Principal } from '../auth/principal.js';
import { personReferencesOf, type PersonReference } from '../http/person-ref.interceptor.js';

/** What every command carries besides its data: who, when, and the HTTP preconditions. */
export interface CommandContext {
  readonly principal: Principal;
  /** Server clock, authoritative (`recordedAt`); ISO 8601. */
  readonly now: string;
  /** Business time; `now` unless an importer migrates a historical record. */
  readonly occurredAt: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** Stream version the caller saw (If-Match); a mismatch is a 412. */
  readonly ifMatch?: number;
  readonly idempotencyKey?: string;
  /** Fields of the request that name a person (@PersonRef), checked against the staff directory before the append. */
  readonly personReferences?: readonly PersonReference[];
}

const VERSION = /^(?:W\/)?"?(\d{1,15})"?$/;

/** Reads the command context from a request (headers If-Match, Idempotency-Key, X-Correlation-Id). */
export function commandContext(
  request: FastifyRequest,
  principal: Principal,
  options: { occurredAt?: string; clock?: () => Date } = {},
): CommandContext {
  const now = (options.clock ?? (() => new Date()))().toISOString();
  const ifMatchHeader = header(request, 'if-match');
  let ifMatch: number | undefined;
  if (ifMatchHeader !== undefined) {
    const m = VERSION.exec(ifMatchHeader.trim());
    if (!m) {
      throw new HttpProblem(400, 'invalid_if_match', 'Bad request', 'If-Match must be a version number as given in the ETag, e.g. "3"', [
        { field: 'If-Match', message: 'must be a version number' },
      ]);
    }
    ifMatch = Number(m[1]);
  }
  // Fastify's request id is the validated X-Correlation-Id or a fresh uuid (app.factory.ts).
  const correlationId = typeof request.id === 'string' && request.id.length > 0 ? request.id : randomUUID();
  let occurredAt = now;
  if (options.occurredAt !== undefined) {
    const ms = Date.parse(options.occurredAt);
    if (Number.isNaN(ms)) {
      throw new HttpProblem(400, 'validation_failed', 'Invalid request', 'occurredAt must be an ISO 8601 instant', [
        { field: 'occurredAt', message: 'must be an ISO 8601 instant' },
      ]);
    }
    // One minute of tolerance for clock skew; anything earlier is a historical record.
    if (ms < Date.parse(now) - 60_000 && !principal.roles.includes('importer')) {
      throw new HttpProblem(403, 'occurred_at_needs_importer', 'Forbidden', 'Only the importer role may record an event that occurred in the past');
    }
    if (ms > Date.parse(now) + 60_000) {
      throw new HttpProblem(422, 'occurred_at_in_future', 'Unprocessable content', 'occurredAt cannot be in the future', [
        { field: 'occurredAt', message: 'cannot be in the future' },
      ]);
    }
    occurredAt = new Date(ms).toISOString();
  }
  return {
    principal,
    now,
    occurredAt,
    correlationId,
    ifMatch,
    idempotencyKey: header(request, 'idempotency-key'),
    personReferences: personReferencesOf(request),
  };
}

/** The instant the domain should treat as "now": business time for importers, else the server clock. */
export function domainNow(ctx: CommandContext): string {
  return hasRole(ctx.principal, 'importer') ? ctx.occurredAt : ctx.now;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import { uuidV5 as uuidv5 } from '#event-store';

const RESOURCE_ID_NAMESPACE = '6b1e8f0a-3c2d-4e5f-9a7b-1c2d3e4f5a6b';

/**
 * The id of a resource the server names (no id in the body). With an Idempotency-Key
 * it is derived from the caller, the key and the route, so a retry after a crash
 * addresses the same stream as the first attempt and finds its events there
 * (deterministic event ids) instead of creating a second resource.
 */
export function newResourceId(request: FastifyRequest, principal: Principal): string {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length === 0) return randomUUID();
  return uuidv5(`${principal.sub}\n${key}\n${request.method} ${request.url.split('?')[0]}`, RESOURCE_ID_NAMESPACE);
}

import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemType } from '../errors/problem.js';
import { toProblem } from '../errors/problem.filter.js';

/** Deeper JSON than this is refused (class-transformer recurses and overflows the stack near 5 000). */
export const MAX_INPUT_DEPTH = 32;

// U+0000 (PostgreSQL text and jsonb refuse it) and UTF-16 surrogates without their pair
// (not encodable in UTF-8: jsonb refuses the \ud800 escape).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what is refused
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first reason the decoded input (path parameters, query, JSON body) cannot be
 * accepted: nesting deeper than MAX_INPUT_DEPTH, or a string or key the database
 * cannot store. Iterative, so hostile nesting cannot overflow the stack here.
 */
export function unsafeInput(parts: Readonly<Record<string, unknown>>): { field: string; message: string } | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = Object.entries(parts).map(([path, value]) => ({ value, path, depth: 0 }));
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value)) return { field: path, message: 'contains U+0000 or an unpaired UTF-16 surrogate' };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path, message: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
    for (const [key, child] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return { field: path, message: 'has a key with U+0000 or an unpaired UTF-16 surrogate' };
      stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
  return undefined;
}

function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error, request);
  return reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Fastify preValidation hook: refuses unsafe input with a 400 problem before any
 * guard, interceptor, pipe or handler sees it (so nothing reaches the database).
 */
export async function rejectUnsafeInput(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  const found = unsafeInput({ path: request.params, query: request.query, body: request.body });
  if (!found) return undefined;
  const code = found.message.startsWith('is nested') ? 'input_too_deep' : 'invalid_characters';
  return sendProblem(new HttpProblem(400, code, 'Invalid request', `${found.field} ${found.message}`, [found]), request, reply);
}

/**
 * Fastify `frameworkErrors`: errors the router raises before any route runs
 * (malformed percent-encoding, a path parameter over maxParamLength) as problems.
 */
export function frameworkErrorsAsProblems(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(error, request, reply);
}

/**
 * Fastify `clientErrorHandler`: what Node's HTTP parser refuses (headers over the
 * size limit, malformed requests) also answers application/problem+json.
 */
export function clientErrorAsProblem(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, title, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'Request timeout', 'The request was not received in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'Request header fields too large', 'The request headers exceed the allowed size']
        : [400, 'malformed_request', 'Bad request', 'The request could not be parsed as HTTP'];
  const body = JSON.stringify({ type: problemType(code), title, status, detail, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

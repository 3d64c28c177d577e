import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '#domain';
import { DuplicateEventId, WrongExpectedVersion } from '#event-store';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemType, type ProblemDetails } from './problem.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  428: 'Precondition required',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * The one place where errors become HTTP responses: every error is
 * `application/problem+json` with a stable `code`. Domain errors map by kind;
 * event-store conflicts map to 409 (412 when the caller sent If-Match).
 */
export function toProblem(error: unknown, request?: { headers: Record<string, unknown>; url?: string }): ProblemDetails {
  const instance = request?.url?.split('?')[0];
  if (error instanceof HttpProblem) {
    return {
      type: problemType(error.code),
      title: error.title,
      status: error.status,
      detail: error.message,
      code: error.code,
      instance,
      ...(error.errors.length ? { errors: error.errors } : {}),
      ...error.extensions,
    };
  }
  if (error instanceof DomainError) {
    const status =
      error.kind === 'not_found' ? 404 : error.kind === 'conflict' ? 409 : error.kind === 'forbidden' ? 403 : 422;
    return {
      type: problemType(error.code),
      title: error.kind === 'rule_violation' ? 'Business rule violated' : TITLES[status]!,
      status,
      detail: error.message,
      code: error.code,
      instance,
      ...(error.errors.length ? { errors: error.errors } : {}),
      ...(error.source ? { source: error.source } : {}),
    };
  }
  if (error instanceof WrongExpectedVersion) {
    const ifMatch = request?.headers['if-match'] !== undefined;
    const status = ifMatch ? 412 : 409;
    // The API speaks in versions (number of events, the ETag); the store in 0-based revisions.
    const current = error.actual === undefined ? 0 : Number(error.actual) + 1;
    const expected = typeof error.expected === 'bigint' ? Number(error.expected) + 1 : error.expected;
    return {
      type: problemType(ifMatch ? 'precondition_failed' : 'concurrency_conflict'),
      title: TITLES[status]!,
      status,
      detail: ifMatch
        ? `The resource changed: If-Match expected version ${String(expected)}, the current version is ${current}`
        : 'The resource was changed concurrently; retry the request',
      code: ifMatch ? 'precondition_failed' : 'concurrency_conflict',
      instance,
      currentVersion: current,
    };
  }
  if (error instanceof DuplicateEventId) {
    return { type: problemType(error.code), title: TITLES[409]!, status: 409, detail: error.message, code: error.code, instance };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    const code = status === 404 ? 'route_not_found' : status === 413 ? 'payload_too_large' : `http_${status}`;
    return {
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      detail: Array.isArray(message) ? message.join('; ') : String(message ?? error.message),
      code,
      instance,
    };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const code =
      fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'unsupported_media_type'
        : fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'payload_too_large'
          : fastifyError.code === 'FST_ERR_BAD_URL'
            ? 'bad_url'
            : fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH'
              ? 'uri_too_long'
              : status === 400
            ? 'malformed_request'
            : `http_${status}`;
    return { type: problemType(code), title: TITLES[status] ?? 'Bad request', status, detail: fastifyError.message, code, instance };
  }
  return {
    type: problemType('internal_error'),
    title: TITLES[500]!,
    status: 500,
    detail: 'An unexpected error occurred; it has been logged',
    code: 'internal_error',
    instance,
  };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = toProblem(exception, request);
    if (problem.status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
  }
}

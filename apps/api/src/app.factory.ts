import { randomUUID } from 'node:crypto';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '#platform';
import { ProblemDetailsFilter } from '#platform';
import { clientErrorAsProblem, frameworkErrorsAsProblems, rejectUnsafeInput } from '#platform';
import { createValidationPipe } from '#platform';
import { Logger as PinoLogger, PinoLogger as RequestLoggers } from 'nestjs-pino';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { ledgerTracer } from '#event-store';
import { AppModule } from './app.module.js';
import { completeOpenApiDocument, Problem, ProblemFieldError } from './http/openapi.js';
import { LedgerMetrics } from './metrics/metrics.js';
import { JwtVerifier } from './auth/jwt.verifier.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { lazyRequestLoggers } from './http/lazy-request-logger.js';

export const API_PREFIX = 'api/v1';
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,100}$/;
/** Request bodies above this size are refused with 413 before any parsing. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/**
 * The OpenAPI document of the routes `app` serves. Used by the /docs route and by
 * `openapi.main.ts`, which writes it without a server or database for Spectral and
 * the generated-client check (`npm run lint`).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('accountability-ledger')
      .setDescription(
        'Event-sourced accountability record of a public administration: assignments with the "6 clear", handoffs, ' +
          'consultations, recognition, discipline and the annual quality classification. Errors are application/problem+json.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
    { extraModels: [Problem, ProblemFieldError] },
  );
  return completeOpenApiDocument(document);
}

/** `/api/v1` on every route but health, metrics and the AsyncAPI document. */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'asyncapi.json', method: RequestMethod.GET },
    ],
  });
}

/** Builds the configured application (used by main.ts and by the e2e tests). */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, databaseUrl),
    new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      trustProxy: true,
      // Router and HTTP-parser refusals (bad percent-encoding, over-long ids, oversized
      // headers) answer application/problem+json like every other error.
      frameworkErrors: frameworkErrorsAsProblems,
      clientErrorHandler: clientErrorAsProblem,
      // The correlation id a client sends (or a new one) names the request in every log
      // line and is stored in the metadata of the events the request appends.
      requestIdHeader: false,
      genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
        const given = request.headers['x-correlation-id'];
        return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
      },
    }),
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(PinoLogger));
  // The per-request child logger (request serialized and redacted) is built only when
  // something is logged through it (http/lazy-request-logger.ts).
  if (RequestLoggers.root) lazyRequestLoggers(RequestLoggers.root);
  applyGlobalPrefix(app);
  const metrics = app.get(LedgerMetrics);
  const fastify = app.getHttpAdapter().getInstance();
  // Security headers on every response (http/security-headers.ts): helmet's, computed once.
  registerSecurityHeaders(fastify);
  await registerRateLimits(fastify, config, app.get(JwtVerifier));
  // NUL, unpaired surrogates and hostile nesting are refused before any guard or pipe.
  fastify.addHook('preValidation', rejectUnsafeInput);
  // A span per request, continuing the caller's W3C traceparent. Its context is entered
  // again before the handler: body parsing runs on the socket's callbacks, which do not
  // carry the context entered in onRequest.
  const spans = new WeakMap<object, { span: Span; ctx: Context }>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    const parent = propagation.extract(context.active(), request.headers);
    const route = request.routeOptions.url ?? 'unmatched';
    const span = ledgerTracer().startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'http.route': route, 'ledger.correlation_id': request.id },
    }, parent);
    const ctx = trace.setSpan(parent, span);
    spans.set(request, { span, ctx });
    context.with(ctx, done);
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    const entry = spans.get(request);
    if (entry) context.with(entry.ctx, done);
    else done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const entry = spans.get(request);
    if (entry) {
      entry.span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) entry.span.setStatus({ code: SpanStatusCode.ERROR });
      entry.span.end();
    }
    done();
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-correlation-id', request.id);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
      metrics.httpDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      done();
    });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());

  const document = buildOpenApiDocument(app);
  // The UI's static assets load @fastify/static, which Jest's module runtime cannot
  // require (an ESM-only dependency); tests turn the UI off and keep /docs-json.
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', swaggerUiEnabled: config.DOCS_UI });
  return app;
}

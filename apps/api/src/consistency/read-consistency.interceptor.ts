import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { defer, from, map, Observable, switchMap } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { requestWrites, type RequestWrites } from './caller-positions.js';
import { ReadConsistency } from './read-consistency.js';
import { COMMANDS_READ_MODELS, READS_MODELS } from './reads-models.decorator.js';

const SAFE = new Set(['GET', 'HEAD']);

/**
 * The read side of read-your-writes and the write side's consistency token, in one place:
 * - before a route that reads read models (`@ReadsModels`, `@CommandsReadModels`), waits
 *   until they reached the request's `Ledger-Min-Position` and the caller's own last
 *   write (bounded; 503 `read_model_behind` with Retry-After); a read with nothing to wait
 *   for goes straight to its handler;
 * - around every command (not GET/HEAD), opens the request's write record, so the command
 *   side stamps `Ledger-Position` on the reply and a `{version}` body gets its `position`.
 */
@Injectable()
export class ReadConsistencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(ReadConsistency) private readonly consistency: ReadConsistency,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const safe = SAFE.has(request.method);
    const models = this.modelsOf(context, safe);
    // A read appends nothing: no write record, no position to report.
    const handle = safe
      ? () => next.handle()
      : () => {
          const writes: RequestWrites = { setHeader: (name, value) => void reply.header(name, value) };
          return new Observable<unknown>((subscriber) => requestWrites.run(writes, () => next.handle().subscribe(subscriber))).pipe(
            map((body) => withPosition(body, writes.position)),
          );
        };
    const wait = models.length === 0 ? undefined : this.consistency.waitIfNeeded(models, request.principal?.sub, ReadConsistency.parseToken(request.headers['ledger-min-position']));
    // Nothing to wait for (no token, no recent write of this caller to these models): straight on.
    if (!wait) return safe ? next.handle() : defer(handle);
    return from(
      wait.catch((error: unknown) => {
        void reply.header('Retry-After', '1');
        throw error;
      }),
    ).pipe(switchMap(handle));
  }

  private modelsOf(context: ExecutionContext, safe: boolean): readonly string[] {
    const own = this.reflector.get<string[] | undefined>(READS_MODELS, context.getHandler());
    if (own) return own;
    const key = safe ? READS_MODELS : COMMANDS_READ_MODELS;
    return this.reflector.get<string[] | undefined>(key, context.getClass()) ?? [];
  }
}

/** A command body that reports a version also reports the consistency token (as a string: positions are 64-bit). */
function withPosition(body: unknown, position: bigint | undefined): unknown {
  if (position === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  if (!('version' in body) || 'position' in body) return body;
  return { ...body, position: position.toString() };
}

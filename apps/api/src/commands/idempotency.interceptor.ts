import { createHash } from 'node:crypto';
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { FastifyReply } from 'fastify';
import pg from 'pg';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { canonicalJson } from '#event-store';
import { APP_CONFIG, HttpProblem, type AppConfig, type ProblemDetails } from '#platform';
import { toProblem } from '#platform';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';

const KEY = /^[\x21-\x7e]{1,200}$/;
const REPLAYED_HEADERS = ['etag', 'location', 'ledger-position'];

/**
 * `Idempotency-Key` on a POST: the first response (success or a 4xx problem) is
 * stored per caller and key; a retry with the same body gets it back, marked
 * `Idempotent-Replayed: true`, and appends nothing. The same key with another body
 * is a 422; a retry while the first is still running is a 409.
 *
 * The running request holds a lease on its record (IDEMPOTENCY_LEASE, renewed while it
 * runs). A process that dies mid-request leaves the record in flight; once the lease has
 * passed, a retry takes the record over and runs the command again. Event ids (and ids
 * the server names) are derived from the key, so if the first attempt's events landed
 * the command finds them and answers as the first would have (the record is completed
 * and the response replayed); if they did not, it runs for the first time.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.principal) return next.handle();
    return from(this.run(context, String(key), next));
  }

  private async run(context: ExecutionContext, key: string, next: CallHandler): Promise<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (!KEY.test(key)) {
      throw new HttpProblem(400, 'invalid_idempotency_key', 'Bad request', 'Idempotency-Key must be 1 to 200 visible ASCII characters', [
        { field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
      ]);
    }
    const subject = request.principal!.sub;
    const path = request.url.split('?')[0]!;
    const requestHash = createHash('sha256')
      .update(`${request.method}\n${path}\n${canonicalJson(request.body ?? null)}`)
      .digest('hex');
    const lease = `${this.config.IDEMPOTENCY_LEASE} seconds`;
    const inserted = await this.pool.query(
      `INSERT INTO idempotency_keys (subject, key, method, path, request_hash, lease_until) VALUES ($1, $2, $3, $4, $5, now() + $6::interval)
       ON CONFLICT (subject, key) DO NOTHING`,
      [subject, key, request.method, path, requestHash, lease],
    );
    if (inserted.rowCount === 0) {
      // Take over a record whose request died (lease passed); only one retry wins.
      const taken = await this.pool.query(
        `UPDATE idempotency_keys SET lease_until = now() + $4::interval, attempts = attempts + 1
          WHERE subject = $1 AND key = $2 AND request_hash = $3 AND status IS NULL AND (lease_until IS NULL OR lease_until < now())`,
        [subject, key, requestHash, lease],
      );
      if (taken.rowCount === 0) return this.replay(subject, key, requestHash, reply);
    }

    // Renew the lease while the command runs, so a slow command is not taken over.
    const renew = setInterval(
      () =>
        void this.pool
          .query('UPDATE idempotency_keys SET lease_until = now() + $3::interval WHERE subject = $1 AND key = $2 AND status IS NULL', [subject, key, lease])
          .catch(() => undefined),
      Math.max(1000, (this.config.IDEMPOTENCY_LEASE * 1000) / 3),
    );
    renew.unref();
    try {
      const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const status = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
      const headers = Object.fromEntries(
        REPLAYED_HEADERS.map((h) => [h, reply.getHeader(h)]).filter(([, v]) => v !== undefined),
      );
      await this.pool.query(
        'UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE subject = $1 AND key = $2',
        [subject, key, status, JSON.stringify(body ?? null), JSON.stringify(headers)],
      );
      return body;
    } catch (error) {
      const problem = toProblem(error, request);
      if (problem.status >= 500) {
        // Nothing to replay: let a retry run again.
        await this.pool.query('DELETE FROM idempotency_keys WHERE subject = $1 AND key = $2', [subject, key]);
      } else {
        await this.pool.query(
          'UPDATE idempotency_keys SET status = $3, body = $4, headers = $5 WHERE subject = $1 AND key = $2',
          [subject, key, problem.status, JSON.stringify(problem), '{}'],
        );
      }
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  private async replay(subject: string, key: string, requestHash: string, reply: FastifyReply): Promise<unknown> {
    const { rows } = await this.pool.query(
      `SELECT request_hash, status, body, headers,
              GREATEST(1, ceil(extract(epoch FROM lease_until - now())))::int AS retry_after
         FROM idempotency_keys WHERE subject = $1 AND key = $2`,
      [subject, key],
    );
    const row = rows[0] as { request_hash: string; status: number | null; body: unknown; headers: Record<string, string>; retry_after: number | null } | undefined;
    if (!row) throw new HttpProblem(409, 'idempotency_key_in_flight', 'Conflict', 'A request with this Idempotency-Key is still being processed; retry shortly');
    if (row.request_hash !== requestHash) {
      throw new HttpProblem(422, 'idempotency_key_reused', 'Unprocessable content', 'This Idempotency-Key was used for a different request', [
        { field: 'Idempotency-Key', message: 'was used for a different request' },
      ]);
    }
    if (row.status === null) {
      const retryAfter = row.retry_after ?? 1;
      void reply.header('retry-after', String(retryAfter));
      throw new HttpProblem(409, 'idempotency_key_in_flight', 'Conflict', `A request with this Idempotency-Key is still being processed; retry after ${retryAfter} s`, [], {
        retryAfterSeconds: retryAfter,
      });
    }
    void reply.header('idempotent-replayed', 'true');
    for (const [h, v] of Object.entries(row.headers ?? {})) void reply.header(h, v);
    if (row.status >= 400) {
      const { status, code, title, detail, errors, type: _type, instance: _instance, ...extensions } = row.body as ProblemDetails;
      throw new HttpProblem(status, code, title, detail, errors ?? [], extensions);
    }
    return row.body;
  }
}

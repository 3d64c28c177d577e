import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { plainToInstance } from 'class-transformer';
import pg from 'pg';
import type { Observable } from 'rxjs';
import { HttpProblem } from '#platform';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { hasInvisibleCharacters, normalizePersonId, personRefsOf } from './person-ref.js';

const BODY = 3; // RouteParamtypes.BODY
const PERSON_REFERENCES = Symbol.for('accountability-ledger.personReferences');

/** A field of the request that names a person, with the id in NFC. */
export interface PersonReference {
  readonly field: string;
  readonly id: string;
  readonly orCaller: boolean;
}

/** The person references the PersonRefInterceptor found in this request's body. */
export function personReferencesOf(request: object): readonly PersonReference[] {
  return (request as { [PERSON_REFERENCES]?: PersonReference[] })[PERSON_REFERENCES] ?? [];
}

/**
 * Collects every field marked @PersonRef in a command's body (nested DTOs and lists
 * included) and leaves them on the request; the command path checks them against the
 * staff directory in one query after authorization and the decision, right before the
 * append (PersonDirectory), so a caller without the right to act learns nothing about
 * who exists. Malformed values are left to the validation pipe (400).
 */
@Injectable()
export class PersonRefInterceptor implements NestInterceptor {
  /** Handlers without a typed body. */
  private readonly without = new WeakSet<object>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const handler = context.getHandler();
    if (request.method !== 'POST' || this.without.has(handler) || typeof request.body !== 'object' || request.body === null) {
      return next.handle();
    }
    const type = this.bodyType(context);
    if (!type) {
      this.without.add(handler);
      return next.handle();
    }
    // Not cached per handler: a nested class with person fields appears only when the body has one.
    (request as { [PERSON_REFERENCES]?: PersonReference[] })[PERSON_REFERENCES] = this.references(plainToInstance(type, request.body) as object);
    return next.handle();
  }

  private bodyType(context: ExecutionContext): (new () => object) | undefined {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, { index: number }>;
    const body = Object.entries(args).find(([key]) => key.split(':')[0] === String(BODY));
    if (!body) return undefined;
    const types = Reflect.getMetadata('design:paramtypes', context.getClass().prototype, context.getHandler().name) as unknown[] | undefined;
    const type = types?.[body[1].index];
    return typeof type === 'function' && type !== Object ? (type as new () => object) : undefined;
  }

  /** The person references in a DTO tree. */
  private references(root: object): PersonReference[] {
    const found: PersonReference[] = [];
    const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
    while (stack.length > 0) {
      const { value, path, depth } = stack.pop()!;
      if (typeof value !== 'object' || value === null || depth > 8) continue;
      if (Array.isArray(value)) {
        value.forEach((v, i) => stack.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
        continue;
      }
      const marks = personRefsOf(value.constructor);
      const owner = value as Record<string, unknown>;
      for (const mark of marks) {
        if (mark.when && !mark.when(owner)) continue;
        const field = path ? `${path}.${mark.property}` : mark.property;
        const raw = owner[mark.property];
        const values = mark.each ? (Array.isArray(raw) ? raw.map((v, i) => [`${field}[${i}]`, v] as const) : []) : [[field, raw] as const];
        for (const [name, v] of values) {
          // Not a usable id: the validation pipe answers 400 for it.
          if (typeof v !== 'string' || v.length === 0 || v.length > 200 || hasInvisibleCharacters(v)) continue;
          found.push({ field: name, id: normalizePersonId(v), orCaller: mark.orCaller === true });
        }
      }
      for (const [key, child] of Object.entries(owner)) {
        if (typeof child === 'object' && child !== null) stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
    return found;
  }
}

/** Injection token of the staff-directory check the command path runs before appending. */
export const PERSON_DIRECTORY = Symbol.for('accountability-ledger.PersonDirectory');

/**
 * Checks person references against the staff directory read model: one query per
 * command. A ghost or look-alike id is a 422 `unknown_person` naming the field; the
 * detail never names the person.
 */
@Injectable()
export class PersonDirectory {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  async assertActive(references: readonly PersonReference[], caller: string): Promise<void> {
    const ids = PersonDirectory.toCheck(references, caller);
    if (ids.length === 0) return;
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'person-directory-active', // prepared once per connection: every command naming a person asks it
      text: `SELECT id FROM staff_v1 WHERE id = ANY($1::text[]) AND status = 'active'`,
      values: [ids],
    });
    PersonDirectory.verdict(references, caller, new Set(rows.map((r) => r.id)));
  }

  /** The distinct ids to look up (a field that may name the caller and does needs no look-up). */
  static toCheck(references: readonly PersonReference[], caller: string): string[] {
    return [...new Set(references.filter((r) => !(r.orCaller && r.id === caller)).map((r) => r.id))];
  }

  /** Throws the 422 `unknown_person` when a reference is not among the `active` ids (the answer of the look-up). */
  static verdict(references: readonly PersonReference[], caller: string, active: ReadonlySet<string>): void {
    const unknown = references.filter((r) => !(r.orCaller && r.id === caller) && !active.has(r.id));
    if (unknown.length === 0) return;
    const fields = [...new Set(unknown.map((r) => r.field))].sort();
    throw new HttpProblem(
      422,
      'unknown_person',
      'Unprocessable content',
      `${fields.join(', ')} must name a registered, active staff member${unknown.some((r) => r.orCaller) ? ' (or the caller)' : ''}`,
      fields.map((field) => ({ field, message: 'does not name a registered, active staff member' })),
    );
  }
}

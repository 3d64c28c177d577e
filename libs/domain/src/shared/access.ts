import type { DomainCommand } from './decider.js';
import { ruleError, type Rule } from './errors.js';

/**
 * Who may act, as data (CONVENTIONS.md "Command routes"). Each aggregate has ONE
 * `<aggregate>.access.ts` with an `AccessPolicy`: for every command type, a pure
 * function of the caller and the state the command is decided on that answers the
 * capacity the caller acts in (`holder`, `manager`, `council_member`...) or a denial.
 * The executor asks it on every attempt and puts the answer on the command as
 * `actingAs`; the decider checks that the capacity fits (so the CLI, the importer and
 * tests obey the same rule without HTTP).
 */

/** Roles of DESIGN.md section 10, as the domain sees them. */
export type ActorRole = 'hr' | 'unit_head' | 'council' | 'inspector' | 'staff' | 'integration' | 'importer' | 'admin';

/** Roles whose `units` claim counts. A `staff` token acts only as itself (issue 12 item 10). */
export const SCOPED_ROLES: readonly ActorRole[] = ['hr', 'unit_head', 'inspector', 'importer', 'council'];

/** Roles that manage work and people within their unit scope. */
export const MANAGER_ROLES: readonly ActorRole[] = ['unit_head', 'hr', 'importer'];

/** The caller's unit scope, resolved from the directory before the policy runs (so the policy stays synchronous). */
export interface UnitScope {
  /** Every unit (admin, or the `*` claim of a scoped role). */
  readonly all: boolean;
  /** Every unit id in the caller's unit subtrees. */
  readonly units: ReadonlySet<string>;
}

/** The caller as an access policy sees it: pure data and answers, no I/O. */
export interface Actor {
  /** Subject of the token: a staff id, or a service name. */
  readonly sub: string;
  readonly roles: readonly ActorRole[];
  /** The caller's own unit in the staff directory; null when the subject is not registered staff. */
  readonly unitId: string | null;
  /** Has one of the roles (admin has every role). */
  is(...roles: readonly ActorRole[]): boolean;
  /** The unit is in the caller's unit scope; a record of no unit is in scope only for all-seeing callers. */
  inScope(unitId: string | null | undefined): boolean;
  /** A manager role (unit_head, hr, importer, admin) with the unit in scope. */
  manages(unitId: string | null | undefined): boolean;
  /** The caller holds a leadership post (head or deputy) in the unit, per the staff directory. */
  leads(unitId: string | null | undefined): boolean;
  /** The caller holds at least one leadership post. */
  readonly leadsAny: boolean;
  /** The current unit of a person the policy asked about (`people` of the policy); null when not registered. */
  unitOf(staffId: string): string | null;
  /** The same caller, knowing the units of the people a policy asked about. */
  knowing(units: ReadonlyMap<string, string>): Actor;
}

/** The name under which a policy's `people` asks whether a unit exists (`who.unitOf(unitRef(id))` is the id, or null). */
export function unitRef(unitId: string): string {
  return `unit:${unitId}`;
}

/** What the directory says about the caller besides the scope. */
export interface ActorFacts {
  /** The caller's own unit. */
  readonly unitId?: string | null;
  /** Units where the caller holds a leadership post. */
  readonly leads?: ReadonlySet<string>;
}

/** A pure Actor from the token's subject and roles and the scope resolved for it. */
export function actor(
  sub: string,
  roles: readonly ActorRole[],
  scope: UnitScope,
  facts: string | null | ActorFacts = null,
  people: ReadonlyMap<string, string> = new Map(),
): Actor {
  const f: ActorFacts = typeof facts === 'string' || facts === null ? { unitId: facts } : facts;
  const is = (...wanted: readonly ActorRole[]) => roles.includes('admin') || wanted.some((r) => roles.includes(r));
  const inScope = (u: string | null | undefined) => scope.all || (u !== null && u !== undefined && scope.units.has(u));
  return {
    sub,
    roles,
    unitId: f.unitId ?? null,
    is,
    inScope,
    manages: (u) => is(...MANAGER_ROLES) && inScope(u),
    leads: (u) => u !== null && u !== undefined && (f.leads?.has(u) ?? false),
    leadsAny: (f.leads?.size ?? 0) > 0,
    unitOf: (id) => people.get(id) ?? null,
    knowing: (units) => actor(sub, roles, scope, f, new Map([...people, ...units])),
  };
}

/** The scope a token's claims give, before the subtrees are expanded: `units` counts only for scoped roles. */
export function claimedScope(roles: readonly ActorRole[], units: readonly string[]): { all: boolean; roots: readonly string[] } {
  if (roles.includes('admin')) return { all: true, roots: [] };
  if (!roles.some((r) => SCOPED_ROLES.includes(r))) return { all: false, roots: [] };
  return { all: units.includes('*'), roots: units.filter((u) => u !== '*') };
}

/** An access refusal: the rule (its kind makes it a 403 `forbidden` or a 404 `not_found`) and a message naming nobody else. */
export interface Denial {
  readonly denied: Rule;
  readonly message: string;
}

/** Refuses the caller under `rule`. Use a `not_found` rule where the caller may not even know the record exists. */
export function deny(rule: Rule, message: string): Denial {
  return { denied: rule, message };
}

export function isDenial(value: unknown): value is Denial {
  return typeof value === 'object' && value !== null && 'denied' in value;
}

/** One command's rule: the capacity the caller acts in, or a denial. */
export type AccessRule<S, C> = (who: Actor, state: S, command: C) => string | Denial;

/**
 * Who may issue each command of an aggregate, and as what. `people` (optional) names
 * the persons whose current unit the rules need (`who.unitOf(id)`); the executor
 * looks them up in the directory before asking, so the rules stay pure.
 */
export type AccessPolicy<S, C extends { readonly type: string }> = {
  readonly [K in C['type']]: AccessRule<S, Extract<C, { readonly type: K }>>;
} & { readonly people?: (state: S, command: C) => readonly string[] };

/** Asks the policy; returns the capacity or throws the denial's domain error (403 or 404). */
export function authorize<S, C extends { readonly type: string }>(policy: AccessPolicy<S, C>, who: Actor, state: S, command: C): string {
  const rule = (policy as unknown as Record<string, AccessRule<S, C>>)[command.type];
  if (!rule) throw new Error(`No access rule for ${command.type}`);
  const answer = rule(who, state, command);
  if (isDenial(answer)) throw ruleError(answer.denied, answer.message);
  return answer;
}

/** Shared who-may-act rules (aggregates add their own to their RULES tables). */
export const ACCESS_RULES = {
  /** The command names a capacity (`actingAs`) the command does not accept, or none. */
  capacityRefused: {
    code: 'capacity_refused',
    kind: 'forbidden',
    source: 'ledger rule (no legal source): who may act is decided by the aggregate access policy and checked again by the decider',
  },
  /** The record is outside the caller's unit scope; only for records the caller creates (existing ones answer 404). */
  outsideUnitScope: {
    code: 'outside_unit_scope',
    kind: 'forbidden',
    source: 'DESIGN.md section 10: unit heads and hr act within their unit subtrees (interpretation of the delegation of authority)',
  },
} as const satisfies Record<string, Rule>;

/**
 * Decider side: the command's `actingAs` is one of `allowed`; throws `capacity_refused`
 * otherwise. A command without `actingAs` acts as `fallback` (the capacity the state
 * itself can verify, such as the holder), so a caller that names no capacity is held
 * to the strictest one.
 */
export function requireCapacity<Cap extends string>(
  command: Pick<DomainCommand, 'type' | 'actingAs'>,
  allowed: readonly Cap[],
  fallback?: Cap,
): Cap {
  const capacity = command.actingAs ?? fallback;
  if (capacity === undefined || !(allowed as readonly string[]).includes(capacity)) {
    throw ruleError(
      ACCESS_RULES.capacityRefused,
      `${command.type} is accepted only from ${allowed.join(' or ')}${command.actingAs ? `, not ${command.actingAs}` : ''}`,
    );
  }
  return capacity as Cap;
}

import { Inject, Injectable } from '@nestjs/common';
import { actor, claimedScope, type Actor } from '#domain';
import { HttpProblem } from '#platform';
import { NO_UNITS, UnitQueries, type Reader, type UnitScope } from '#read-models';
import { hasRole, type Principal, type Role } from './principal.js';

/**
 * Unit scope (DESIGN.md section 10): the `units` claim names unit subtrees; `*`
 * (or admin) is every unit. Subtrees come from the materialized paths of units_v1,
 * read through UnitQueries. The claim counts only for scoped roles (hr, unit_head,
 * inspector, importer, council): a `staff` token acts and reads only as itself
 * (issue 12 item 10).
 */
@Injectable()
export class ScopeService {
  constructor(@Inject(UnitQueries) private readonly units: UnitQueries) {}

  seesAll(principal: Principal): boolean {
    return claimedScope(principal.roles, principal.units).all;
  }

  /** The caller's unit scope, as the read queries take it. */
  unitScope(principal: Principal): UnitScope {
    const claimed = claimedScope(principal.roles, principal.units);
    return { all: claimed.all, units: claimed.roots };
  }

  /** The caller as a reader: their unit scope when they hold one of `roles` (admin always), no units otherwise. */
  reader(principal: Principal, ...roles: readonly Role[]): Reader {
    return { sub: principal.sub, scope: hasRole(principal, ...roles) ? this.unitScope(principal) : NO_UNITS };
  }

  /**
   * The caller as an access policy sees it: the unit subtrees expanded from the
   * directory and the caller's own unit, in one query, so the policy itself is pure.
   */
  async actorFor(principal: Principal): Promise<Actor> {
    return (await this.actorChecking(principal, [])).actor;
  }

  /**
   * `actorFor`, and in the same statement which of `ids` name registered, active staff
   * members (the directory check of the people a command names).
   */
  async actorChecking(principal: Principal, ids: readonly string[]): Promise<{ actor: Actor; active: ReadonlySet<string> }> {
    const scope = this.unitScope(principal);
    const { own, leads, units, active } = await this.units.actorUnits(principal.sub, scope.all ? [] : scope.units, ids);
    return {
      actor: actor(principal.sub, principal.roles, { all: scope.all, units: new Set(units) }, { unitId: own, leads: new Set(leads) }),
      active: new Set(active),
    };
  }

  /**
   * The current unit of each person named (those registered in the directory); a name
   * `unit:<id>` answers the unit itself when it exists (see `unitRef` in #domain).
   */
  unitsOf(names: readonly string[]): Promise<Map<string, string>> {
    return this.units.unitsOf(names);
  }

  async canSeeUnit(principal: Principal, unitId: string): Promise<boolean> {
    const scope = this.unitScope(principal);
    if (scope.all) return true;
    return this.units.inSubtrees(unitId, scope.units);
  }

  /** Refuses a command aimed at a unit outside the caller's scope. */
  async assertUnitInScope(principal: Principal, unitId: string, field = 'unitId'): Promise<void> {
    if (!(await this.canSeeUnit(principal, unitId))) {
      throw new HttpProblem(403, 'outside_unit_scope', 'Forbidden', `Unit ${unitId} is outside your unit scope`, [
        { field, message: 'is outside your unit scope' },
      ]);
    }
  }

  /** Whether the caller may read a staff member's own records (self, or the staff's unit in scope for the roles given). */
  async canSeeStaff(principal: Principal, staff: { id: string; unitId: string }, ...roles: Parameters<typeof hasRole>[1][]): Promise<boolean> {
    if (principal.sub === staff.id) return true;
    if (!hasRole(principal, ...roles)) return false;
    return this.canSeeUnit(principal, staff.unitId);
  }
}

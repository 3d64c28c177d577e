import { Inject, Injectable } from '@nestjs/common';
import { HttpProblem } from '#platform';
import { NO_UNITS, UnitQueries, type Reader, type UnitScope } from '#read-models';
import { hasRole, type Principal, type Role } from './principal.js';

/**
 * Unit scope (DESIGN.md section 10): the `units` claim names unit subtrees; `*`
 * (or admin) is every unit. Subtrees come from the materialized paths of units_v1,
 * read through UnitQueries.
 */
@Injectable()
export class ScopeService {
  constructor(@Inject(UnitQueries) private readonly units: UnitQueries) {}

  seesAll(principal: Principal): boolean {
    return principal.roles.includes('admin') || principal.units.includes('*');
  }

  /** The caller's unit scope, as the read queries take it. */
  unitScope(principal: Principal): UnitScope {
    return { all: this.seesAll(principal), units: principal.units.filter((u) => u !== '*') };
  }

  /** The caller as a reader: their unit scope when they hold one of `roles` (admin always), no units otherwise. */
  reader(principal: Principal, ...roles: readonly Role[]): Reader {
    return { sub: principal.sub, scope: hasRole(principal, ...roles) ? this.unitScope(principal) : NO_UNITS };
  }

  async canSeeUnit(principal: Principal, unitId: string): Promise<boolean> {
    if (this.seesAll(principal)) return true;
    return this.units.inSubtrees(unitId, principal.units);
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

import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { HttpProblem } from '#platform';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { hasRole, type Principal } from './principal.js';

/**
 * Unit scope (DESIGN.md section 10): the `units` claim names unit subtrees; `*`
 * (or admin) is every unit. Subtrees come from the materialized paths of units_v1.
 */
@Injectable()
export class ScopeService {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  seesAll(principal: Principal): boolean {
    return principal.roles.includes('admin') || principal.units.includes('*');
  }

  /** LIKE patterns matching the paths of every unit in the caller's subtrees. */
  pathPatterns(principal: Principal): string[] {
    return principal.units.filter((u) => u !== '*').map((u) => `%/${u.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
  }

  async canSeeUnit(principal: Principal, unitId: string): Promise<boolean> {
    if (this.seesAll(principal)) return true;
    const patterns = this.pathPatterns(principal);
    if (patterns.length === 0) return false;
    const { rowCount } = await this.pool.query('SELECT 1 FROM units_v1 WHERE id = $1 AND path LIKE ANY ($2)', [unitId, patterns]);
    return (rowCount ?? 0) > 0;
  }

  /** Refuses a command aimed at a unit outside the caller's scope. */
  async assertUnitInScope(principal: Principal, unitId: string, field = 'unitId'): Promise<void> {
    if (!(await this.canSeeUnit(principal, unitId))) {
      throw new HttpProblem(403, 'outside_unit_scope', 'Forbidden', `Unit ${unitId} is outside your unit scope`, [
        { field, message: 'is outside your unit scope' },
      ]);
    }
  }

  /**
   * SQL condition limiting rows whose `column` holds a unit id to the caller's
   * scope; `$n` placeholders continue from `offset`. Returns `TRUE` for all-seeing callers.
   */
  unitCondition(principal: Principal, column: string, offset: number): { sql: string; params: unknown[] } {
    if (this.seesAll(principal)) return { sql: 'TRUE', params: [] };
    return {
      sql: `${column} IN (SELECT id FROM units_v1 WHERE path LIKE ANY ($${offset + 1}))`,
      params: [this.pathPatterns(principal)],
    };
  }

  /** Whether the caller may read a staff member's own records (self, or the staff's unit in scope for the roles given). */
  async canSeeStaff(principal: Principal, staff: { id: string; unitId: string }, ...roles: Parameters<typeof hasRole>[1][]): Promise<boolean> {
    if (principal.sub === staff.id) return true;
    if (!hasRole(principal, ...roles)) return false;
    return this.canSeeUnit(principal, staff.unitId);
  }
}

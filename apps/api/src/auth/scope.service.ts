import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { actor, claimedScope, type Actor } from '#domain';
import { HttpProblem } from '#platform';
import { PG_POOL } from '../infrastructure/database.tokens.js';
import { hasRole, type Principal } from './principal.js';

/**
 * Unit scope (DESIGN.md section 10): the `units` claim names unit subtrees; `*`
 * (or admin) is every unit. Subtrees come from the materialized paths of units_v1.
 * The claim counts only for scoped roles (hr, unit_head, inspector, importer,
 * council): a `staff` token acts and reads only as itself (issue 12 item 10).
 */
@Injectable()
export class ScopeService {
  constructor(@Inject(PG_POOL) private readonly pool: pg.Pool) {}

  seesAll(principal: Principal): boolean {
    return claimedScope(principal.roles, principal.units).all;
  }

  /** LIKE patterns matching the paths of every unit in the caller's subtrees. */
  pathPatterns(principal: Principal): string[] {
    return claimedScope(principal.roles, principal.units).roots.map((u) => `%/${u.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
  }

  /**
   * The caller as an access policy sees it: the unit subtrees expanded from the
   * directory and the caller's own unit, in one query, so the policy itself is pure.
   */
  async actorFor(principal: Principal): Promise<Actor> {
    const all = this.seesAll(principal);
    const patterns = all ? [] : this.pathPatterns(principal);
    const { rows } = await this.pool.query<{ own: string | null; leads: string[] | null; units: string[] }>(
      `SELECT s.unit_id AS own, ARRAY(SELECT p->>'unitId' FROM jsonb_array_elements(s.leadership) p) AS leads,
              CASE WHEN cardinality($2::text[]) = 0 THEN '{}'::text[] ELSE ARRAY(SELECT id FROM units_v1 WHERE path LIKE ANY ($2)) END AS units
         FROM (SELECT 1) one LEFT JOIN staff_v1 s ON s.id = $1`,
      [principal.sub, patterns],
    );
    const row = rows[0];
    return actor(principal.sub, principal.roles, { all, units: new Set(row?.units ?? []) }, { unitId: row?.own ?? null, leads: new Set(row?.leads ?? []) });
  }

  /**
   * The current unit of each person named (those registered in the directory); a name
   * `unit:<id>` answers the unit itself when it exists (see `unitRef` in #domain).
   */
  async unitsOf(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const { rows } = await this.pool.query<{ id: string; unit_id: string }>(
      `SELECT id, unit_id FROM staff_v1 WHERE id = ANY ($1)
       UNION ALL SELECT 'unit:' || id, id FROM units_v1 WHERE 'unit:' || id = ANY ($1)`,
      [names],
    );
    return new Map(rows.map((r) => [r.id, r.unit_id]));
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

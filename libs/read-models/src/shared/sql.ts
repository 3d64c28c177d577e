import type pg from 'pg';

/** What a read query needs from the database: a pg pool or client. */
export type Sql = Pick<pg.Pool, 'query'>;

/**
 * The unit scope of a reader (DESIGN.md section 10): every unit, or the subtrees of
 * the listed unit ids (the `units` claim). Computed by the API from the token; the
 * queries turn it into SQL against the materialized unit paths of units_v1.
 */
export interface UnitScope {
  readonly all: boolean;
  readonly units: readonly string[];
}

/** Who reads: the subject, and the unit scope their role gives (empty when the role gives none). */
export interface Reader {
  readonly sub: string;
  readonly scope: UnitScope;
}

export const NO_UNITS: UnitScope = { all: false, units: [] };

/** Positional parameters for a statement built piece by piece. */
export class Params {
  readonly values: unknown[] = [];
  constructor(...initial: unknown[]) {
    this.values.push(...initial);
  }
  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** LIKE patterns matching the materialized paths of every unit in the given subtrees. */
export function subtreePatterns(units: readonly string[]): string[] {
  return units.filter((u) => u !== '*').map((u) => `%/${u.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`);
}

/** SQL condition: the unit id in `column` lies in the scope (`TRUE` for every unit). */
export function unitScopeSql(column: string, scope: UnitScope, params: Params): string {
  if (scope.all) return 'TRUE';
  return `${column} IN (SELECT id FROM units_v1 WHERE path LIKE ANY (${params.add(subtreePatterns(scope.units))}))`;
}

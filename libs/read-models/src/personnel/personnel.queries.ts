import { cursorCodec, pageOf, type Page } from '../shared/cursor.js';
import { Params, subtreePatterns, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

/** A unit as the API shows it (units_v1). */
export interface UnitView {
  readonly id: string;
  readonly name: string;
  readonly parentUnitId: string | null;
  /** Materialized path of ancestor ids, `/root/dept/`. */
  readonly path: string;
  readonly status: 'active' | 'merged';
  readonly mergedInto: string | null;
  readonly establishedOn: string;
  readonly version: number;
}

export interface LeadershipPostView {
  readonly role: 'head' | 'deputy';
  readonly unitId: string;
  readonly since: string;
}

export interface LeaveView {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
}

/** A staff member as the API shows it (staff_v1). */
export interface StaffView {
  readonly id: string;
  readonly personnelCode: string;
  readonly fullName: string;
  readonly category: string;
  readonly unitId: string;
  readonly jobPosition: string;
  readonly joinedOn: string;
  readonly status: 'active' | 'left';
  readonly leftOn: string | null;
  readonly leadership: LeadershipPostView[];
  readonly leaves: LeaveView[];
  readonly version: number;
}

/** The one definition of the columns of units_v1 as read. */
export const UNIT_COLUMNS = `id, name, parent_unit_id AS "parentUnitId", path, status, merged_into AS "mergedInto",
  to_char(established_on, 'YYYY-MM-DD') AS "establishedOn", version`;

/** The one definition of the columns of staff_v1 as read. */
export const STAFF_COLUMNS = `id, personnel_code AS "personnelCode", full_name AS "fullName", category, unit_id AS "unitId",
  job_position AS "jobPosition", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn", status,
  to_char(left_on, 'YYYY-MM-DD') AS "leftOn", leadership, leaves, version`;

const unitCursor = cursorCodec(['text']);
const staffCursor = cursorCodec(['text']);

/** Reads of the unit tree (units_v1), beside PersonnelProjection. */
export class UnitQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<UnitView | undefined> {
    return (await this.db.query<UnitView>(`SELECT ${UNIT_COLUMNS} FROM units_v1 WHERE id = $1`, [id])).rows[0];
  }

  async exists(id: string): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM units_v1 WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  /** Units in the scope, ordered by path (a parent before its children). */
  async list(scope: UnitScope, page: { cursor?: string; limit: number }): Promise<Page<UnitView>> {
    const [after] = unitCursor.decode(page.cursor) ?? [''];
    const p = new Params(after, page.limit + 1);
    const { rows } = await this.db.query<UnitView>(
      `SELECT ${UNIT_COLUMNS} FROM units_v1 WHERE path > $1 AND ${unitScopeSql('id', scope, p)} ORDER BY path LIMIT $2`,
      p.values,
    );
    return pageOf(rows, page.limit, unitCursor, (r) => [r.path], (r) => r);
  }

  /** Whether the unit lies in one of the subtrees of `units`. */
  async inSubtrees(unitId: string, units: readonly string[]): Promise<boolean> {
    const patterns = subtreePatterns(units);
    if (patterns.length === 0) return false;
    return ((await this.db.query('SELECT 1 FROM units_v1 WHERE id = $1 AND path LIKE ANY ($2)', [unitId, patterns])).rowCount ?? 0) > 0;
  }

  /**
   * A person's own unit and the units they lead (staff_v1), every unit of the given
   * subtrees, and which of `check` name registered, active staff members, in one
   * statement (what an access policy needs, and the directory check of the people a
   * command names: one round trip for both).
   */
  async actorUnits(
    staffId: string,
    subtrees: readonly string[],
    check: readonly string[] = [],
  ): Promise<{ own: string | null; leads: string[]; units: string[]; active: string[] }> {
    const { rows } = await this.db.query<{ own: string | null; leads: string[] | null; units: string[]; active: string[] }>({
      name: 'actor-units-active', // prepared once per connection: every command asks it
      text: `SELECT s.unit_id AS own, ARRAY(SELECT p->>'unitId' FROM jsonb_array_elements(s.leadership) p) AS leads,
              CASE WHEN cardinality($2::text[]) = 0 THEN '{}'::text[] ELSE ARRAY(SELECT id FROM units_v1 WHERE path LIKE ANY ($2)) END AS units,
              CASE WHEN cardinality($3::text[]) = 0 THEN '{}'::text[] ELSE ARRAY(SELECT a.id FROM staff_v1 a WHERE a.id = ANY ($3::text[]) AND a.status = 'active') END AS active
         FROM (SELECT 1) one LEFT JOIN staff_v1 s ON s.id = $1`,
      values: [staffId, subtreePatterns(subtrees), [...check]],
    });
    return { own: rows[0]?.own ?? null, leads: rows[0]?.leads ?? [], units: rows[0]?.units ?? [], active: rows[0]?.active ?? [] };
  }

  /** The current unit of each person named (registered ones); a name `unit:<id>` answers the unit itself when it exists. */
  async unitsOf(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; unit_id: string }>(
      `SELECT id, unit_id FROM staff_v1 WHERE id = ANY ($1)
       UNION ALL SELECT 'unit:' || id, id FROM units_v1 WHERE 'unit:' || id = ANY ($1)`,
      [names],
    );
    return new Map(rows.map((r) => [r.id, r.unit_id]));
  }

  /** Every unit of a subtree with its depth below the root (cycle inputs, leader factors). */
  async subtreeDepths(rootUnitId: string): Promise<Array<{ id: string; depth: number }>> {
    const [pattern] = subtreePatterns([rootUnitId]);
    return (await this.db.query<{ id: string; depth: number }>(`SELECT id, length(path) - length(replace(path, '/', '')) AS depth FROM units_v1 WHERE path LIKE $1`, [pattern])).rows;
  }
}

/** Reads of the staff directory (staff_v1), beside PersonnelProjection. */
export class StaffDirectoryQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<StaffView | undefined> {
    return (await this.db.query<StaffView>(`SELECT ${STAFF_COLUMNS} FROM staff_v1 WHERE id = $1`, [id])).rows[0];
  }

  /** Which of these ids name registered, active staff members. */
  async activeIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.db.query<{ id: string }>("SELECT id FROM staff_v1 WHERE id = ANY ($1::text[]) AND status = 'active'", [[...ids]]);
    return new Set(rows.map((r) => r.id));
  }

  /** The unit a staff member belongs to now; undefined for an unknown id. */
  async unitOf(id: string): Promise<string | undefined> {
    return (await this.db.query<{ unit_id: string }>('SELECT unit_id FROM staff_v1 WHERE id = $1', [id])).rows[0]?.unit_id;
  }

  /** Ids of a unit's active staff members, by id (the people a unit merge transfers). */
  async activeIdsOfUnit(unitId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>("SELECT id FROM staff_v1 WHERE unit_id = $1 AND status = 'active' ORDER BY id", [unitId]);
    return rows.map((r) => r.id);
  }

  async isActive(id: string): Promise<boolean> {
    return ((await this.db.query("SELECT 1 FROM staff_v1 WHERE id = $1 AND status = 'active'", [id])).rowCount ?? 0) > 0;
  }

  /** An active holder of the post (e.g. the head of a unit), lowest id first; undefined when vacant. */
  async activeHolderOf(post: { role: 'head' | 'deputy'; unitId: string }): Promise<string | undefined> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM staff_v1 WHERE status = 'active' AND leadership @> $1::jsonb ORDER BY id LIMIT 1`,
      [JSON.stringify([{ role: post.role, unitId: post.unitId }])],
    );
    return rows[0]?.id;
  }

  /** Staff in the scope (optionally of one unit), by id. */
  async list(filter: { unitId?: string }, scope: UnitScope, page: { cursor?: string; limit: number }): Promise<Page<StaffView>> {
    const [after] = staffCursor.decode(page.cursor) ?? [''];
    const p = new Params(after, page.limit + 1);
    const where = ['id > $1'];
    if (filter.unitId) where.push(`unit_id = ${p.add(filter.unitId)}`);
    where.push(unitScopeSql('unit_id', scope, p));
    const { rows } = await this.db.query<StaffView>(`SELECT ${STAFF_COLUMNS} FROM staff_v1 WHERE ${where.join(' AND ')} ORDER BY id LIMIT $2`, p.values);
    return pageOf(rows, page.limit, staffCursor, (r) => [r.id], (r) => r);
  }
}

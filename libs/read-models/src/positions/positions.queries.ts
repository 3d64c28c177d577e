import type { CatalogueVersion, Competency } from '#domain';
import { Params, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

export interface PositionRow {
  positionId: string;
  unitId: string;
  code: string;
  title: string;
  category: string;
  taskGroup: string;
  competencies: Competency[];
  effectiveFrom: string;
  effectiveTo: string | null;
  version: number;
  appointments: Array<{ staffId: string; main: boolean; from: string; to: string | null }>;
}

export interface CatalogueRow {
  catalogueId: string;
  ownerKind: 'position' | 'unit';
  ownerId: string;
  unitId: string;
  versions: CatalogueVersion[];
}

export interface MainPosition {
  positionId: string;
  unitId: string;
  taskGroup: string;
}

const POSITION_COLUMNS = `p.position_id AS "positionId", p.unit_id AS "unitId", p.code, p.title, p.category, p.task_group AS "taskGroup", p.competencies,
  p.effective_from AS "effectiveFrom", p.effective_to AS "effectiveTo", p.version,
  COALESCE((SELECT jsonb_agg(jsonb_build_object('staffId', a.staff_id, 'main', a.main, 'from', a.from_date, 'to', a.to_date) ORDER BY a.from_date, a.staff_id)
    FROM position_appointments_v1 a WHERE a.position_id = p.position_id), '[]'::jsonb) AS appointments`;

/** Reads of positions_v1 (positions, appointments, catalogues), beside PositionsProjection. */
export class PositionQueries {
  constructor(private readonly db: Sql) {}

  async position(positionId: string): Promise<PositionRow | null> {
    const { rows } = await this.db.query<PositionRow>(`SELECT ${POSITION_COLUMNS} FROM positions_v1 p WHERE p.position_id = $1`, [positionId]);
    return rows[0] ?? null;
  }

  /** Positions of the units in scope (optionally one unit's subtree), by unit and code. */
  async positions(scope: UnitScope, unitId?: string): Promise<PositionRow[]> {
    const params = new Params();
    const where = [unitScopeSql('p.unit_id', scope, params)];
    if (unitId) where.push(unitScopeSql('p.unit_id', { all: false, units: [unitId] }, params));
    const { rows } = await this.db.query<PositionRow>(`SELECT ${POSITION_COLUMNS} FROM positions_v1 p WHERE ${where.join(' AND ')} ORDER BY p.unit_id, p.code LIMIT 1000`, params.values);
    return rows;
  }

  /** The person's main position on a date (one at a time; the latest appointment wins if the record holds two). */
  async mainPositionOf(staffId: string, date: string): Promise<MainPosition | null> {
    const { rows } = await this.db.query<MainPosition>(
      `SELECT p.position_id AS "positionId", p.unit_id AS "unitId", p.task_group AS "taskGroup"
       FROM position_appointments_v1 a JOIN positions_v1 p USING (position_id)
       WHERE a.staff_id = $1 AND a.main AND a.from_date <= $2 AND (a.to_date IS NULL OR a.to_date >= $2)
       ORDER BY a.from_date DESC LIMIT 1`,
      [staffId, date],
    );
    return rows[0] ?? null;
  }

  /**
   * A main appointment of the person in force on `from` or later (open, or ending on or
   * after it): what an open-ended main appointment from `from` would overlap.
   */
  async mainPositionFrom(staffId: string, from: string): Promise<MainPosition | null> {
    const { rows } = await this.db.query<MainPosition>(
      `SELECT p.position_id AS "positionId", p.unit_id AS "unitId", p.task_group AS "taskGroup"
       FROM position_appointments_v1 a JOIN positions_v1 p USING (position_id)
       WHERE a.staff_id = $1 AND a.main AND (a.to_date IS NULL OR a.to_date >= $2)
       ORDER BY a.from_date DESC LIMIT 1`,
      [staffId, from],
    );
    return rows[0] ?? null;
  }

  /**
   * Everyone whose main position was in a unit subtree at some time in [from, to] (the
   * period's first and last day), each with the last main position the period saw
   * (anywhere: someone moved out of the subtree during the period is drafted where they
   * ended it, once). Someone whose appointment ended during the period is still drafted:
   * their work of the period is scored.
   */
  async mainPositionsIn(unitId: string, to: string, from: string = to): Promise<Array<MainPosition & { staffId: string }>> {
    const params = new Params(to, from);
    const inSubtree = unitScopeSql('p2.unit_id', { all: false, units: [unitId] }, params);
    const outSubtree = unitScopeSql('p.unit_id', { all: false, units: [unitId] }, params);
    const { rows } = await this.db.query<MainPosition & { staffId: string }>(
      `WITH latest AS (
         SELECT DISTINCT ON (a.staff_id) a.staff_id, a.position_id
         FROM position_appointments_v1 a
         WHERE a.main AND a.from_date <= $1 AND (a.to_date IS NULL OR a.to_date >= $2)
           AND a.staff_id IN (
             SELECT a2.staff_id FROM position_appointments_v1 a2 JOIN positions_v1 p2 USING (position_id)
             WHERE a2.main AND a2.from_date <= $1 AND (a2.to_date IS NULL OR a2.to_date >= $2) AND ${inSubtree})
         ORDER BY a.staff_id, a.from_date DESC, a.to_date DESC NULLS FIRST, a.position_id)
       SELECT l.staff_id AS "staffId", p.position_id AS "positionId", p.unit_id AS "unitId", p.task_group AS "taskGroup"
       FROM latest l JOIN positions_v1 p USING (position_id)
       WHERE ${outSubtree}
       ORDER BY l.staff_id`,
      params.values,
    );
    return rows;
  }

  async catalogue(catalogueId: string): Promise<CatalogueRow | null> {
    const { rows } = await this.db.query<CatalogueRow>(
      `SELECT catalogue_id AS "catalogueId", owner_kind AS "ownerKind", owner_id AS "ownerId", unit_id AS "unitId", versions FROM catalogues_v1 WHERE catalogue_id = $1`,
      [catalogueId],
    );
    return rows[0] ?? null;
  }

  /**
   * What scoring a position needs: its own catalogue and the overlays of the units on
   * its unit's path, root first.
   */
  async cataloguesFor(positionId: string): Promise<{ own: CatalogueRow | null; overlaysRootFirst: CatalogueRow[] }> {
    const { rows } = await this.db.query<CatalogueRow & { depth: number }>(
      `WITH path AS (
         SELECT u.id, array_position(string_to_array(trim(both '/' from pu.path), '/'), u.id) AS depth
         FROM positions_v1 p JOIN units_v1 pu ON pu.id = p.unit_id
         JOIN units_v1 u ON strpos(pu.path, '/' || u.id || '/') > 0
         WHERE p.position_id = $1)
       SELECT c.catalogue_id AS "catalogueId", c.owner_kind AS "ownerKind", c.owner_id AS "ownerId", c.unit_id AS "unitId", c.versions, COALESCE(path.depth, 0) AS depth
       FROM catalogues_v1 c LEFT JOIN path ON c.owner_kind = 'unit' AND c.owner_id = path.id
       WHERE (c.owner_kind = 'position' AND c.owner_id = $1) OR path.id IS NOT NULL`,
      [positionId],
    );
    return {
      own: rows.find((r) => r.ownerKind === 'position') ?? null,
      overlaysRootFirst: rows.filter((r) => r.ownerKind === 'unit').sort((a, b) => a.depth - b.depth),
    };
  }
}

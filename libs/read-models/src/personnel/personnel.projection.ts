import type { EntityManager } from 'typeorm';
import type { StaffEvent } from '#domain';
import type { UnitEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import type { LeadershipPostView, LeaveView } from './personnel.queries.js';

interface StaffView {
  id: string;
  personnelCode: string;
  fullName: string;
  category: string;
  unitId: string;
  jobPosition: string;
  joinedOn: string;
  status: 'active' | 'left';
  leftOn: string | null;
  leadership: LeadershipPostView[];
  leaves: LeaveView[];
  version: number;
}

/** Pure: the staff row after one event (undefined before registration). */
export function evolveStaffView(row: StaffView | undefined, event: StaffEvent, revision: number): StaffView | undefined {
  const version = revision + 1;
  switch (event.type) {
    case 'StaffRegistered': {
      const d = event.data;
      return {
        id: d.staffId,
        personnelCode: d.personnelCode,
        fullName: d.fullName,
        category: d.category,
        unitId: d.unitId,
        jobPosition: d.jobPosition,
        joinedOn: d.joinedOn,
        status: 'active',
        leftOn: null,
        leadership: [],
        leaves: [],
        version,
      };
    }
    case 'StaffTransferred':
      return row && { ...row, unitId: event.data.toUnitId, jobPosition: event.data.jobPosition, version };
    case 'LeadershipAppointed':
      return (
        row && {
          ...row,
          leadership: [...row.leadership, { role: event.data.role, unitId: event.data.unitId, since: event.data.effectiveOn }],
          version,
        }
      );
    case 'LeadershipEnded':
      return (
        row && {
          ...row,
          leadership: row.leadership.filter((p) => !(p.role === event.data.role && p.unitId === event.data.unitId)),
          version,
        }
      );
    case 'LeaveRecorded':
      return row && { ...row, leaves: [...row.leaves, { kind: event.data.kind, from: event.data.from, to: event.data.to }], version };
    case 'StaffLeft':
      return row && { ...row, status: 'left', leftOn: event.data.leftOn, version };
    default:
      return row;
  }
}

const STAFF_TYPES = new Set(['StaffRegistered', 'StaffTransferred', 'LeadershipAppointed', 'LeadershipEnded', 'LeaveRecorded', 'StaffLeft']);
const UNIT_TYPES = new Set(['UnitEstablished', 'UnitRenamed', 'UnitMerged']);

/** Units (with subtree paths) and the staff directory. */
export class PersonnelProjection implements Projection {
  readonly name = 'personnel_v1';
  readonly tables = ['units_v1', 'staff_v1'];
  readonly handles: ReadonlySet<string> = new Set([...UNIT_TYPES, ...STAFF_TYPES]);

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const e of events) {
      if (UNIT_TYPES.has(e.type)) await this.applyUnit(e.data as UnitEvent['data'], e.type as UnitEvent['type'], Number(e.revision) + 1, manager);
      else if (STAFF_TYPES.has(e.type)) await this.applyStaff(e, manager);
    }
  }

  private async applyUnit(data: UnitEvent['data'], type: UnitEvent['type'], version: number, m: EntityManager): Promise<void> {
    switch (type) {
      case 'UnitEstablished': {
        const d = data as Extract<UnitEvent, { type: 'UnitEstablished' }>['data'];
        const parent = d.parentUnitId
          ? ((await m.query('SELECT path FROM units_v1 WHERE id = $1', [d.parentUnitId])) as Array<{ path: string }>)[0]
          : undefined;
        const path = `${parent?.path ?? '/'}${d.unitId}/`;
        await m.query(
          `INSERT INTO units_v1 (id, name, parent_unit_id, path, status, merged_into, established_on, version)
           VALUES ($1, $2, $3, $4, 'active', NULL, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [d.unitId, d.name, d.parentUnitId, path, d.establishedOn, version],
        );
        return;
      }
      case 'UnitRenamed': {
        const d = data as Extract<UnitEvent, { type: 'UnitRenamed' }>['data'];
        await m.query('UPDATE units_v1 SET name = $2, version = $3 WHERE id = $1', [d.unitId, d.name, version]);
        return;
      }
      case 'UnitMerged': {
        const d = data as Extract<UnitEvent, { type: 'UnitMerged' }>['data'];
        await m.query(`UPDATE units_v1 SET status = 'merged', merged_into = $2, version = $3 WHERE id = $1`, [d.unitId, d.intoUnitId, version]);
        return;
      }
    }
  }

  private async applyStaff(e: RecordedEvent, m: EntityManager): Promise<void> {
    const staffId = (e.data as { staffId: string }).staffId;
    const rows = (await m.query(
      `SELECT id, personnel_code AS "personnelCode", full_name AS "fullName", category, unit_id AS "unitId",
              job_position AS "jobPosition", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn", status,
              to_char(left_on, 'YYYY-MM-DD') AS "leftOn", leadership, leaves, version
         FROM staff_v1 WHERE id = $1`,
      [staffId],
    )) as StaffView[];
    const next = evolveStaffView(rows[0], { type: e.type, data: e.data } as StaffEvent, Number(e.revision));
    if (!next) return;
    await m.query(
      `INSERT INTO staff_v1 (id, personnel_code, full_name, category, unit_id, job_position, joined_on, status, left_on, leadership, leaves, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (id) DO UPDATE SET personnel_code = EXCLUDED.personnel_code, full_name = EXCLUDED.full_name,
         category = EXCLUDED.category, unit_id = EXCLUDED.unit_id, job_position = EXCLUDED.job_position,
         joined_on = EXCLUDED.joined_on, status = EXCLUDED.status, left_on = EXCLUDED.left_on,
         leadership = EXCLUDED.leadership, leaves = EXCLUDED.leaves, version = EXCLUDED.version`,
      [
        next.id, next.personnelCode, next.fullName, next.category, next.unitId, next.jobPosition, next.joinedOn,
        next.status, next.leftOn, JSON.stringify(next.leadership), JSON.stringify(next.leaves), next.version,
      ],
    );
  }
}

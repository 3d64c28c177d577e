import type { EntityManager } from 'typeorm';
import type { StaffEvent } from '#domain';
import type { UnitEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { TableBatch, json, type Row } from '../shared/table-batch.js';
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

/** Units (with subtree paths) and the staff directory. Set-based (see shared/table-batch.ts). */
export class PersonnelProjection implements Projection {
  readonly name = 'personnel_v1';
  readonly tables = ['units_v1', 'staff_v1'];
  readonly handles: ReadonlySet<string> = new Set([...UNIT_TYPES, ...STAFF_TYPES]);

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const units = new TableBatch('units_v1', ['id']);
    const staff = new TableBatch('staff_v1', ['id']);
    const unitKeys: Row[] = [];
    const staffKeys: Row[] = [];
    for (const e of events) {
      const d = e.data as { unitId?: string; parentUnitId?: string | null; staffId?: string };
      if (UNIT_TYPES.has(e.type)) unitKeys.push({ id: d.unitId }, { id: d.parentUnitId });
      else if (STAFF_TYPES.has(e.type)) staffKeys.push({ id: d.staffId });
    }
    await units.load(m, unitKeys);
    await staff.load(m, staffKeys);
    for (const e of events) {
      if (UNIT_TYPES.has(e.type)) this.applyUnit(e.data as UnitEvent['data'], e.type as UnitEvent['type'], Number(e.revision) + 1, units);
      else if (STAFF_TYPES.has(e.type)) {
        const id = (e.data as { staffId: string }).staffId;
        const row = staff.get({ id });
        const next = evolveStaffView(row && staffViewOf(row), { type: e.type, data: e.data } as StaffEvent, Number(e.revision));
        if (!next) continue;
        staff.set({
          id: next.id, personnel_code: next.personnelCode, full_name: next.fullName, category: next.category, unit_id: next.unitId,
          job_position: next.jobPosition, joined_on: next.joinedOn, status: next.status, left_on: next.leftOn, leadership: json(next.leadership),
          leaves: json(next.leaves), version: next.version,
        });
      }
    }
    await units.write(m);
    await staff.write(m);
  }

  private applyUnit(data: UnitEvent['data'], type: UnitEvent['type'], version: number, units: TableBatch): void {
    switch (type) {
      case 'UnitEstablished': {
        const d = data as Extract<UnitEvent, { type: 'UnitEstablished' }>['data'];
        if (units.get({ id: d.unitId })) return; // established once
        const parent = d.parentUnitId ? units.get({ id: d.parentUnitId }) : undefined;
        units.set({
          id: d.unitId, name: d.name, parent_unit_id: d.parentUnitId, path: `${(parent?.path as string | undefined) ?? '/'}${d.unitId}/`, status: 'active',
          merged_into: null, established_on: d.establishedOn, version,
        });
        return;
      }
      case 'UnitRenamed': {
        const d = data as Extract<UnitEvent, { type: 'UnitRenamed' }>['data'];
        const row = units.get({ id: d.unitId });
        if (row) units.set({ ...row, name: d.name, version });
        return;
      }
      case 'UnitMerged': {
        const d = data as Extract<UnitEvent, { type: 'UnitMerged' }>['data'];
        const row = units.get({ id: d.unitId });
        if (row) units.set({ ...row, status: 'merged', merged_into: d.intoUnitId, version });
        return;
      }
    }
  }
}

/** The pure model's view of a `staff_v1` row. */
function staffViewOf(r: Row): StaffView {
  return {
    id: r.id as string, personnelCode: r.personnel_code as string, fullName: r.full_name as string, category: r.category as string,
    unitId: r.unit_id as string, jobPosition: r.job_position as string, joinedOn: r.joined_on as string, status: r.status as StaffView['status'],
    leftOn: (r.left_on as string | null) ?? null, leadership: r.leadership as LeadershipPostView[], leaves: r.leaves as LeaveView[], version: r.version as number,
  };
}

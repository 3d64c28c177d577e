import type { EntityManager } from 'typeorm';
import type { CatalogueVersionPublished, PositionEstablished, StaffAppointedToPosition, StaffAppointmentEnded } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { TableBatch, type Row } from '../shared/table-batch.js';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const TYPES = new Set(['PositionEstablished', 'StaffAppointedToPosition', 'StaffAppointmentEnded', 'CatalogueVersionPublished']);

/**
 * A value as the per-event code bound it as a text parameter (PostgreSQL read a number `5`
 * as '5', an object as its JSON): an odd event changes exactly the rows it changed before.
 */
function param(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const positionOf = (e: RecordedEvent): string => text((e.data as { positionId?: unknown }).positionId) ?? e.streamId.slice('position-'.length);

/**
 * Job positions, appointments and catalogues (`positions_v1`). Tolerates odd data: a recorded event is a fact.
 * Set-based (issue 17): one read per table of the rows the batch touches, folded in memory, one upsert per table.
 */
export class PositionsProjection implements Projection {
  readonly name = 'positions_v1';
  readonly handles: ReadonlySet<string> = TYPES;
  readonly tables = ['positions_v1', 'position_appointments_v1', 'catalogues_v1'];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const relevant = events.filter((e) => TYPES.has(e.type));
    if (relevant.length === 0) return;
    const positions = new TableBatch('positions_v1', ['position_id']);
    const appointments = new TableBatch('position_appointments_v1', ['position_id', 'staff_id', 'from_date']);
    const catalogues = new TableBatch('catalogues_v1', ['catalogue_id']);

    const positionKeys: Row[] = [];
    const holders = new Map<string, { position_id: string; staff_id: string }>();
    const catalogueKeys: Row[] = [];
    for (const e of relevant) {
      const d = e.data as Record<string, unknown>;
      if (e.type === 'PositionEstablished') positionKeys.push({ position_id: positionOf(e) });
      else if (e.type === 'CatalogueVersionPublished') catalogueKeys.push({ catalogue_id: text(d.catalogueId) ?? e.streamId.slice('catalogue-'.length) });
      else {
        // The version is moved on the position the event names (not the stream's).
        if (param(d.positionId) !== null) positionKeys.push({ position_id: param(d.positionId) });
        const pair = e.type === 'StaffAppointedToPosition'
          ? { position_id: positionOf(e), staff_id: text(d.staffId) ?? '' }
          : param(d.positionId) !== null && param(d.staffId) !== null ? { position_id: param(d.positionId)!, staff_id: param(d.staffId)! } : null;
        if (pair) holders.set(`${pair.position_id}\u0000${pair.staff_id}`, pair);
      }
    }
    await positions.load(m, positionKeys);
    await catalogues.load(m, catalogueKeys);
    // Appointments of each (position, person) pair the batch names, whatever their start date: an end closes the open one.
    const byPair = new Map<string, Row[]>();
    const pairKey = (r: Row) => `${String(r.position_id)}\u0000${String(r.staff_id)}`;
    if (holders.size > 0) {
      const found = (await m.query(
        `SELECT to_jsonb(t) AS r FROM position_appointments_v1 t
           JOIN (SELECT DISTINCT position_id, staff_id FROM jsonb_to_recordset($1::jsonb) AS k(position_id text, staff_id text)) k USING (position_id, staff_id)`,
        [JSON.stringify([...holders.values()])],
      )) as Array<{ r: Row }>;
      appointments.remember(found.map((f) => f.r));
      for (const { r } of found) byPair.set(pairKey(r), [...(byPair.get(pairKey(r)) ?? []), { position_id: r.position_id, staff_id: r.staff_id, from_date: r.from_date }]);
    }
    const touchVersion = (positionId: unknown, version: number) => {
      if (param(positionId) === null) return;
      const p = positions.get({ position_id: param(positionId) });
      if (p) positions.set({ ...p, version });
    };

    for (const e of relevant) {
      const version = Number(e.revision) + 1;
      switch (e.type) {
        case 'PositionEstablished': {
          const d = e.data as PositionEstablished['data'];
          const id = positionOf(e);
          if (positions.get({ position_id: id })) break; // ON CONFLICT DO NOTHING
          positions.set({
            position_id: id, unit_id: text(d.unitId) ?? '', code: text(d.code) ?? '', title: text(d.title) ?? '', category: text(d.category) ?? '',
            task_group: text(d.taskGroup) ?? '', competencies: Array.isArray(d.competencies) ? d.competencies : [], effective_from: text(d.effectiveFrom) ?? '',
            effective_to: text(d.effectiveTo), version,
          });
          break;
        }
        case 'StaffAppointedToPosition': {
          const d = e.data as StaffAppointedToPosition['data'];
          const key = { position_id: positionOf(e), staff_id: text(d.staffId) ?? '', from_date: text(d.from) ?? '' };
          const existing = appointments.get(key);
          appointments.set({ ...(existing ?? key), main: d.main === true, to_date: null });
          if (!existing) byPair.set(pairKey(key), [...(byPair.get(pairKey(key)) ?? []), key]);
          touchVersion(d.positionId, version);
          break;
        }
        case 'StaffAppointmentEnded': {
          const d = e.data as StaffAppointmentEnded['data'];
          if (param(d.positionId) !== null && param(d.staffId) !== null) {
            for (const key of byPair.get(pairKey({ position_id: param(d.positionId), staff_id: param(d.staffId) })) ?? []) {
              const a = appointments.get(key);
              if (a && a.to_date === null) appointments.set({ ...a, to_date: param(d.to) });
            }
          }
          touchVersion(d.positionId, version);
          break;
        }
        case 'CatalogueVersionPublished': {
          const d = e.data as CatalogueVersionPublished['data'];
          const v = { version: d.version, effectiveFrom: d.effectiveFrom, products: Array.isArray(d.products) ? d.products : [], basis: d.basis };
          const id = text(d.catalogueId) ?? e.streamId.slice('catalogue-'.length);
          const existing = catalogues.get({ catalogue_id: id });
          catalogues.set(existing
            ? { ...existing, versions: [...(Array.isArray(existing.versions) ? existing.versions : []), JSON.parse(JSON.stringify(v))] }
            : { catalogue_id: id, owner_kind: text(d.ownerKind) ?? '', owner_id: text(d.ownerId) ?? '', unit_id: text(d.unitId) ?? '', versions: [JSON.parse(JSON.stringify(v))] });
          break;
        }
      }
    }
    await positions.write(m);
    await appointments.write(m);
    await catalogues.write(m);
  }
}

import type { EntityManager } from 'typeorm';
import type { CatalogueVersionPublished, PositionEstablished, StaffAppointedToPosition, StaffAppointmentEnded } from '#domain';
import type { RecordedEvent } from '#event-store';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
import type { Projection } from '../projection.js';

const TYPES = new Set(['PositionEstablished', 'StaffAppointedToPosition', 'StaffAppointmentEnded', 'CatalogueVersionPublished']);

/** Job positions, appointments and catalogues (`positions_v1`). Tolerates odd data: a recorded event is a fact. */
export class PositionsProjection implements Projection {
  readonly name = 'positions_v1';
  readonly handles: ReadonlySet<string> = TYPES;
  readonly tables = ['positions_v1', 'position_appointments_v1', 'catalogues_v1'];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (!TYPES.has(e.type)) continue;
      const version = Number(e.revision) + 1;
      switch (e.type) {
        case 'PositionEstablished': {
          const d = e.data as PositionEstablished['data'];
          await m.query(
            `INSERT INTO positions_v1 (position_id, unit_id, code, title, category, task_group, competencies, effective_from, effective_to, version)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (position_id) DO NOTHING`,
            [text(d.positionId) ?? e.streamId.slice('position-'.length), text(d.unitId) ?? '', text(d.code) ?? '', text(d.title) ?? '', text(d.category) ?? '', text(d.taskGroup) ?? '',
              JSON.stringify(Array.isArray(d.competencies) ? d.competencies : []), text(d.effectiveFrom) ?? '', text(d.effectiveTo), version],
          );
          break;
        }
        case 'StaffAppointedToPosition': {
          const d = e.data as StaffAppointedToPosition['data'];
          await m.query(
            `INSERT INTO position_appointments_v1 (position_id, staff_id, main, from_date) VALUES ($1,$2,$3,$4)
             ON CONFLICT (position_id, staff_id, from_date) DO UPDATE SET main = EXCLUDED.main, to_date = NULL`,
            [text(d.positionId) ?? e.streamId.slice('position-'.length), text(d.staffId) ?? '', d.main === true, text(d.from) ?? ''],
          );
          await m.query('UPDATE positions_v1 SET version = $2 WHERE position_id = $1', [d.positionId, version]);
          break;
        }
        case 'StaffAppointmentEnded': {
          const d = e.data as StaffAppointmentEnded['data'];
          await m.query('UPDATE position_appointments_v1 SET to_date = $3 WHERE position_id = $1 AND staff_id = $2 AND to_date IS NULL', [d.positionId, d.staffId, d.to]);
          await m.query('UPDATE positions_v1 SET version = $2 WHERE position_id = $1', [d.positionId, version]);
          break;
        }
        case 'CatalogueVersionPublished': {
          const d = e.data as CatalogueVersionPublished['data'];
          const v = JSON.stringify([{ version: d.version, effectiveFrom: d.effectiveFrom, products: Array.isArray(d.products) ? d.products : [], basis: d.basis }]);
          await m.query(
            `INSERT INTO catalogues_v1 (catalogue_id, owner_kind, owner_id, unit_id, versions) VALUES ($1,$2,$3,$4,$5::jsonb)
             ON CONFLICT (catalogue_id) DO UPDATE SET versions = catalogues_v1.versions || EXCLUDED.versions`,
            [text(d.catalogueId) ?? e.streamId.slice('catalogue-'.length), text(d.ownerKind) ?? '', text(d.ownerId) ?? '', text(d.unitId) ?? '', v],
          );
          break;
        }
      }
    }
  }
}

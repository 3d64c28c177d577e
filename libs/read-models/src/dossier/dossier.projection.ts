import type { EntityManager } from 'typeorm';
import { DOSSIER_EVENT_TYPES, isRepresentableInstant, type DossierEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { currentStage, evolveDossierView, type DossierView } from './dossier.model.js';

const TYPES: ReadonlySet<string> = new Set(DOSSIER_EVENT_TYPES);

/** A value PostgreSQL takes as a timestamptz, or null (odd data in a recorded event never stops the projection). */
function ts(value: unknown): string | null {
  // A real day in the years the record holds: 2026-02-30 parses in JavaScript but PostgreSQL refuses it (the event was quarantined).
  return isRepresentableInstant(value) ? value : null;
}
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : []);

/**
 * Dossiers (`dossiers_v1`): the view folded by `evolveDossierView` plus the columns the
 * board, the public lookup and the statistics filter on. The applicant's contact and
 * free text are NOT here (they are not in the events): see `dossier_applicant_data`.
 */
export class DossierProjection implements Projection {
  readonly name = 'dossiers_v1';
  readonly handles: ReadonlySet<string> = TYPES;
  readonly tables = ['dossiers_v1'];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (!TYPES.has(e.type) || !e.streamId.startsWith('dossier-')) continue;
      const id = e.streamId.slice('dossier-'.length);
      const rows = (await m.query('SELECT view FROM dossiers_v1 WHERE id = $1', [id])) as Array<{ view: DossierView }>;
      let view: DossierView | undefined;
      try {
        view = evolveDossierView(rows[0]?.view, { type: e.type, data: e.data } as DossierEvent);
      } catch {
        // A recorded event is a fact: odd data leaves the row as it was.
        view = rows[0]?.view;
      }
      if (!view) continue;
      const stage = currentStage(view);
      await m.query(
        `INSERT INTO dossiers_v1 (id, receipt_code, procedure_code, centre_unit_id, status, current_stage, current_unit_id, holder, received_at,
           stage_due_at, statutory_due_at, appointment_at, ready_at, closed_at, outcome, units, involved, view, version, applicant_ref)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         ON CONFLICT (id) DO UPDATE SET applicant_ref = COALESCE(dossiers_v1.applicant_ref, EXCLUDED.applicant_ref), centre_unit_id = EXCLUDED.centre_unit_id, status = EXCLUDED.status, current_stage = EXCLUDED.current_stage,
           current_unit_id = EXCLUDED.current_unit_id, holder = EXCLUDED.holder, stage_due_at = EXCLUDED.stage_due_at,
           statutory_due_at = EXCLUDED.statutory_due_at, appointment_at = EXCLUDED.appointment_at, ready_at = EXCLUDED.ready_at,
           closed_at = EXCLUDED.closed_at, outcome = EXCLUDED.outcome, units = EXCLUDED.units, involved = EXCLUDED.involved,
           view = EXCLUDED.view, version = EXCLUDED.version`,
        [
          id, text(view.receiptCode), text(view.procedureCode), text(view.centreUnitId), view.status, text(stage?.stageKey), text(stage?.unitId), text(stage?.holder),
          ts(view.receivedAt), ts(stage?.dueAt), ts(view.statutoryDueAt), ts(view.appointmentAt), ts(view.readyAt), ts(view.closedAt), text(view.outcome),
          texts(view.units), texts(view.involved), JSON.stringify(view), Number(e.revision) + 1,
          // The opaque reference of the reception (erasure scope), never the contact.
          e.type === 'DossierReceived' ? text((e.data as { applicantRef?: unknown }).applicantRef) : null,
        ],
      );
    }
  }
}

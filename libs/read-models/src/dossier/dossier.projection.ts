import type { EntityManager } from 'typeorm';
import { DOSSIER_EVENT_TYPES, isRepresentableInstant, type DossierEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { TableBatch, json } from '../shared/table-batch.js';
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

  /** Set-based (issue 17): one read of the dossiers the batch touches, the view folded in memory, one upsert. */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const relevant = events.filter((e) => TYPES.has(e.type) && e.streamId.startsWith('dossier-'));
    if (relevant.length === 0) return;
    const rows = new TableBatch('dossiers_v1', ['id']);
    await rows.load(m, relevant.map((e) => ({ id: e.streamId.slice('dossier-'.length) })));
    for (const e of relevant) {
      const id = e.streamId.slice('dossier-'.length);
      const before = rows.get({ id });
      const previous = before?.view as DossierView | undefined;
      let view: DossierView | undefined;
      try {
        view = evolveDossierView(previous, { type: e.type, data: e.data } as DossierEvent);
      } catch {
        // A recorded event is a fact: odd data leaves the row as it was.
        view = previous;
      }
      if (!view) continue;
      const stage = currentStage(view);
      rows.set({
        id,
        // Kept from the first write (the per-event upsert never replaced them).
        receipt_code: before ? before.receipt_code : text(view.receiptCode),
        procedure_code: before ? before.procedure_code : text(view.procedureCode),
        received_at: before ? before.received_at : ts(view.receivedAt),
        centre_unit_id: text(view.centreUnitId), status: view.status, current_stage: text(stage?.stageKey), current_unit_id: text(stage?.unitId),
        holder: text(stage?.holder), stage_due_at: ts(stage?.dueAt), statutory_due_at: ts(view.statutoryDueAt), appointment_at: ts(view.appointmentAt),
        ready_at: ts(view.readyAt), closed_at: ts(view.closedAt), outcome: text(view.outcome), units: texts(view.units), involved: texts(view.involved),
        // What the jsonb column gives back: the next event folds over the same value as a re-read row.
        view: json(view), version: Number(e.revision) + 1,
        // The opaque reference of the reception (erasure scope), never the contact; the first one recorded is kept.
        applicant_ref: (before?.applicant_ref as string | null | undefined) ?? (e.type === 'DossierReceived' ? text((e.data as { applicantRef?: unknown }).applicantRef) : null),
      });
    }
    await rows.write(m);
  }
}

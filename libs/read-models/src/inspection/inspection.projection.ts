import type { EntityManager } from 'typeorm';
import {
  evolveInspection,
  evolvePersonnelAction,
  initialInspectionState,
  INSPECTION_EVENT_TYPES,
  isRepresentableDate,
  isRepresentableInstant,
  type InspectionEvent,
  type InspectionState,
  type PersonnelActionEvent,
  type PersonnelActionState,
} from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { TableBatch, json, type Row } from '../shared/table-batch.js';

const ACTION_TYPES = new Set(['PersonnelActionProposed', 'PersonnelActionDecided', 'PersonnelActionCarriedOut']);

/** A date the read side can store, or null (a recorded event never stops the projection). */
function dateOrNull(v: unknown): string | null {
  return isRepresentableDate(v) ? v : null;
}
function instantOrNull(v: unknown): string | null {
  return isRepresentableInstant(v) ? v : null;
}
/** The strings of a list (an odd event may carry anything). */
function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
function textOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/**
 * Inspections (`inspections_v1`), their findings (`inspection_findings_v1`) and the
 * personnel-action register (`personnel_actions_v1`). The folded domain state is kept
 * as JSON and advanced with the domain's own evolve, so the read side cannot disagree
 * with the decider about what a finding says or whether it is in force.
 */
export class InspectionProjection implements Projection {
  readonly name = 'inspections_v1';
  readonly handles: ReadonlySet<string> = new Set([...INSPECTION_EVENT_TYPES, ...ACTION_TYPES]);
  readonly tables = ['inspections_v1', 'inspection_findings_v1', 'personnel_actions_v1'];

  /**
   * Set-based (issue 17): one read per table of the inspections, findings and actions the
   * batch touches, the domain's evolve folded in memory, one upsert per table.
   */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const inspections = events.filter((e) => e.streamId.startsWith('inspection-') && INSPECTION_EVENT_TYPES.has(e.type as InspectionEvent['type']));
    const actions = events.filter((e) => e.streamId.startsWith('personnel-action-') && ACTION_TYPES.has(e.type));
    if (inspections.length > 0) {
      const rows = new TableBatch('inspections_v1', ['id']);
      const findings = new TableBatch('inspection_findings_v1', ['inspection_id', 'finding_id']);
      const ids = inspections.map((e) => e.streamId.slice('inspection-'.length));
      await rows.load(m, ids.map((id) => ({ id })));
      await findings.load(m, inspections.flatMap((e, i) => {
        const findingId = (e.data as { findingId?: unknown }).findingId;
        return typeof findingId === 'string' ? [{ inspection_id: ids[i], finding_id: findingId }] : [];
      }));
      for (const e of inspections) this.inspection(e, rows, findings);
      await rows.write(m);
      await findings.write(m);
    }
    if (actions.length > 0) {
      const rows = new TableBatch('personnel_actions_v1', ['id']);
      await rows.load(m, actions.map((e) => ({ id: e.streamId.slice('personnel-action-'.length) })));
      for (const e of actions) this.action(e, rows);
      await rows.write(m);
    }
  }

  /** Pure: the next rows of an inspection and of the finding the event names. */
  private inspection(e: RecordedEvent, rows: TableBatch, findings: TableBatch): void {
    const id = e.streamId.slice('inspection-'.length);
    const row = rows.get({ id });
    const before = (row?.state as InspectionState | undefined) ?? initialInspectionState();
    const event = { type: e.type, data: e.data } as InspectionEvent;
    const s = evolveInspection(before, event);
    if (s.status === 'none' || s === before) return;
    const changes = { status: s.status, started_at: instantOrNull(s.startedAt), concluded_on: dateOrNull(s.conclusion?.concludedOn), state: json(s), version: Number(e.revision) + 1 };
    const next: Row = row
      ? { ...row, ...changes }
      : { id, seq: e.position.toString(), kind: String(s.plan.kind), scope_unit_ids: strings(s.plan.scopeUnitIds), team: strings(s.plan.team), presence: [], ...changes };
    if (event.type === 'PresenceChecked') {
      next.presence = [...(Array.isArray(next.presence) ? next.presence : []), json({ ...event.data, streamId: e.streamId, revision: Number(e.revision) })];
    }
    rows.set(next);
    const findingId = (e.data as { findingId?: unknown }).findingId;
    if (typeof findingId !== 'string') return;
    const f = s.findings[findingId];
    if (!f) return;
    const key = { inspection_id: id, finding_id: findingId };
    const existing = findings.get(key);
    const entry = json({ type: e.type, revision: Number(e.revision), data: e.data });
    if (existing) {
      findings.set({ ...existing, status: f.status, facts: json(f.facts), history: [...(Array.isArray(existing.history) ? existing.history : []), entry] });
      return;
    }
    const concludedOn = dateOrNull(f.facts.concludedOn);
    findings.set({
      ...key, seq: e.position.toString(), kind: String(f.facts.kind), staff_id: textOrNull(f.facts.staffId), unit_id: textOrNull(f.facts.unitId),
      assignment_id: textOrNull(f.facts.assignmentId), failure: textOrNull(f.facts.failure), leaders: strings(f.facts.leadersInDirectCharge), status: f.status,
      concluded_on: concludedOn, year: concludedOn ? Number(concludedOn.slice(0, 4)) : null, recorded_revision: f.revision, facts: json(f.facts), history: [entry],
    });
  }

  /** Pure: the next row of a personnel action. */
  private action(e: RecordedEvent, rows: TableBatch): void {
    const id = e.streamId.slice('personnel-action-'.length);
    const row = rows.get({ id });
    const before = (row?.state as PersonnelActionState | undefined) ?? { status: 'none' };
    const event = { type: e.type, data: e.data } as PersonnelActionEvent;
    const s = evolvePersonnelAction(before, event);
    if (s.status === 'none' || s === before) return;
    const decision = event.type === 'PersonnelActionDecided' ? json({ ...event.data, revision: Number(e.revision) }) : (row?.decision ?? null);
    const outcome = event.type === 'PersonnelActionCarriedOut' ? json({ ...event.data, revision: Number(e.revision) }) : (row?.outcome ?? null);
    const changes = { status: s.status, state: json(s), decision, outcome, version: Number(e.revision) + 1 };
    rows.set(row
      ? { ...row, ...changes }
      : { id, seq: e.position.toString(), staff_id: String(s.proposal.staffId), unit_id: String(s.proposal.unitId), kind: String(s.proposal.kind), ...changes });
  }
}

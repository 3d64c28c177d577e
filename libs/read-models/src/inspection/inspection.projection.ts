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

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (e.streamId.startsWith('inspection-') && INSPECTION_EVENT_TYPES.has(e.type as InspectionEvent['type'])) await this.inspection(e, m);
      else if (e.streamId.startsWith('personnel-action-') && ACTION_TYPES.has(e.type)) await this.action(e, m);
    }
  }

  private async inspection(e: RecordedEvent, m: EntityManager): Promise<void> {
    const id = e.streamId.slice('inspection-'.length);
    const rows = (await m.query('SELECT state, seq::text AS seq FROM inspections_v1 WHERE id = $1', [id])) as Array<{ state: InspectionState; seq: string }>;
    const before = rows[0]?.state ?? initialInspectionState();
    const event = { type: e.type, data: e.data } as InspectionEvent;
    const s = evolveInspection(before, event);
    if (s.status === 'none' || s === before) return;
    await m.query(
      `INSERT INTO inspections_v1 (id, seq, kind, status, scope_unit_ids, team, started_at, concluded_on, state, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, started_at = EXCLUDED.started_at, concluded_on = EXCLUDED.concluded_on,
         state = EXCLUDED.state, version = EXCLUDED.version`,
      [
        id, rows[0]?.seq ?? e.position.toString(), String(s.plan.kind), s.status, strings(s.plan.scopeUnitIds), strings(s.plan.team), instantOrNull(s.startedAt),
        dateOrNull(s.conclusion?.concludedOn), JSON.stringify(s), Number(e.revision) + 1,
      ],
    );
    if (event.type === 'PresenceChecked') {
      await m.query(`UPDATE inspections_v1 SET presence = presence || $2::jsonb WHERE id = $1`, [id, JSON.stringify([{ ...event.data, streamId: e.streamId, revision: Number(e.revision) }])]);
    }
    const findingId = (e.data as { findingId?: unknown }).findingId;
    if (typeof findingId !== 'string') return;
    const f = s.findings[findingId];
    if (!f) return;
    const concludedOn = dateOrNull(f.facts.concludedOn);
    await m.query(
      `INSERT INTO inspection_findings_v1 (inspection_id, finding_id, seq, kind, staff_id, unit_id, assignment_id, failure, leaders, status,
         concluded_on, year, recorded_revision, facts, history)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (inspection_id, finding_id) DO UPDATE SET status = EXCLUDED.status, facts = EXCLUDED.facts,
         history = inspection_findings_v1.history || EXCLUDED.history`,
      [
        id, findingId, e.position.toString(), String(f.facts.kind), textOrNull(f.facts.staffId), textOrNull(f.facts.unitId), textOrNull(f.facts.assignmentId),
        textOrNull(f.facts.failure), strings(f.facts.leadersInDirectCharge), f.status, concludedOn, concludedOn ? Number(concludedOn.slice(0, 4)) : null, f.revision,
        JSON.stringify(f.facts), JSON.stringify([{ type: e.type, revision: Number(e.revision), data: e.data }]),
      ],
    );
  }

  private async action(e: RecordedEvent, m: EntityManager): Promise<void> {
    const id = e.streamId.slice('personnel-action-'.length);
    const rows = (await m.query('SELECT state, seq::text AS seq, decision, outcome FROM personnel_actions_v1 WHERE id = $1', [id])) as Array<{
      state: PersonnelActionState; seq: string; decision: unknown; outcome: unknown;
    }>;
    const before: PersonnelActionState = rows[0]?.state ?? { status: 'none' };
    const event = { type: e.type, data: e.data } as PersonnelActionEvent;
    const s = evolvePersonnelAction(before, event);
    if (s.status === 'none' || s === before) return;
    const decision = event.type === 'PersonnelActionDecided' ? { ...event.data, revision: Number(e.revision) } : (rows[0]?.decision ?? null);
    const outcome = event.type === 'PersonnelActionCarriedOut' ? { ...event.data, revision: Number(e.revision) } : (rows[0]?.outcome ?? null);
    await m.query(
      `INSERT INTO personnel_actions_v1 (id, seq, staff_id, unit_id, kind, status, state, decision, outcome, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, state = EXCLUDED.state, decision = EXCLUDED.decision, outcome = EXCLUDED.outcome,
         version = EXCLUDED.version`,
      [
        id, rows[0]?.seq ?? e.position.toString(), String(s.proposal.staffId), String(s.proposal.unitId), String(s.proposal.kind), s.status, JSON.stringify(s),
        decision === null ? null : JSON.stringify(decision), outcome === null ? null : JSON.stringify(outcome), Number(e.revision) + 1,
      ],
    );
  }
}

import type { EntityManager } from 'typeorm';
import type { AssignmentEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { ASSIGNMENT_EVENT_TYPES } from './assignment-board.projection.js';

/** What a step of the trail says (instants as ISO strings). */
export interface TrailStep {
  stepNo: number;
  action: 'issued' | 'accepted' | 'declined' | 'handed_off' | 'completed' | 'reviewed' | 'cancelled';
  responsible: string | null;
  holder: string | null;
  unitId: string | null;
  from: string;
  reason: string | null;
  justification: string | null;
  actor: string;
  pingPong: boolean;
}

/**
 * Pure: the step an event opens after `previous` (the current step), or undefined
 * for events that do not change who holds or answers for the work (progress,
 * extensions, dossier returns, apologies). A new step closes the previous one at
 * its own `from`. A review keeps the person who completed the work answerable for
 * the result; a cancellation leaves nobody holding it.
 */
export function nextTrailStep(previous: TrailStep | undefined, event: AssignmentEvent): TrailStep | undefined {
  const stepNo = (previous?.stepNo ?? 0) + 1;
  const carry = {
    stepNo,
    responsible: previous?.responsible ?? null,
    holder: previous?.holder ?? null,
    unitId: previous?.unitId ?? null,
    reason: null,
    justification: null,
    pingPong: false,
  };
  switch (event.type) {
    case 'AssignmentIssued': {
      const d = event.data;
      if (previous) return undefined;
      return { ...carry, action: 'issued', responsible: d.responsible, holder: d.assignee, unitId: d.unitId, from: d.issuedAt, actor: d.assignedBy };
    }
    case 'AssignmentAccepted':
      return previous && { ...carry, action: 'accepted', from: event.data.acceptedAt, actor: event.data.acceptedBy };
    case 'AssignmentDeclined': {
      const d = event.data;
      return previous && { ...carry, action: 'declined', holder: d.returnedTo, responsible: d.responsible, from: d.declinedAt, reason: d.reason, actor: d.declinedBy };
    }
    case 'AssignmentHandedOff': {
      const d = event.data;
      return (
        previous && {
          ...carry,
          action: 'handed_off',
          holder: d.to,
          responsible: d.responsible,
          unitId: d.toUnitId ?? carry.unitId,
          from: d.handedOffAt,
          reason: d.reason,
          justification: d.justification,
          actor: d.by,
          pingPong: d.pingPong,
        }
      );
    }
    case 'AssignmentCompleted':
      return previous && { ...carry, action: 'completed', from: event.data.completedAt, actor: event.data.completedBy };
    case 'CompletionReviewed':
      return (
        previous && {
          ...carry,
          action: 'reviewed',
          from: event.data.reviewedAt,
          reason: event.data.quality,
          justification: event.data.comment,
          actor: event.data.reviewedBy,
        }
      );
    case 'AssignmentCancelled':
      return (
        previous && {
          ...carry,
          action: 'cancelled',
          holder: null,
          responsible: null,
          from: event.data.cancelledAt,
          reason: event.data.reason,
          actor: event.data.cancelledBy,
        }
      );
    default:
      return undefined;
  }
}

interface TrailDbRow extends Omit<TrailStep, 'from'> {
  from: Date;
}

/** `responsibility_trail_v1`: who held and who answered for each assignment, step by step. */
export class ResponsibilityTrailProjection implements Projection {
  readonly name = 'responsibility_trail_v1';
  readonly handles = ASSIGNMENT_EVENT_TYPES;
  readonly tables = ['responsibility_trail_v1'];

  /**
   * Set-based: one read of the last step of every assignment the batch touches, the
   * pure `nextTrailStep` in memory in event order, then one multi-row insert of the new
   * steps and one update closing the steps that were open before the batch.
   */
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const relevant = events.filter((e) => ASSIGNMENT_EVENT_TYPES.has(e.type));
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((e) => (e.data as { assignmentId: string }).assignmentId))];
    const rows = (await manager.query(
      `SELECT DISTINCT ON (assignment_id) assignment_id AS "assignmentId", step_no AS "stepNo", action, responsible, holder,
              unit_id AS "unitId", from_at AS "from", reason, justification, actor, ping_pong AS "pingPong",
              event_position::text AS position
         FROM responsibility_trail_v1 WHERE assignment_id = ANY ($1) ORDER BY assignment_id, step_no DESC`,
      [ids],
    )) as Array<TrailDbRow & { assignmentId: string; position: string }>;
    const last = new Map<string, { step: TrailStep; position: bigint; stored: boolean }>(
      rows.map((r) => [r.assignmentId, { step: { ...r, from: r.from.toISOString() }, position: BigInt(r.position), stored: true }]),
    );
    const inserts: Array<Record<string, unknown>> = [];
    const closeStored: Array<{ assignment_id: string; step_no: number; to_at: string }> = [];
    const pending = new Map<string, Record<string, unknown>>();
    for (const e of relevant) {
      const assignmentId = (e.data as { assignmentId: string }).assignmentId;
      const previous = last.get(assignmentId);
      // Defensive against a replayed batch: the trail already covers this position.
      if (previous && previous.position >= e.position) continue;
      const step = nextTrailStep(previous?.step, { type: e.type, data: e.data } as AssignmentEvent);
      if (!step) continue;
      if (previous?.stored) closeStored.push({ assignment_id: assignmentId, step_no: previous.step.stepNo, to_at: step.from });
      else if (previous) pending.get(assignmentId)!.to_at = step.from;
      const row: Record<string, unknown> = {
        event_id: e.id, assignment_id: assignmentId, step_no: step.stepNo, action: step.action, responsible: step.responsible,
        holder: step.holder, unit_id: step.unitId, from_at: step.from, to_at: null, reason: step.reason,
        justification: step.justification, actor: step.actor, ping_pong: step.pingPong, event_position: e.position.toString(),
      };
      inserts.push(row);
      pending.set(assignmentId, row);
      last.set(assignmentId, { step, position: e.position, stored: false });
    }
    if (closeStored.length > 0) {
      await manager.query(
        `UPDATE responsibility_trail_v1 t SET to_at = x.to_at
           FROM jsonb_to_recordset($1::jsonb) AS x(assignment_id text, step_no integer, to_at timestamptz)
          WHERE t.assignment_id = x.assignment_id AND t.step_no = x.step_no`,
        [JSON.stringify(closeStored)],
      );
    }
    if (inserts.length > 0) {
      await manager.query(
        `INSERT INTO responsibility_trail_v1 (event_id, assignment_id, step_no, action, responsible, holder, unit_id, from_at, to_at,
           reason, justification, actor, ping_pong, event_position)
         SELECT event_id, assignment_id, step_no, action, responsible, holder, unit_id, from_at, to_at,
                reason, justification, actor, ping_pong, event_position
           FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, assignment_id text, step_no integer, action text, responsible text,
                holder text, unit_id text, from_at timestamptz, to_at timestamptz, reason text, justification text, actor text,
                ping_pong boolean, event_position bigint)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify(inserts)],
      );
    }
  }
}

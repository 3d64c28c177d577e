import type { EntityManager } from 'typeorm';
import type { AssignmentEvent } from '../../../domain/src/work/assignment.events.js';
import type { RecordedEvent } from '../../../event-store/src/event-store.port.js';
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

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const e of events) {
      if (!ASSIGNMENT_EVENT_TYPES.has(e.type)) continue;
      const assignmentId = (e.data as { assignmentId: string }).assignmentId;
      const rows = (await manager.query(
        `SELECT step_no AS "stepNo", action, responsible, holder, unit_id AS "unitId", from_at AS "from", reason, justification,
                actor, ping_pong AS "pingPong", event_position::text AS position
           FROM responsibility_trail_v1 WHERE assignment_id = $1 ORDER BY step_no DESC LIMIT 1`,
        [assignmentId],
      )) as Array<TrailDbRow & { position: string }>;
      const last = rows[0];
      // Defensive against a replayed batch: the trail already covers this position.
      if (last && BigInt(last.position) >= e.position) continue;
      const previous = last && { ...last, from: last.from.toISOString() };
      const step = nextTrailStep(previous, { type: e.type, data: e.data } as AssignmentEvent);
      if (!step) continue;
      if (previous) {
        await manager.query('UPDATE responsibility_trail_v1 SET to_at = $3 WHERE assignment_id = $1 AND step_no = $2', [
          assignmentId,
          previous.stepNo,
          step.from,
        ]);
      }
      await manager.query(
        `INSERT INTO responsibility_trail_v1 (event_id, assignment_id, step_no, action, responsible, holder, unit_id, from_at, to_at,
           reason, justification, actor, ping_pong, event_position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9, $10, $11, $12, $13) ON CONFLICT (event_id) DO NOTHING`,
        [
          e.id, assignmentId, step.stepNo, step.action, step.responsible, step.holder, step.unitId, step.from, step.reason,
          step.justification, step.actor, step.pingPong, e.position.toString(),
        ],
      );
    }
  }
}

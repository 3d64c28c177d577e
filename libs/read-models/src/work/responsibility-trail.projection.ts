import type { EntityManager } from 'typeorm';
import { isRepresentableInstant, watchDeadline, type AssignmentEvent, type DeadlineWatch } from '#domain';
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
  /** The due date in force while this step was (or is) the current one; updated by extensions and apologies. */
  dueAt: string | null;
  /** Who held the work when `dueAt` passed, if it has (carried so a later step knows the work came to it late). */
  dueMissedBy: string | null;
  /** Due dates that passed while this step's holder held the work (the holder let them pass). */
  deadlinesMissed: number;
  /** The last of those due dates. */
  missedDueAt: string | null;
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
    dueAt: previous?.dueAt ?? null,
    dueMissedBy: previous?.dueMissedBy ?? null,
    deadlinesMissed: 0,
    missedDueAt: null,
  };
  switch (event.type) {
    case 'AssignmentIssued': {
      const d = event.data;
      if (previous) return undefined;
      return { ...carry, action: 'issued', responsible: d.responsible, holder: d.assignee, unitId: d.unitId, from: d.issuedAt, actor: d.assignedBy, dueAt: usableDue(d.dueAt) };
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

const CLOSED_ACTIONS: ReadonlySet<TrailStep['action']> = new Set(['completed', 'reviewed', 'cancelled']);

/**
 * Pure: what one event does to the trail. `current` is the current step after the
 * event's deadline bookkeeping (a due date the event shows as passed is marked on the
 * step whose holder held the work when it passed, by the same rule as the indicators:
 * `watchDeadline`); `next` is the step the event opens, if any. `current` is the same
 * object as the input when nothing changed.
 */
/** A recorded due date the trail can store (a real day, years 1900..2200), else null: no date in force, the step is still recorded (2026-02-30 was quarantined). */
function usableDue(value: unknown): string | null {
  return isRepresentableInstant(value) ? value : null;
}

export function trailTransition(
  current: TrailStep | undefined,
  event: AssignmentEvent,
): { readonly current: TrailStep | undefined; readonly next: TrailStep | undefined } {
  if (!current) return { current, next: nextTrailStep(undefined, event) };
  const watch: DeadlineWatch | undefined =
    current.dueAt === null || current.holder === null
      ? undefined
      : { holder: current.holder, dueAt: current.dueAt, missedBy: current.dueMissedBy, open: !CLOSED_ACTIONS.has(current.action) };
  const { watch: after, missed } = watchDeadline(watch, event);
  let marked = current;
  if (missed) marked = { ...marked, deadlinesMissed: marked.deadlinesMissed + 1, missedDueAt: missed.dueAt };
  const next = nextTrailStep(marked, event);
  if (after) {
    const due = { dueAt: usableDue(after.dueAt), dueMissedBy: after.missedBy };
    if (next) return { current: marked, next: { ...next, ...due } };
    if (after.dueAt !== marked.dueAt || after.missedBy !== marked.dueMissedBy) marked = { ...marked, ...due };
  }
  return { current: marked, next };
}

interface TrailDbRow extends Omit<TrailStep, 'from' | 'dueAt' | 'missedDueAt'> {
  from: Date;
  dueAt: Date | null;
  missedDueAt: Date | null;
}

/**
 * The last step of each assignment of a batch: one backward probe of the
 * (assignment_id, step_no) index per assignment. `DISTINCT ON ... WHERE assignment_id =
 * ANY ($1)` scanned and sorted the whole trail every batch (issue 17), with or without
 * statistics.
 */
export const LAST_TRAIL_STEPS_SQL = `SELECT t.assignment_id AS "assignmentId", t.step_no AS "stepNo", t.action, t.responsible, t.holder,
              t.unit_id AS "unitId", t.from_at AS "from", t.reason, t.justification, t.actor, t.ping_pong AS "pingPong",
              t.due_at AS "dueAt", t.due_missed_by AS "dueMissedBy", t.deadlines_missed AS "deadlinesMissed", t.missed_due_at AS "missedDueAt",
              t.event_position::text AS position
         FROM unnest($1::text[]) AS a(id)
        CROSS JOIN LATERAL (
              SELECT * FROM responsibility_trail_v1 s WHERE s.assignment_id = a.id ORDER BY s.step_no DESC LIMIT 1
        ) t`;

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
      LAST_TRAIL_STEPS_SQL,
      [ids],
    )) as Array<TrailDbRow & { assignmentId: string; position: string }>;
    const last = new Map<string, { step: TrailStep; position: bigint; stored: boolean }>(
      rows.map((r) => [
        r.assignmentId,
        {
          step: { ...r, from: r.from.toISOString(), dueAt: r.dueAt?.toISOString() ?? null, missedDueAt: r.missedDueAt?.toISOString() ?? null },
          position: BigInt(r.position),
          stored: true,
        },
      ]),
    );
    const inserts: Array<Record<string, unknown>> = [];
    /** Stored steps to update (closed, or their deadline bookkeeping changed), by assignment. */
    const updates = new Map<string, Record<string, unknown>>();
    const pending = new Map<string, Record<string, unknown>>();
    const deadlineColumns = (s: TrailStep) => ({ due_at: s.dueAt, due_missed_by: s.dueMissedBy, deadlines_missed: s.deadlinesMissed, missed_due_at: s.missedDueAt });
    for (const e of relevant) {
      const assignmentId = (e.data as { assignmentId: string }).assignmentId;
      const previous = last.get(assignmentId);
      // Defensive against a replayed batch: the trail already covers this position.
      if (previous && previous.position >= e.position) continue;
      const transition = trailTransition(previous?.step, { type: e.type, data: e.data } as AssignmentEvent);
      const { current } = transition;
      // An unusable step time (odd data written behind the API; from_at is NOT NULL): the step starts when the event was recorded.
      const next = transition.next && !isRepresentableInstant(transition.next.from) ? { ...transition.next, from: e.recordedAt } : transition.next;
      if (previous && current && current !== previous.step) {
        if (previous.stored) {
          const u = updates.get(assignmentId) ?? { assignment_id: assignmentId, step_no: current.stepNo, to_at: null };
          updates.set(assignmentId, { ...u, ...deadlineColumns(current) });
        } else Object.assign(pending.get(assignmentId)!, deadlineColumns(current));
        last.set(assignmentId, { ...previous, step: current });
      }
      if (!next) {
        // A non-step event moves the position on, so a replay of it is skipped too.
        if (previous) last.set(assignmentId, { ...last.get(assignmentId)!, position: e.position });
        continue;
      }
      if (previous?.stored) {
        const u = updates.get(assignmentId) ?? { assignment_id: assignmentId, step_no: previous.step.stepNo, ...deadlineColumns(current ?? previous.step) };
        updates.set(assignmentId, { ...u, to_at: next.from });
      } else if (previous) pending.get(assignmentId)!.to_at = next.from;
      const row: Record<string, unknown> = {
        event_id: e.id, assignment_id: assignmentId, step_no: next.stepNo, action: next.action, responsible: next.responsible,
        holder: next.holder, unit_id: next.unitId, from_at: next.from, to_at: null, reason: next.reason,
        justification: next.justification, actor: next.actor, ping_pong: next.pingPong, event_position: e.position.toString(),
        ...deadlineColumns(next),
      };
      inserts.push(row);
      pending.set(assignmentId, row);
      last.set(assignmentId, { step: next, position: e.position, stored: false });
    }
    if (updates.size > 0) {
      await manager.query(
        `UPDATE responsibility_trail_v1 t SET to_at = COALESCE(x.to_at, t.to_at), due_at = x.due_at, due_missed_by = x.due_missed_by,
                deadlines_missed = x.deadlines_missed, missed_due_at = x.missed_due_at
           FROM jsonb_to_recordset($1::jsonb) AS x(assignment_id text, step_no integer, to_at timestamptz, due_at timestamptz,
                due_missed_by text, deadlines_missed integer, missed_due_at timestamptz)
          WHERE t.assignment_id = x.assignment_id AND t.step_no = x.step_no`,
        [JSON.stringify([...updates.values()])],
      );
    }
    if (inserts.length > 0) {
      await manager.query(
        `INSERT INTO responsibility_trail_v1 (event_id, assignment_id, step_no, action, responsible, holder, unit_id, from_at, to_at,
           reason, justification, actor, ping_pong, event_position, due_at, due_missed_by, deadlines_missed, missed_due_at)
         SELECT event_id, assignment_id, step_no, action, responsible, holder, unit_id, from_at, to_at,
                reason, justification, actor, ping_pong, event_position, due_at, due_missed_by, deadlines_missed, missed_due_at
           FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, assignment_id text, step_no integer, action text, responsible text,
                holder text, unit_id text, from_at timestamptz, to_at timestamptz, reason text, justification text, actor text,
                ping_pong boolean, event_position bigint, due_at timestamptz, due_missed_by text, deadlines_missed integer,
                missed_due_at timestamptz)
         ON CONFLICT (event_id) DO NOTHING`,
        [JSON.stringify(inserts)],
      );
    }
  }
}

import type { EntityManager } from 'typeorm';
import { assertNever, isRepresentableInstant } from '#domain';
import type { AssignmentEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

/** The board row as plain data (instants as ISO strings). */
export interface BoardView {
  id: string;
  kind: string;
  title: string;
  unitId: string | null;
  assignee: string;
  assignedBy: string;
  holder: string;
  responsible: string;
  status: string;
  /** As recorded; an unusable date (odd data written behind the API) is stored null: no date in force. */
  dueAt: string | null;
  issuedAt: string | null;
  completedAt: string | null;
  late: boolean | null;
  quality: string | null;
  handoffs: number;
  pingPongs: number;
  participants: string[];
  version: number;
}

/** Event types of the assignment stream, for routing recorded events. */
export const ASSIGNMENT_EVENT_TYPES: ReadonlySet<string> = new Set<AssignmentEvent['type']>([
  'AssignmentIssued',
  'AssignmentAccepted',
  'AssignmentDeclined',
  'AssignmentHandedOff',
  'ProgressReported',
  'DeadlineExtended',
  'AssignmentCompleted',
  'CompletionReviewed',
  'AssignmentCancelled',
  'DossierReturnedToApplicant',
  'ApologyIssued',
]);

function withPeople(list: readonly string[], ...people: ReadonlyArray<string | null>): string[] {
  const out = [...list];
  for (const p of people) if (p && !out.includes(p)) out.push(p);
  return out;
}

/** Pure: the board row after one event of the stream at `revision` (undefined before issuance). */
export function evolveBoardView(row: BoardView | undefined, event: AssignmentEvent, revision: number): BoardView | undefined {
  const version = revision + 1;
  if (event.type === 'AssignmentIssued') {
    const d = event.data;
    return {
      id: d.assignmentId,
      kind: d.kind,
      title: d.title,
      unitId: d.unitId,
      assignee: d.assignee,
      assignedBy: d.assignedBy,
      holder: d.assignee,
      responsible: d.responsible,
      status: 'issued',
      dueAt: d.dueAt,
      issuedAt: d.issuedAt,
      completedAt: null,
      late: null,
      quality: null,
      handoffs: 0,
      pingPongs: 0,
      participants: withPeople([], d.assignedBy, d.assignee, d.responsible),
      version,
    };
  }
  if (!row) return undefined;
  switch (event.type) {
    case 'AssignmentAccepted':
      return { ...row, status: 'accepted', version };
    case 'AssignmentDeclined':
      return {
        ...row,
        status: 'declined',
        holder: event.data.returnedTo,
        responsible: event.data.responsible,
        participants: withPeople(row.participants, event.data.returnedTo, event.data.responsible),
        version,
      };
    case 'AssignmentHandedOff': {
      const d = event.data;
      return {
        ...row,
        status: 'issued',
        holder: d.to,
        responsible: d.responsible,
        unitId: d.toUnitId ?? row.unitId,
        handoffs: row.handoffs + 1,
        pingPongs: row.pingPongs + (d.pingPong ? 1 : 0),
        participants: withPeople(row.participants, d.to, d.responsible),
        version,
      };
    }
    case 'DeadlineExtended':
    case 'ApologyIssued':
      return { ...row, dueAt: event.data.newDueAt, version };
    case 'AssignmentCompleted':
      return { ...row, status: 'completed', completedAt: event.data.completedAt, late: event.data.late, version };
    case 'CompletionReviewed':
      return { ...row, status: 'reviewed', quality: event.data.quality, version };
    case 'AssignmentCancelled':
      return { ...row, status: 'cancelled', version };
    case 'ProgressReported':
    case 'DossierReturnedToApplicant':
    case 'AssignmentProductNamed':
      return { ...row, version };
    default:
      return assertNever(event, 'assignment event');
  }
}

/**
 * The rows of a batch's assignments: one probe of the primary key per id (the LIMIT keeps
 * the subquery a per-id nested loop). `WHERE id = ANY ($1)` read the whole board every
 * batch when the table had no statistics (a rebuild; issue 17).
 */
export const BOARD_ROWS_SQL = `SELECT b.id, b.kind, b.title, b.unit_id AS "unitId", b.assignee, b.assigned_by AS "assignedBy", b.holder, b.responsible, b.status,
  b.due_at AS "dueAt", b.issued_at AS "issuedAt", b.completed_at AS "completedAt", b.late, b.quality, b.handoffs,
  b.ping_pongs AS "pingPongs", b.participants, b.version
  FROM unnest($1::text[]) AS a(id)
 CROSS JOIN LATERAL (SELECT * FROM assignment_board_v1 s WHERE s.id = a.id LIMIT 1) b`;

interface BoardDbRow extends Omit<BoardView, 'dueAt' | 'issuedAt' | 'completedAt'> {
  dueAt: Date | null;
  issuedAt: Date | null;
  completedAt: Date | null;
}

/** A value PostgreSQL takes as a timestamptz, or null: a recorded event never stops or drops out of the board. */
const ts = (value: unknown): string | null => (isRepresentableInstant(value) ? value : null);
/** NOT NULL text columns: odd data (a missing name) is written as empty text rather than parking the event. */
const str = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));

/** `assignment_board_v1`: status, holder, responsible and due date of every assignment. */
export class AssignmentBoardProjection implements Projection {
  readonly name = 'assignment_board_v1';
  readonly handles = ASSIGNMENT_EVENT_TYPES;
  readonly tables = ['assignment_board_v1'];

  /**
   * Set-based: one read of every row the batch touches, the pure evolve in memory in
   * event order, one multi-row upsert. Two round trips per batch instead of two per event.
   */
  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const relevant = events.filter((e) => ASSIGNMENT_EVENT_TYPES.has(e.type));
    if (relevant.length === 0) return;
    const ids = [...new Set(relevant.map((e) => (e.data as { assignmentId: string }).assignmentId))];
    const rows = (await manager.query(BOARD_ROWS_SQL, [ids])) as BoardDbRow[];
    const views = new Map<string, BoardView>(
      rows.map((r) => [
        r.id,
        { ...r, dueAt: r.dueAt?.toISOString() ?? null, issuedAt: r.issuedAt?.toISOString() ?? null, completedAt: r.completedAt?.toISOString() ?? null },
      ]),
    );
    const changed = new Map<string, string>();
    for (const e of relevant) {
      const id = (e.data as { assignmentId: string }).assignmentId;
      const current = views.get(id);
      // An event at or below the row's version was applied already (defensive: the checkpoint prevents it).
      if (current && current.version >= Number(e.revision) + 1) continue;
      const next = evolveBoardView(current, { type: e.type, data: e.data } as AssignmentEvent, Number(e.revision));
      if (!next) continue;
      views.set(id, next);
      changed.set(id, e.position.toString());
    }
    if (changed.size === 0) return;
    const records = [...changed].map(([id, lastPosition]) => {
      const v = views.get(id)!;
      return {
        id: v.id, kind: str(v.kind), title: str(v.title), unit_id: v.unitId, assignee: str(v.assignee), assigned_by: str(v.assignedBy), holder: str(v.holder),
        responsible: str(v.responsible), status: v.status, due_at: ts(v.dueAt), issued_at: ts(v.issuedAt), completed_at: ts(v.completedAt), late: v.late,
        quality: v.quality, handoffs: v.handoffs, ping_pongs: v.pingPongs, participants: v.participants, version: v.version,
        last_position: lastPosition,
      };
    });
    await manager.query(
      `INSERT INTO assignment_board_v1 (id, kind, title, unit_id, assignee, assigned_by, holder, responsible, status, due_at,
         issued_at, completed_at, late, quality, handoffs, ping_pongs, participants, version, last_position)
       SELECT id, kind, title, unit_id, assignee, assigned_by, holder, responsible, status, due_at,
              issued_at, completed_at, late, quality, handoffs, ping_pongs, participants, version, last_position
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, title text, unit_id text, assignee text, assigned_by text,
              holder text, responsible text, status text, due_at timestamptz, issued_at timestamptz, completed_at timestamptz,
              late boolean, quality text, handoffs integer, ping_pongs integer, participants text[], version integer, last_position bigint)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, title = EXCLUDED.title, unit_id = EXCLUDED.unit_id,
         assignee = EXCLUDED.assignee, assigned_by = EXCLUDED.assigned_by, holder = EXCLUDED.holder,
         responsible = EXCLUDED.responsible, status = EXCLUDED.status, due_at = EXCLUDED.due_at,
         issued_at = EXCLUDED.issued_at, completed_at = EXCLUDED.completed_at, late = EXCLUDED.late,
         quality = EXCLUDED.quality, handoffs = EXCLUDED.handoffs, ping_pongs = EXCLUDED.ping_pongs,
         participants = EXCLUDED.participants, version = EXCLUDED.version, last_position = EXCLUDED.last_position`,
      [JSON.stringify(records)],
    );
  }
}

import type { Sql } from '../shared/sql.js';

/** One step of the responsibility trail (responsibility_trail_v1). */
export interface TrailStep {
  readonly step: number;
  readonly action: string;
  readonly responsible: string | null;
  readonly holder: string | null;
  readonly unitId: string | null;
  readonly from: string;
  readonly to: string | null;
  readonly reason: string | null;
  readonly justification: string | null;
  readonly actor: string;
  readonly pingPong: boolean;
  /** The due date in force while this step was the current one. */
  readonly dueAt: string | null;
  /** A due date passed while this step's holder held the work. */
  readonly deadlineMissed: boolean;
  readonly missedDueAt: string | null;
  /**
   * The objective-cause finding (`inspection-<id>/<findingId>`, not withdrawn) that excused
   * the deadline this step's holder missed; absent when none: the delay is then charged.
   */
  readonly deadlineExcusedBy?: string;
  readonly eventId: string;
  /** Global position of the event (string: 64-bit). */
  readonly eventPosition: string;
}

/** The one definition of the columns of responsibility_trail_v1 as read (alias `t`). */
export const TRAIL_COLUMNS = `t.step_no AS step, t.action, t.responsible, t.holder, t.unit_id AS "unitId", t.from_at AS "from", t.to_at AS "to",
  t.reason, t.justification, t.actor, t.ping_pong AS "pingPong", t.due_at AS "dueAt", t.deadlines_missed > 0 AS "deadlineMissed",
  t.missed_due_at AS "missedDueAt", t.event_id AS "eventId", t.event_position::text AS "eventPosition",
  (SELECT 'inspection-' || f.inspection_id || '/' || f.finding_id FROM inspection_findings_v1 f
    WHERE t.deadlines_missed > 0 AND f.kind = 'objective_cause' AND f.failure = 'delay' AND f.status <> 'withdrawn'
      AND f.assignment_id = t.assignment_id AND f.staff_id = t.holder ORDER BY f.seq LIMIT 1) AS "deadlineExcusedBy"`;

interface RawStep extends Omit<TrailStep, 'from' | 'to' | 'dueAt' | 'missedDueAt' | 'deadlineExcusedBy'> {
  deadlineExcusedBy: string | null;
  from: Date;
  to: Date | null;
  dueAt: Date | null;
  missedDueAt: Date | null;
}

function step({ deadlineExcusedBy, ...r }: RawStep): TrailStep {
  return { ...r, ...(deadlineExcusedBy ? { deadlineExcusedBy } : {}), from: r.from.toISOString(), to: r.to?.toISOString() ?? null, dueAt: r.dueAt?.toISOString() ?? null, missedDueAt: r.missedDueAt?.toISOString() ?? null };
}

/** Reads of the responsibility trail, beside ResponsibilityTrailProjection. */
export class ResponsibilityTrailQueries {
  constructor(private readonly db: Sql) {}

  /**
   * The steps of an assignment with what a read check needs from its board row, in one
   * statement; undefined when the assignment is not on the board.
   */
  async trailWithAccess(assignmentId: string): Promise<{ unitId: string | null; participants: readonly string[]; steps: TrailStep[] } | undefined> {
    const { rows } = await this.db.query<RawStep & { boardUnitId: string | null; participants: string[] }>({
      name: 'trail-with-access', // prepared once per connection (a hot read)
      text: `SELECT b.unit_id AS "boardUnitId", b.participants, ${TRAIL_COLUMNS}
         FROM assignment_board_v1 b LEFT JOIN responsibility_trail_v1 t ON t.assignment_id = b.id
        WHERE b.id = $1 ORDER BY t.step_no`,
      values: [assignmentId],
    });
    const first = rows[0];
    if (!first) return undefined;
    const steps = rows.filter((r) => r.step !== null).map(({ boardUnitId: _u, participants: _p, ...s }) => step(s));
    return { unitId: first.boardUnitId, participants: first.participants, steps };
  }

  /** The step in force at an instant (ISO 8601), if any. */
  async stepAt(assignmentId: string, at: string): Promise<TrailStep | undefined> {
    const { rows } = await this.db.query<RawStep>(
      `SELECT ${TRAIL_COLUMNS} FROM responsibility_trail_v1 t
        WHERE t.assignment_id = $1 AND t.from_at <= $2 AND (t.to_at IS NULL OR $2 < t.to_at) ORDER BY t.step_no DESC LIMIT 1`,
      [assignmentId, at],
    );
    return rows[0] && step(rows[0]);
  }
}

import { cursorCodec, pageOf, type Page } from '../shared/cursor.js';
import { Params, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

/** One assignment as the board shows it (assignment_board_v1); `overdue` as of the query. */
export interface AssignmentBoardView {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly unitId: string | null;
  readonly assignee: string;
  readonly assignedBy: string;
  readonly holder: string;
  readonly responsible: string;
  readonly status: string;
  /** Null when the recorded date is unusable (odd data written behind the API): no date in force. */
  readonly dueAt: string | null;
  readonly issuedAt: string | null;
  readonly completedAt: string | null;
  readonly late: boolean | null;
  readonly quality: string | null;
  readonly overdue: boolean;
  readonly handoffs: number;
  readonly pingPongs: number;
  readonly version: number;
}

/** A board row with who is involved (assigner, assignees, holders, responsible persons): what read checks need. */
export interface AssignmentBoardRow extends AssignmentBoardView {
  readonly participants: readonly string[];
}

/**
 * Who reads the board: council members read every assignment (the evidence of cases
 * may sit anywhere); everyone reads the work they are involved in; scoped readers
 * (hr, unit heads, inspectors) the work of units in their scope (work of no unit only
 * with every unit in scope).
 */
export interface AssignmentReader {
  readonly sub: string;
  readonly everything: boolean;
  readonly scope: UnitScope;
}

export interface AssignmentFilter {
  readonly unitId?: string;
  readonly assigneeId?: string;
  readonly holder?: string;
  readonly status?: string;
  /** true: open and past due as of now; false: the others. */
  readonly overdue?: boolean;
}

const OPEN_PAST_DUE = `(status IN ('issued', 'accepted', 'declined') AND due_at < now())`;

/** The one definition of the columns of assignment_board_v1 as read. */
export const BOARD_COLUMNS = `id, kind, title, unit_id AS "unitId", assignee, assigned_by AS "assignedBy", holder, responsible, status,
  due_at AS "dueAt", issued_at AS "issuedAt", completed_at AS "completedAt", late, quality,
  ${OPEN_PAST_DUE} AS overdue, handoffs, ping_pongs AS "pingPongs", version, participants`;

interface RawBoardRow extends Omit<AssignmentBoardRow, 'dueAt' | 'issuedAt' | 'completedAt'> {
  dueAt: Date | null;
  issuedAt: Date | null;
  completedAt: Date | null;
}

const cursor = cursorCodec(['text']);

function row(r: RawBoardRow): AssignmentBoardRow {
  // Null-safe: an unusable date in a recorded event is stored null (no date in force).
  return { ...r, dueAt: r.dueAt?.toISOString() ?? null, issuedAt: r.issuedAt?.toISOString() ?? null, completedAt: r.completedAt?.toISOString() ?? null };
}

/** The board as the API shows it (without the participants). */
export function boardView(r: AssignmentBoardRow): AssignmentBoardView {
  const { participants: _participants, ...view } = r;
  return view;
}

/** Reads of the assignment board, beside AssignmentBoardProjection. */
export class AssignmentBoardQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<AssignmentBoardRow | undefined> {
    const { rows } = await this.db.query<RawBoardRow>(`SELECT ${BOARD_COLUMNS} FROM assignment_board_v1 WHERE id = $1`, [id]);
    return rows[0] && row(rows[0]);
  }

  /** The assignments the reader sees, by id. */
  async list(filter: AssignmentFilter, reader: AssignmentReader, page: { cursor?: string; limit: number }): Promise<Page<AssignmentBoardView>> {
    const [after] = cursor.decode(page.cursor) ?? [''];
    const p = new Params(after, page.limit + 1);
    const where = ['id > $1'];
    if (filter.unitId) where.push(`unit_id = ${p.add(filter.unitId)}`);
    if (filter.assigneeId) where.push(`assignee = ${p.add(filter.assigneeId)}`);
    if (filter.holder) where.push(`holder = ${p.add(filter.holder)}`);
    if (filter.status) where.push(`status = ${p.add(filter.status)}`);
    if (filter.overdue !== undefined) where.push(`${filter.overdue ? '' : 'NOT '}${OPEN_PAST_DUE}`);
    if (!reader.everything) where.push(`(${p.add(reader.sub)} = ANY (participants) OR ${unitScopeSql('unit_id', reader.scope, p)})`);
    const { rows } = await this.db.query<RawBoardRow>(`SELECT ${BOARD_COLUMNS} FROM assignment_board_v1 WHERE ${where.join(' AND ')} ORDER BY id LIMIT $2`, p.values);
    return pageOf(rows, page.limit, cursor, (r) => [r.id], (r) => boardView(row(r)));
  }

  /** Ids of a unit's assignments in the given statuses (the open work a unit merge hands over). */
  async idsOfUnit(unitId: string, statuses: readonly string[]): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM assignment_board_v1 WHERE unit_id = $1 AND status = ANY ($2) ORDER BY id', [unitId, statuses]);
    return rows.map((r) => r.id);
  }
}

import { effectiveConsultationFlags, type ConsultationAnswered, type ConsultationFlag, type ConsultationState, type ConsultationWithdrawn } from '#domain';
import { cursorCodec, pageOf, type Page } from '../shared/cursor.js';
import { Params, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

/** A row of consultation_register_v1 as the queries read it. */
export interface ConsultationRegisterRow {
  readonly id: string;
  readonly seq: string;
  readonly requested_by: string;
  readonly requester_unit_id: string;
  readonly consulted_unit_id: string | null;
  readonly consulted_person_id: string | null;
  readonly answered_by: string | null;
  readonly state: ConsultationState;
  readonly raised_flags: string[];
  readonly version: number;
}

/** A consultation as the API shows it; flags are derived as of the read (an unanswered request past due is late). */
export interface ConsultationView {
  readonly id: string;
  readonly consultationId: string;
  readonly requestedBy: string;
  readonly requesterUnitId: string;
  readonly consultedUnitId?: string;
  readonly consultedPersonId?: string;
  readonly question: string;
  readonly withinRequesterAuthority: boolean;
  readonly relatedAssignmentId?: string;
  readonly dueAt: string;
  readonly requestedAt: string;
  readonly status: 'requested' | 'answered' | 'withdrawn';
  readonly answer: ConsultationAnswered['data'] | null;
  readonly withdrawal: ConsultationWithdrawn['data'] | null;
  readonly raisedFlags: string[];
  readonly flags: ConsultationFlag[];
  readonly late: boolean;
  readonly version: number;
}

/**
 * Who reads the register: everyone reads what they requested, were consulted on or
 * answered, and what was addressed to their own unit; scoped readers (hr, unit heads,
 * inspectors) consultations whose requester or consulted unit is in their scope.
 */
export interface ConsultationReader {
  readonly sub: string;
  readonly ownUnitId: string | null;
  readonly scope: UnitScope;
}

export interface ConsultationFilter {
  readonly requester?: string;
  readonly requesterUnitId?: string;
  readonly consultedUnitId?: string;
  readonly position?: string;
  readonly flag?: string;
  readonly late?: boolean;
}

/** The one definition of the columns of consultation_register_v1 as read. */
export const CONSULTATION_COLUMNS = `id, seq::text AS seq, requested_by, requester_unit_id, consulted_unit_id, consulted_person_id, answered_by,
  state, raised_flags, version`;

const OVERDUE = `(status = 'requested' AND due_at < now())`;
const cursor = cursorCodec(['int8']);

/** The API view of a register row as of `asOf`; undefined for a row whose stream holds no request. */
export function consultationView(row: ConsultationRegisterRow, asOf: string): ConsultationView | undefined {
  const s = row.state;
  if (s.status === 'none') return undefined;
  return {
    id: row.id,
    ...s.request,
    status: s.status,
    answer: s.status === 'answered' ? s.answer : null,
    withdrawal: s.status === 'withdrawn' ? s.withdrawal : null,
    raisedFlags: row.raised_flags,
    flags: [...effectiveConsultationFlags(s, asOf)],
    late: s.status === 'answered' ? s.answer.late : s.status === 'requested' && Date.parse(asOf) > Date.parse(s.request.dueAt),
    version: row.version,
  };
}

/** Reads of the consultation register, beside ConsultationRegisterProjection. */
export class ConsultationRegisterQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<ConsultationRegisterRow | undefined> {
    return (await this.db.query<ConsultationRegisterRow>(`SELECT ${CONSULTATION_COLUMNS} FROM consultation_register_v1 WHERE id = $1`, [id])).rows[0];
  }

  /** The register as the reader sees it, in request order. */
  async list(filter: ConsultationFilter, reader: ConsultationReader, page: { cursor?: string; limit: number }): Promise<Page<ConsultationView>> {
    const [after] = cursor.decode(page.cursor) ?? ['0'];
    const p = new Params(after, page.limit + 1);
    const where = ['seq > $1::bigint'];
    if (filter.requester) where.push(`requested_by = ${p.add(filter.requester)}`);
    if (filter.requesterUnitId) where.push(`requester_unit_id = ${p.add(filter.requesterUnitId)}`);
    if (filter.consultedUnitId) where.push(`consulted_unit_id = ${p.add(filter.consultedUnitId)}`);
    if (filter.position) where.push(`position = ${p.add(filter.position)}`);
    if (filter.flag) {
      const n = p.add(filter.flag);
      where.push(`(${n} = ANY (flags) OR (${n} = 'late_response' AND ${OVERDUE}))`);
    }
    if (filter.late !== undefined) where.push(filter.late ? `(late OR ${OVERDUE})` : `NOT (late OR ${OVERDUE})`);
    const me = p.add(reader.sub);
    const visible = [`requested_by = ${me}`, `consulted_person_id = ${me}`, `answered_by = ${me}`, `consulted_unit_id = ${p.add(reader.ownUnitId)}`];
    if (reader.scope.all || reader.scope.units.length > 0) {
      visible.push(unitScopeSql('requester_unit_id', reader.scope, p), unitScopeSql('consulted_unit_id', reader.scope, p));
    }
    where.push(`(${visible.join(' OR ')})`);
    const { rows } = await this.db.query<ConsultationRegisterRow>(
      `SELECT ${CONSULTATION_COLUMNS} FROM consultation_register_v1 WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
      p.values,
    );
    const asOf = new Date().toISOString();
    const result = pageOf(rows, page.limit, cursor, (r) => [r.seq], (r) => consultationView(r, asOf));
    return { items: result.items.filter((v): v is ConsultationView => v !== undefined), nextCursor: result.nextCursor };
  }
}

import { cursorCodec, pageOf, type Page } from '../shared/cursor.js';
import { Params, unitScopeSql, type Reader, type Sql } from '../shared/sql.js';
import { commendationColumns, INNOVATION_COLUMNS, type CommendationRowView, type InnovationRowView } from './recognition.projection.js';

/** The unit a commendation's recipient belongs to now: the staff member's unit, or the unit itself (needs `c` and `s`). */
const RECIPIENT_UNIT = `COALESCE(s.unit_id, c.recipient_id)`;
const FROM_COMMENDATIONS = `commendations_v1 c LEFT JOIN staff_v1 s ON c.recipient_kind = 'person' AND s.id = c.recipient_id`;

const commendationCursor = cursorCodec(['int8']);
const innovationCursor = cursorCodec(['int8']);

/** Reads of commendations_v1, beside RecognitionProjection. Readers see their own commendations and those of recipients in their scope. */
export class CommendationQueries {
  constructor(private readonly db: Sql) {}

  /** The commendation with the unit its recipient belongs to now (for scope checks). */
  async findById(id: string): Promise<(CommendationRowView & { unitId: string }) | undefined> {
    const { rows } = await this.db.query<CommendationRowView & { unitId: string }>(
      `SELECT ${commendationColumns('c.')}, ${RECIPIENT_UNIT} AS "unitId" FROM ${FROM_COMMENDATIONS} WHERE c.id = $1`,
      [id],
    );
    return rows[0];
  }

  async list(filter: { recipientId?: string; status?: string }, reader: Reader, page: { cursor?: string; limit: number }): Promise<Page<CommendationRowView>> {
    const [after] = commendationCursor.decode(page.cursor) ?? ['0'];
    const p = new Params(after, page.limit + 1);
    const where = ['c.seq > $1::bigint'];
    if (filter.recipientId) where.push(`c.recipient_id = ${p.add(filter.recipientId)}`);
    if (filter.status) where.push(`c.status = ${p.add(filter.status)}`);
    where.push(`((c.recipient_kind = 'person' AND c.recipient_id = ${p.add(reader.sub)}) OR ${unitScopeSql(RECIPIENT_UNIT, reader.scope, p)})`);
    const { rows } = await this.db.query<CommendationRowView & { seq: string }>(
      `SELECT ${commendationColumns('c.')}, c.seq::text AS seq FROM ${FROM_COMMENDATIONS} WHERE ${where.join(' AND ')} ORDER BY c.seq LIMIT $2`,
      p.values,
    );
    return pageOf(rows, page.limit, commendationCursor, (r) => [r.seq], ({ seq: _seq, ...r }) => r);
  }

  /** Ids of the person's commendations still in force, oldest first. */
  async grantedTo(personId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT id FROM commendations_v1 WHERE recipient_kind = 'person' AND recipient_id = $1 AND status = 'granted' ORDER BY seq`,
      [personId],
    );
    return rows.map((r) => r.id);
  }
}

/** Reads of innovation_proposals_v1, beside RecognitionProjection. Readers see their own proposals and those of units in their scope. */
export class InnovationQueries {
  constructor(private readonly db: Sql) {}

  /** Related ids that are not assignments of the unit's subtree (unknown ones included). */
  async relatedOutsideUnit(ids: readonly string[], unitId: string): Promise<string[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.db.query<{ id: string }>(
      `SELECT b.id FROM assignment_board_v1 b JOIN units_v1 u ON u.id = b.unit_id WHERE b.id = ANY($1::text[]) AND u.path LIKE $2`,
      [[...ids], `%/${unitId.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`],
    );
    const inUnit = new Set(rows.map((r) => r.id));
    return ids.filter((id) => !inUnit.has(id));
  }

  async findById(id: string): Promise<InnovationRowView | undefined> {
    return (await this.db.query<InnovationRowView>(`SELECT ${INNOVATION_COLUMNS} FROM innovation_proposals_v1 WHERE id = $1`, [id])).rows[0];
  }

  async list(filter: { unitId?: string; status?: string; assignmentId?: string }, reader: Reader, page: { cursor?: string; limit: number }): Promise<Page<InnovationRowView>> {
    const [after] = innovationCursor.decode(page.cursor) ?? ['0'];
    const p = new Params(after, page.limit + 1);
    const where = ['seq > $1::bigint'];
    if (filter.unitId) where.push(`unit_id = ${p.add(filter.unitId)}`);
    if (filter.status) where.push(`status = ${p.add(filter.status)}`);
    if (filter.assignmentId) where.push(`${p.add(filter.assignmentId)} = ANY (related_assignment_ids)`);
    where.push(`(proposer_id = ${p.add(reader.sub)} OR ${unitScopeSql('unit_id', reader.scope, p)})`);
    const { rows } = await this.db.query<InnovationRowView & { seq: string }>(
      `SELECT ${INNOVATION_COLUMNS}, seq::text AS seq FROM innovation_proposals_v1 WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
      p.values,
    );
    return pageOf(rows, page.limit, innovationCursor, (r) => [r.seq], ({ seq: _seq, ...r }) => r);
  }

  /** Proposals that name any of the assignments (a disciplinary case about the same work must show them). */
  async relatedTo(assignmentIds: readonly string[]): Promise<InnovationRowView[]> {
    if (assignmentIds.length === 0) return [];
    return (await this.db.query<InnovationRowView>(`SELECT ${INNOVATION_COLUMNS} FROM innovation_proposals_v1 WHERE related_assignment_ids && $1::text[] ORDER BY seq`, [assignmentIds])).rows;
  }
}

import type { CaseState } from '#domain';
import { cursorCodec, pageOf, type Page } from '../shared/cursor.js';
import { Params, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';
import type { InnovationRowView } from '../recognition/recognition.projection.js';

/** A case row (disciplinary_cases_v1) with the subject's unit now (staff_v1). */
export interface CaseRow {
  readonly id: string;
  readonly seq: string;
  readonly subject_id: string;
  readonly subject_unit_id: string | null;
  readonly council_members: string[];
  readonly evidence_streams: string[];
  readonly state: CaseState;
  readonly version: number;
}

type Existing = Exclude<CaseState, { status: 'none' }>;
type File = Existing['file'];

/** A case as the API shows it: the case file, the outcome, and the approved innovation proposals covering its evidence. */
export type CaseView = File & {
  readonly id: string;
  readonly status: Existing['status'];
  readonly decision: Extract<Existing, { status: 'decided' }>['decision'] | null;
  readonly appeal: NonNullable<Extract<Existing, { status: 'decided' }>['appeal']> | null;
  readonly dismissal: Extract<Existing, { status: 'dismissed' }>['dismissal'] | null;
  readonly exemption: Extract<Existing, { status: 'exempted' }>['exemption'] | null;
  readonly coveringInnovationProposals: InnovationRowView[];
  readonly version: number;
};

/**
 * Who reads cases (DESIGN.md section 10): the subject their own; council members the
 * cases they sit on; hr and inspectors the cases of subjects in their unit scope.
 */
export interface CaseReader {
  readonly sub: string;
  readonly council: boolean;
  readonly scope: UnitScope;
}

/** The one definition of the columns of disciplinary_cases_v1 as read (alias `c`, staff `s`). */
const CASE_SELECT = `SELECT c.id, c.seq::text AS seq, c.subject_id, s.unit_id AS subject_unit_id, c.council_members, c.evidence_streams,
  c.state, c.version FROM disciplinary_cases_v1 c LEFT JOIN staff_v1 s ON s.id = c.subject_id`;

const cursor = cursorCodec(['int8']);

/** The API view of a case row; undefined for a row whose stream holds no opened case. */
export function caseView(row: CaseRow, proposals: readonly InnovationRowView[]): CaseView | undefined {
  const s = row.state;
  if (s.status === 'none') return undefined;
  return {
    id: row.id,
    status: s.status,
    ...s.file,
    decision: s.status === 'decided' ? s.decision : null,
    appeal: s.status === 'decided' ? (s.appeal ?? null) : null,
    dismissal: s.status === 'dismissed' ? s.dismissal : null,
    exemption: s.status === 'exempted' ? s.exemption : null,
    coveringInnovationProposals: proposals.filter((x) => x.status === 'approved'),
    version: row.version,
  };
}

/** Assignment ids among the evidence streams of a case (`assignment-<id>`). */
export function evidenceAssignmentIds(row: CaseRow): string[] {
  return row.evidence_streams.filter((s) => s.startsWith('assignment-')).map((s) => s.slice('assignment-'.length));
}

/** Reads of disciplinary_cases_v1, beside DisciplineProjection. */
export class DisciplinaryCaseQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<CaseRow | undefined> {
    return (await this.db.query<CaseRow>(`${CASE_SELECT} WHERE c.id = $1`, [id])).rows[0];
  }

  async list(filter: { subjectId?: string; status?: string }, reader: CaseReader, page: { cursor?: string; limit: number }): Promise<Page<CaseView>> {
    const [after] = cursor.decode(page.cursor) ?? ['0'];
    const p = new Params(after, page.limit + 1);
    const where = ['c.seq > $1::bigint'];
    if (filter.subjectId) where.push(`c.subject_id = ${p.add(filter.subjectId)}`);
    if (filter.status) where.push(`c.status = ${p.add(filter.status)}`);
    const me = p.add(reader.sub);
    const visible = [`c.subject_id = ${me}`];
    if (reader.council) visible.push(`${me} = ANY (c.council_members)`);
    if (reader.scope.all || reader.scope.units.length > 0) visible.push(unitScopeSql('s.unit_id', reader.scope, p));
    where.push(`(${visible.join(' OR ')})`);
    const { rows } = await this.db.query<CaseRow>(`${CASE_SELECT} WHERE ${where.join(' AND ')} ORDER BY c.seq LIMIT $2`, p.values);
    const result = pageOf(rows, page.limit, cursor, (r) => [r.seq], (r) => caseView(r, []));
    return { items: result.items.filter((v): v is CaseView => v !== undefined), nextCursor: result.nextCursor };
  }

  /** Whether the person is the subject of an open case (no commendation meanwhile). */
  async hasOpenCase(subjectId: string): Promise<boolean> {
    return ((await this.db.query("SELECT 1 FROM disciplinary_cases_v1 WHERE subject_id = $1 AND status = 'open' LIMIT 1", [subjectId])).rowCount ?? 0) > 0;
  }

  /** Whether `member` sits on the council of any case about `subjectId`. */
  async sitsOnCaseAbout(member: string, subjectId: string): Promise<boolean> {
    return ((await this.db.query('SELECT 1 FROM disciplinary_cases_v1 WHERE subject_id = $1 AND $2 = ANY (council_members) LIMIT 1', [subjectId, member])).rowCount ?? 0) > 0;
  }
}

/** Reads of subject_streams_v1, beside SubjectStreamsProjection. */
export class SubjectStreamQueries {
  constructor(private readonly db: Sql) {}

  /** The streams a staff member appears in, in the order they first appeared. */
  async streamsOf(staffId: string): Promise<string[]> {
    const { rows } = await this.db.query<{ stream_id: string }>('SELECT stream_id FROM subject_streams_v1 WHERE staff_id = $1 ORDER BY first_position', [staffId]);
    return rows.map((r) => r.stream_id);
  }
}

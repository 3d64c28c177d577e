import type { ConsequenceKind } from '#domain';

/** A consequence of a disciplinary decision as the read side holds it. */
export interface DisciplineConsequenceView {
  readonly caseId: string;
  readonly subjectId: string;
  readonly kind: ConsequenceKind;
  readonly decisionNo: string;
  readonly form: string | null;
  readonly from: string;
  readonly until: string;
  readonly source: string;
}

interface Queryable {
  query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

const COLUMNS = `case_id AS "caseId", subject_id AS "subjectId", kind, decision_no AS "decisionNo", form,
  to_char(from_date, 'YYYY-MM-DD') AS "from", to_char(until_date, 'YYYY-MM-DD') AS "until", source`;

/** Every consequence recorded for a person, latest first (the staff history shows them). */
export async function consequencesOf(db: Queryable, subjectId: string): Promise<DisciplineConsequenceView[]> {
  const { rows } = await db.query<DisciplineConsequenceView>(
    `SELECT ${COLUMNS} FROM discipline_consequences_v1 WHERE subject_id = $1 ORDER BY from_date DESC, case_id, kind`,
    [subjectId],
  );
  return rows;
}

/** The consequences of a kind in force for a person on a date (both ends inclusive). */
export async function consequencesInForce(
  db: Queryable,
  subjectId: string,
  kind: ConsequenceKind,
  onDate: string,
): Promise<DisciplineConsequenceView[]> {
  const { rows } = await db.query<DisciplineConsequenceView>(
    `SELECT ${COLUMNS} FROM discipline_consequences_v1
     WHERE subject_id = $1 AND kind = $2 AND from_date <= $3::date AND until_date >= $3::date ORDER BY case_id`,
    [subjectId, kind, onDate],
  );
  return rows;
}

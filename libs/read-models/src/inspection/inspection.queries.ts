import type { EventRef, InspectionState, PersonnelActionState } from '#domain';
import { Params, subtreePatterns, unitScopeSql, type Sql, type UnitScope } from '../shared/sql.js';

/** An inspection as stored: the folded state, the presence checks and the version. */
export interface InspectionRow {
  readonly id: string;
  readonly state: Exclude<InspectionState, { status: 'none' }>;
  readonly presence: ReadonlyArray<Record<string, unknown>>;
  readonly version: number;
}

/** A finding as readers see it. */
export interface FindingRow {
  readonly inspectionId: string;
  readonly findingId: string;
  readonly kind: string;
  readonly staffId: string | null;
  readonly unitId: string | null;
  readonly assignmentId: string | null;
  readonly failure: string | null;
  readonly leaders: string[];
  readonly status: string;
  readonly concludedOn: string | null;
  readonly year: number | null;
  /** The evidence reference to the finding itself (what a disciplinary case cites). */
  readonly streamId: string;
  readonly revision: number;
  readonly facts: Record<string, unknown>;
  readonly history: Array<Record<string, unknown>>;
}

const FINDING_COLUMNS = `inspection_id AS "inspectionId", finding_id AS "findingId", kind, staff_id AS "staffId", unit_id AS "unitId",
  assignment_id AS "assignmentId", failure, leaders, status, to_char(concluded_on, 'YYYY-MM-DD') AS "concludedOn", year,
  'inspection-' || inspection_id AS "streamId", recorded_revision AS revision, facts, history`;

/** Reads of inspections_v1 and inspection_findings_v1, beside InspectionProjection. Visibility is decided by the caller with `inspectionVisibility`. */
export class InspectionQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<InspectionRow | undefined> {
    return (await this.db.query<InspectionRow>('SELECT id, state, presence, version FROM inspections_v1 WHERE id = $1', [id])).rows[0];
  }

  /** Inspections touching the reader's scope or with the reader on the team, newest first (at most `limit`). */
  async candidates(reader: { sub: string; scope: UnitScope; leads: readonly string[] }, limit: number): Promise<InspectionRow[]> {
    const p = new Params(limit, reader.sub, [...reader.leads]);
    const inScope = reader.scope.all ? 'TRUE' : `EXISTS (SELECT 1 FROM unnest(scope_unit_ids) u WHERE ${unitScopeSql('u', reader.scope, p)})`;
    const { rows } = await this.db.query<InspectionRow>(
      `SELECT id, state, presence, version FROM inspections_v1 WHERE $2 = ANY (team) OR scope_unit_ids && $3::text[] OR ${inScope} ORDER BY seq DESC LIMIT $1`,
      p.values,
    );
    return rows;
  }

  async findings(inspectionId: string): Promise<FindingRow[]> {
    return (await this.db.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM inspection_findings_v1 WHERE inspection_id = $1 ORDER BY seq`, [inspectionId])).rows;
  }

  async finding(inspectionId: string, findingId: string): Promise<FindingRow | undefined> {
    return (await this.db.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM inspection_findings_v1 WHERE inspection_id = $1 AND finding_id = $2`, [inspectionId, findingId])).rows[0];
  }

  /** Findings in force (or contested, pending revision) about a person, of concluded inspections. */
  async inForceAbout(staffId: string): Promise<FindingRow[]> {
    return (await this.db.query<FindingRow>(`SELECT ${FINDING_COLUMNS} FROM inspection_findings_v1 WHERE staff_id = $1 AND status <> 'withdrawn' ORDER BY seq`, [staffId])).rows;
  }

  /** Each unit's line: the unit and its ancestors (from the materialized path); unknown units are left out. */
  async unitLines(unitIds: readonly string[]): Promise<Map<string, string[]>> {
    if (unitIds.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; path: string }>('SELECT id, path FROM units_v1 WHERE id = ANY ($1::text[])', [[...unitIds]]);
    return new Map(rows.map((r) => [r.id, r.path.split('/').filter(Boolean).reverse()]));
  }

  /** Each registered person's current unit line; unknown people are left out. */
  async staffUnitLines(staffIds: readonly string[]): Promise<Map<string, string[]>> {
    if (staffIds.length === 0) return new Map();
    const { rows } = await this.db.query<{ id: string; path: string }>(
      'SELECT s.id, u.path FROM staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE s.id = ANY ($1::text[])',
      [[...staffIds]],
    );
    return new Map(rows.map((r) => [r.id, r.path.split('/').filter(Boolean).reverse()]));
  }

  /**
   * The unit line behind an evidence reference, where the stream says: the work's unit
   * (assignments, consultations), the person's current unit (staff records, the subject
   * of a disciplinary case, the person commended), the unit itself (unit records, a unit
   * commended), a cycle's scope unit, each scope unit of an inspection, a dossier's receiving centre. Any other stream
   * is not placed: the decider refuses it as outside the scope.
   */
  async evidenceUnitLines(refs: readonly EventRef[]): Promise<Array<{ ref: EventRef; unitLine: string[] }>> {
    const ids = (prefix: string) => refs.filter((r) => r.streamId.startsWith(prefix)).map((r) => r.streamId.slice(prefix.length));
    const { rows } = await this.db.query<{ stream: string; path: string }>(
      `SELECT 'assignment-' || b.id AS stream, u.path FROM assignment_board_v1 b JOIN units_v1 u ON u.id = b.unit_id WHERE b.id = ANY ($1::text[])
       UNION ALL
       SELECT 'consultation-' || c.id, u.path FROM consultation_register_v1 c JOIN units_v1 u ON u.id = c.requester_unit_id WHERE c.id = ANY ($2::text[])
       UNION ALL
       SELECT 'staff-' || s.id, u.path FROM staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE s.id = ANY ($3::text[])
       UNION ALL
       SELECT 'unit-' || u.id, u.path FROM units_v1 u WHERE u.id = ANY ($4::text[])
       UNION ALL
       SELECT 'case-' || k.id, u.path FROM disciplinary_cases_v1 k JOIN staff_v1 s ON s.id = k.subject_id JOIN units_v1 u ON u.id = s.unit_id WHERE k.id = ANY ($5::text[])
       UNION ALL
       SELECT 'commendation-' || c.id, u.path FROM commendations_v1 c
         JOIN units_v1 u ON u.id = CASE WHEN c.recipient_kind = 'person' THEN (SELECT s.unit_id FROM staff_v1 s WHERE s.id = c.recipient_id) ELSE c.recipient_id END
        WHERE c.id = ANY ($6::text[])
       UNION ALL
       SELECT 'cycle-' || y.id, u.path FROM evaluation_cycles_v1 y JOIN units_v1 u ON u.id = y.scope_unit_id WHERE y.id = ANY ($7::text[])
       UNION ALL
       SELECT 'inspection-' || i.id, u.path FROM inspections_v1 i, unnest(i.scope_unit_ids) AS sc(unit_id) JOIN units_v1 u ON u.id = sc.unit_id WHERE i.id = ANY ($8::text[])
       UNION ALL
       SELECT 'dossier-' || o.id, u.path FROM dossiers_v1 o JOIN units_v1 u ON u.id = o.centre_unit_id WHERE o.id = ANY ($9::text[])`,
      [ids('assignment-'), ids('consultation-'), ids('staff-'), ids('unit-'), ids('case-'), ids('commendation-'), ids('cycle-'), ids('inspection-'), ids('dossier-')],
    );
    const lines = new Map<string, string[][]>();
    for (const r of rows) lines.set(r.stream, [...(lines.get(r.stream) ?? []), r.path.split('/').filter(Boolean).reverse()]);
    // An inspection stream gives one line per scope unit (the decider wants every one in scope); a stream the record cannot place gives none (refused).
    return refs.flatMap((ref) => (lines.get(ref.streamId) ?? []).map((unitLine) => ({ ref, unitLine })));
  }

  /**
   * The assignment's unit line (empty when unknown) and whether the failure is charged to
   * the person: a step of the trail on which they held the work and let a due date pass
   * (delay), or their completion finally reviewed below (quality). Read from the work read
   * models, which commands wait for (the indicators are eventual).
   */
  async failureOnRecord(assignmentId: string, staffId: string, failure: 'delay' | 'quality'): Promise<{ unitLine: string[]; onRecord: boolean }> {
    const { rows } = await this.db.query<{ path: string | null; on_record: boolean }>(
      `SELECT u.path,
              CASE WHEN $3 = 'delay'
                   THEN EXISTS (SELECT 1 FROM responsibility_trail_v1 t WHERE t.assignment_id = b.id AND t.holder = $2 AND t.deadlines_missed > 0)
                   ELSE b.quality = 'below' AND b.holder = $2 END AS on_record
         FROM assignment_board_v1 b LEFT JOIN units_v1 u ON u.id = b.unit_id
        WHERE b.id = $1`,
      [assignmentId, staffId, failure],
    );
    const r = rows[0];
    return { unitLine: r?.path ? r.path.split('/').filter(Boolean).reverse() : [], onRecord: r?.on_record === true };
  }

  /** Delays excused by an objective-cause finding in a unit subtree's year, by person (the staff's current unit). */
  async excusedDelaysInUnit(unitId: string, year: number): Promise<Array<{ staffId: string; assignmentId: string; dueAt: string; finding: string }>> {
    const [pattern] = subtreePatterns([unitId]);
    const { rows } = await this.db.query<{ staffId: string; assignmentId: string; dueAt: string; finding: string }>(
      `SELECT d->>'staffId' AS "staffId", i.assignment_id AS "assignmentId", d->>'dueAt' AS "dueAt", d->>'excusedBy' AS finding
         FROM inspection_findings_v1 f JOIN indicator_assignments_v1 i ON i.assignment_id = f.assignment_id, jsonb_array_elements(i.delays) d
        WHERE f.kind = 'objective_cause' AND f.failure = 'delay' AND d->>'excusedBy' = 'inspection-' || f.inspection_id || '/' || f.finding_id
          AND extract(year FROM ((d->>'dueAt')::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')) = $2
          AND d->>'staffId' IN (SELECT s.staff_id FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE u.path LIKE $1)
        ORDER BY 3, 2`,
      [pattern, year],
    );
    return rows;
  }

  /**
   * Presence checks of a year (Vietnam time) about a person, or about the people of a unit
   * subtree (their current unit): one row per person checked per visit, from the checks the
   * inspections recorded (odd recorded data is skipped, never fatal).
   */
  async presenceChecks(who: { staffId: string } | { unitId: string }, year: number): Promise<PresenceCheckRow[]> {
    const p = new Params(year);
    const whom = 'staffId' in who
      ? `c->>'staffId' = ${p.add(who.staffId)}`
      : `c->>'staffId' IN (SELECT s.id FROM staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE u.path LIKE ${p.add(subtreePatterns([who.unitId])[0])})`;
    const { rows } = await this.db.query<PresenceCheckRow>(
      `SELECT ${PRESENCE_COLUMNS.map(([key, sql]) => `${sql} AS "${key}"`).join(', ')} ${presenceChecksFrom(whom, '$1')} ORDER BY ${PRESENCE_CHECKED_AT}, 1`,
      p.values,
    );
    return rows;
  }

  /** Findings of concluded inspections about a unit subtree (its people, its work, the unit itself) in a year. */
  async findingsInUnit(unitId: string, year: number): Promise<FindingRow[]> {
    const [pattern] = subtreePatterns([unitId]);
    const { rows } = await this.db.query<FindingRow>(
      `SELECT ${FINDING_COLUMNS} FROM inspection_findings_v1 f
        WHERE f.year = $2 AND (
          f.unit_id IN (SELECT id FROM units_v1 WHERE path LIKE $1)
          OR f.staff_id IN (SELECT s.id FROM staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE u.path LIKE $1))
        ORDER BY f.seq`,
      [pattern, year],
    );
    return rows;
  }
}

/**
 * The person's delays in a period that an objective-cause finding excused (they are out of
 * `late`): the work, the missed due date and the finding. `staff`, `year` and `month` are
 * placeholders (`month` NULL: the whole year); shared by `excusedDelaysOf` and the staff
 * indicators read (IndicatorQueries.staffPeriod), which embeds it.
 */
export function excusedDelaysSql(staff: string, year: string, month: string): string {
  const at = `((d->>'dueAt')::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')`;
  return `SELECT i.assignment_id AS "assignmentId", d->>'dueAt' AS "dueAt", d->>'excusedBy' AS finding
         FROM inspection_findings_v1 f JOIN indicator_assignments_v1 i ON i.assignment_id = f.assignment_id, jsonb_array_elements(i.delays) d
        WHERE f.staff_id = ${staff} AND f.kind = 'objective_cause' AND f.failure = 'delay' AND d->>'staffId' = ${staff}
          AND d->>'excusedBy' = 'inspection-' || f.inspection_id || '/' || f.finding_id AND i.status <> 'cancelled' AND extract(year FROM ${at}) = ${year}
          AND (${month}::int IS NULL OR extract(month FROM ${at}) = ${month})`;
}

/** The instant of a presence check (alias `p`), NULL when the recorded value is not one. */
export const PRESENCE_CHECKED_AT = `(CASE WHEN p->>'checkedAt' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' THEN (p->>'checkedAt')::timestamptz END)`;

/** The columns of a presence check row (PresenceCheckRow) as read from inspections_v1 (aliases `i`, `p`, `c`). */
export const PRESENCE_COLUMNS: ReadonlyArray<readonly [keyof PresenceCheckRow, string]> = [
  ['staffId', `c->>'staffId'`],
  ['inspectionId', 'i.id'],
  ['visitId', `p->>'visitId'`],
  ['status', `c->>'status'`],
  ['note', `c->>'note'`],
  ['checkedAt', `p->>'checkedAt'`],
  ['checkedBy', `p->>'checkedBy'`],
  ['streamId', `p->>'streamId'`],
  ['revision', `CASE WHEN p->>'revision' ~ '^[0-9]+$' THEN (p->>'revision')::int END`],
];

/**
 * Presence checks of a year (Vietnam time, `year` a placeholder) of the people `whom`
 * selects (a condition on `c->>'staffId'`): one row per person checked per visit, from the
 * checks the inspections recorded (odd recorded data is skipped, never fatal).
 */
export function presenceChecksFrom(whom: string, year: string): string {
  return `FROM inspections_v1 i,
              jsonb_array_elements(CASE WHEN jsonb_typeof(i.presence) = 'array' THEN i.presence ELSE '[]'::jsonb END) p,
              jsonb_array_elements(CASE WHEN jsonb_typeof(p->'checks') = 'array' THEN p->'checks' ELSE '[]'::jsonb END) c
        WHERE jsonb_typeof(c) = 'object' AND ${whom} AND extract(year FROM ${PRESENCE_CHECKED_AT} AT TIME ZONE 'Asia/Ho_Chi_Minh') = ${year}`;
}

/** One person at one visit: what the inspection saw (present, absent with or without leave, late, left early). */
export interface PresenceCheckRow {
  readonly staffId: string;
  readonly inspectionId: string;
  readonly visitId: string | null;
  readonly status: string | null;
  readonly note: string | null;
  readonly checkedAt: string | null;
  readonly checkedBy: string | null;
  /** The PresenceChecked event (evidence a finding can cite). */
  readonly streamId: string | null;
  readonly revision: number | null;
}

/** Levels of the people of a unit subtree in the cycles of a year (final, else decided, else proposed). */
export interface UnitLevels {
  readonly classified: number;
  readonly notCompleted: number;
  readonly notCompletedStaff: string[];
}

/** Reads for the head's accountability view (issue 15 item 4), beside InspectionProjection. */
export class HeadViewQueries {
  constructor(private readonly db: Sql) {}

  /** Leadership posts (head, deputy) of a person overlapping the year, from the personnel read model. */
  async posts(staffId: string, year: number): Promise<Array<{ role: string; unitId: string; from: string; to: string | null }>> {
    const { rows } = await this.db.query<{ posts: Array<{ role: string; unitId: string; from: string; to: string | null }> }>(
      'SELECT posts FROM indicator_staff_v1 WHERE staff_id = $1',
      [staffId],
    );
    const start = `${year}-01-01`;
    const end = `${year}-12-31`;
    return (rows[0]?.posts ?? []).filter((p) => typeof p.from === 'string' && p.from <= end && (p.to === null || p.to >= start));
  }

  async unitLevels(unitId: string, year: number, exceptStaffId: string): Promise<UnitLevels> {
    const [pattern] = subtreePatterns([unitId]);
    const { rows } = await this.db.query<{ staff_id: string; level: string }>(
      `SELECT DISTINCT ON (r.staff_id) r.staff_id, COALESCE(r.final_level, r.decided_level, r.proposed_level) AS level
         FROM evaluation_results_v1 r JOIN evaluation_cycles_v1 c ON c.id = r.cycle_id
        WHERE c.year = $2 AND r.staff_id <> $3 AND COALESCE(r.final_level, r.decided_level, r.proposed_level) IS NOT NULL
          AND r.unit_id IN (SELECT id FROM units_v1 WHERE path LIKE $1)
        ORDER BY r.staff_id, r.proposed_at DESC NULLS LAST`,
      [pattern, year, exceptStaffId],
    );
    const not = rows.filter((r) => r.level === 'not_completed').map((r) => r.staff_id);
    return { classified: rows.length, notCompleted: not.length, notCompletedStaff: not };
  }

  /** The person's own classification trace of the year (the latest proposal), with its cycle. */
  async ownTrace(staffId: string, year: number): Promise<{ cycleId: string; level: string | null; trace: Array<Record<string, unknown>> } | undefined> {
    const { rows } = await this.db.query<{ cycle_id: string; level: string | null; trace: Array<Record<string, unknown>> | null }>(
      `SELECT r.cycle_id, COALESCE(r.final_level, r.decided_level, r.proposed_level) AS level, r.trace
         FROM evaluation_results_v1 r JOIN evaluation_cycles_v1 c ON c.id = r.cycle_id
        WHERE c.year = $2 AND r.staff_id = $1 AND r.trace IS NOT NULL ORDER BY r.proposed_at DESC NULLS LAST LIMIT 1`,
      [staffId, year],
    );
    const r = rows[0];
    return r ? { cycleId: r.cycle_id, level: r.level, trace: r.trace ?? [] } : undefined;
  }
}

/** A personnel action as readers see it. */
export interface PersonnelActionRow {
  readonly id: string;
  readonly staffId: string;
  readonly unitId: string;
  readonly kind: string;
  readonly status: string;
  readonly state: Exclude<PersonnelActionState, { status: 'none' }>;
  readonly decision: Record<string, unknown> | null;
  readonly outcome: Record<string, unknown> | null;
  readonly version: number;
}

const ACTION_COLUMNS = `id, staff_id AS "staffId", unit_id AS "unitId", kind, status, state, decision, outcome, version`;

/** Reads of personnel_actions_v1, beside InspectionProjection. */
export class PersonnelActionQueries {
  constructor(private readonly db: Sql) {}

  async findById(id: string): Promise<PersonnelActionRow | undefined> {
    return (await this.db.query<PersonnelActionRow>(`SELECT ${ACTION_COLUMNS} FROM personnel_actions_v1 WHERE id = $1`, [id])).rows[0];
  }

  async list(filter: { staffId?: string; unitId?: string; kind?: string; status?: string }, scope: UnitScope, limit: number): Promise<PersonnelActionRow[]> {
    const p = new Params(limit);
    const where = [unitScopeSql('unit_id', scope, p)];
    if (filter.staffId) where.push(`staff_id = ${p.add(filter.staffId)}`);
    if (filter.unitId) where.push(`unit_id IN (SELECT id FROM units_v1 WHERE path LIKE ${p.add(subtreePatterns([filter.unitId])[0])})`);
    if (filter.kind) where.push(`kind = ${p.add(filter.kind)}`);
    if (filter.status) where.push(`status = ${p.add(filter.status)}`);
    return (await this.db.query<PersonnelActionRow>(`SELECT ${ACTION_COLUMNS} FROM personnel_actions_v1 WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $1`, p.values)).rows;
  }

  /** Final (else decided, else proposed) levels of a person by year, over every cycle. */
  async levelsByYear(staffId: string): Promise<Record<string, string>> {
    const { rows } = await this.db.query<{ year: number; level: string }>(
      `SELECT c.year, COALESCE(r.final_level, r.decided_level, r.proposed_level) AS level
         FROM evaluation_results_v1 r JOIN evaluation_cycles_v1 c ON c.id = r.cycle_id
        WHERE r.staff_id = $1 AND COALESCE(r.final_level, r.decided_level, r.proposed_level) IS NOT NULL ORDER BY c.year`,
      [staffId],
    );
    return Object.fromEntries(rows.map((r) => [String(r.year), r.level]));
  }
}

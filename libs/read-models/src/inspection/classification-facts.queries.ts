import { subtreePatterns, type Sql } from '../shared/sql.js';

/** Findings about one person-month, as classification counts and the findings behind them. */
export interface ExcusedCount {
  readonly staffId: string;
  readonly month: number;
  readonly count: number;
  /** `inspection-<id>/<findingId>` of each finding. */
  readonly findings: string[];
}

/** The facts of a classification year that come from recorded findings and earlier cycles (issue 15 item 3). */
export interface ClassificationFacts {
  /** Delays excused by an objective-cause finding (the indicators already leave them out of `late`). */
  readonly excusedDelays: ExcusedCount[];
  /** Failed reviews (final review below) excused by an objective-cause finding. */
  readonly excusedBelow: ExcusedCount[];
  /** Person -> degradation findings concluded in the year. */
  readonly degradation: Map<string, string[]>;
  /** Leader in direct charge -> findings of corruption or waste handled in their unit in the year. */
  readonly unitCorruptionOrWaste: Map<string, string[]>;
  /** Person -> violation id (as the classification names it) -> the earlier cycle whose proposal already counted it. */
  readonly countedEarlier: Map<string, Map<string, string>>;
}

/**
 * Reads what the classification of a cycle takes from inspection findings and from
 * earlier cycles, for everyone of a unit subtree, in five statements. A finding counts
 * while it is in force or contested (a contest does not suspend it until the inspection
 * revises it: interpretation); a withdrawn finding counts for nothing.
 */
export class ClassificationFactQueries {
  constructor(private readonly db: Sql) {}

  async forCycle(query: { readonly year: number; readonly scopeUnitId: string }): Promise<ClassificationFacts> {
    const [pattern] = subtreePatterns([query.scopeUnitId]);
    const members = `SELECT s.staff_id FROM indicator_staff_v1 s JOIN units_v1 u ON u.id = s.unit_id WHERE u.path LIKE $1`;
    const month = (col: string) => `extract(month FROM (${col} AT TIME ZONE 'Asia/Ho_Chi_Minh'))::int`;
    const year = (col: string) => `extract(year FROM (${col} AT TIME ZONE 'Asia/Ho_Chi_Minh'))::int`;
    const [delays, below, degradation, corruption, counted] = await Promise.all([
      // From the findings (a small table) to the few assignments they name, never a scan of every assignment's delays.
      this.db.query<ExcusedCount>(
        `SELECT d->>'staffId' AS "staffId", ${month("(d->>'dueAt')::timestamptz")} AS month, count(*)::int AS count,
                array_agg(d->>'excusedBy' ORDER BY d->>'excusedBy') AS findings
           FROM inspection_findings_v1 f JOIN indicator_assignments_v1 i ON i.assignment_id = f.assignment_id, jsonb_array_elements(i.delays) d
          WHERE f.kind = 'objective_cause' AND f.failure = 'delay' AND f.status <> 'withdrawn'
            AND d->>'excusedBy' = 'inspection-' || f.inspection_id || '/' || f.finding_id
            AND i.status <> 'cancelled' AND ${year("(d->>'dueAt')::timestamptz")} = $2 AND d->>'staffId' IN (${members})
          GROUP BY 1, 2`,
        [pattern, query.year],
      ),
      this.db.query<ExcusedCount>(
        `SELECT i.holder AS "staffId", ${month('i.due_at')} AS month, count(DISTINCT i.assignment_id)::int AS count,
                array_agg('inspection-' || f.inspection_id || '/' || f.finding_id ORDER BY f.inspection_id, f.finding_id) AS findings
           FROM inspection_findings_v1 f JOIN indicator_assignments_v1 i ON i.assignment_id = f.assignment_id AND i.holder = f.staff_id
          WHERE f.kind = 'objective_cause' AND f.failure = 'quality' AND f.status <> 'withdrawn' AND i.status = 'completed' AND i.quality = 'below'
            AND ${year('i.due_at')} = $2 AND i.holder IN (${members})
          GROUP BY 1, 2`,
        [pattern, query.year],
      ),
      this.db.query<{ staff_id: string; findings: string[] }>(
        `SELECT staff_id, array_agg('inspection-' || inspection_id || '/' || finding_id ORDER BY seq) AS findings FROM inspection_findings_v1
          WHERE kind = 'degradation_concluded' AND status <> 'withdrawn' AND year = $2 AND staff_id IN (${members}) GROUP BY staff_id`,
        [pattern, query.year],
      ),
      this.db.query<{ leader: string; findings: string[] }>(
        `SELECT l AS leader, array_agg('inspection-' || f.inspection_id || '/' || f.finding_id ORDER BY f.seq) AS findings
           FROM inspection_findings_v1 f, unnest(f.leaders) l
          WHERE f.kind = 'corruption_or_waste_handled' AND f.status <> 'withdrawn' AND f.year = $2 AND l IN (${members}) GROUP BY l`,
        [pattern, query.year],
      ),
      // The record of which cycle already used a discipline: the discipline override applied in an earlier year's proposal.
      this.db.query<{ staff_id: string; cycle_id: string; counted: string }>(
        `SELECT r.staff_id, r.cycle_id, t->'inputs'->>'countedViolations' AS counted
           FROM evaluation_results_v1 r JOIN evaluation_cycles_v1 c ON c.id = r.cycle_id, jsonb_array_elements(COALESCE(r.trace, '[]'::jsonb)) t
          WHERE c.year < $2 AND t->>'rule' LIKE '%override/discipline' AND t->>'outcome' = 'applied' AND t->'inputs'->>'countedViolations' IS NOT NULL
            AND r.staff_id IN (${members})`,
        [pattern, query.year],
      ),
    ]);
    const countedEarlier = new Map<string, Map<string, string>>();
    for (const r of counted.rows) {
      let m = countedEarlier.get(r.staff_id);
      if (!m) countedEarlier.set(r.staff_id, (m = new Map()));
      for (const v of r.counted.split(',')) if (v && !m.has(v)) m.set(v, r.cycle_id);
    }
    return {
      excusedDelays: delays.rows,
      excusedBelow: below.rows,
      degradation: new Map(degradation.rows.map((r) => [r.staff_id, r.findings])),
      unitCorruptionOrWaste: new Map(corruption.rows.map((r) => [r.leader, r.findings])),
      countedEarlier,
    };
  }
}

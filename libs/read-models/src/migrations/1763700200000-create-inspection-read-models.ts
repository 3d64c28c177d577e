import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inspections with their findings (issue 15): the folded inspection as JSON beside
 * the columns readers filter on, one row per finding (what the classification and the
 * head's view read), and the register of personnel actions.
 */
export class CreateInspectionReadModels1763700200000 implements MigrationInterface {
  name = 'CreateInspectionReadModels1763700200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inspections_v1 (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        scope_unit_ids text[] NOT NULL,
        team text[] NOT NULL,
        started_at timestamptz,
        concluded_on date,
        state jsonb NOT NULL,
        presence jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL
      )`);
    await q.query('CREATE INDEX inspections_v1_scope ON inspections_v1 USING gin (scope_unit_ids)');
    await q.query(`
      CREATE TABLE inspection_findings_v1 (
        inspection_id text NOT NULL,
        finding_id text NOT NULL,
        seq bigint NOT NULL,
        kind text NOT NULL,
        staff_id text,
        unit_id text,
        assignment_id text,
        failure text,
        leaders text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        concluded_on date,
        year integer,
        recorded_revision integer NOT NULL,
        facts jsonb NOT NULL,
        history jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (inspection_id, finding_id)
      )`);
    await q.query('CREATE INDEX inspection_findings_v1_staff ON inspection_findings_v1 (staff_id, year)');
    await q.query('CREATE INDEX inspection_findings_v1_leaders ON inspection_findings_v1 USING gin (leaders)');
    await q.query(`
      CREATE TABLE personnel_actions_v1 (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        staff_id text NOT NULL,
        unit_id text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        state jsonb NOT NULL,
        decision jsonb,
        outcome jsonb,
        version integer NOT NULL
      )`);
    await q.query('CREATE INDEX personnel_actions_v1_staff ON personnel_actions_v1 (staff_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS personnel_actions_v1');
    await q.query('DROP TABLE IF EXISTS inspection_findings_v1');
    await q.query('DROP TABLE IF EXISTS inspections_v1');
  }
}

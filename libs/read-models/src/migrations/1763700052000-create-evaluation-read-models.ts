import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEvaluationReadModels1763700052000 implements MigrationInterface {
  name = 'CreateEvaluationReadModels1763700052000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE evaluation_cycles_v1 (
        id text PRIMARY KEY,
        year integer NOT NULL,
        scope_unit_id text NOT NULL,
        policies jsonb NOT NULL,
        status text NOT NULL,
        opened_by text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        version integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE evaluation_results_v1 (
        cycle_id text NOT NULL,
        staff_id text NOT NULL,
        unit_id text,
        self_assessment text,
        self_level text,
        general_criteria_score numeric,
        assessor text,
        proposed_level text,
        score numeric,
        policy_id text,
        policy_version integer,
        indicators jsonb,
        trace jsonb,
        run_id text,
        proposed_at timestamptz,
        proposal_stream text,
        proposal_revision bigint,
        decided_level text,
        decision_no text,
        decided_by text,
        basis text,
        appeal_status text,
        appeal_grounds text,
        revised_level text,
        revision_decision_no text,
        final_level text,
        version integer NOT NULL,
        PRIMARY KEY (cycle_id, staff_id)
      )`);
    await q.query('CREATE INDEX evaluation_results_v1_unit ON evaluation_results_v1 (cycle_id, unit_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS evaluation_results_v1');
    await q.query('DROP TABLE IF EXISTS evaluation_cycles_v1');
  }
}

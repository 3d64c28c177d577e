import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dossiers of administrative procedures (issue 19): the read model `dossiers_v1` and
 * the applicant's personal data held apart from the events (`dossier_applicant_data`,
 * erasable, not rebuilt from events).
 */
export class CreateDossierReadModels1763700400000 implements MigrationInterface {
  name = 'CreateDossierReadModels1763700400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dossiers_v1 (
        id text PRIMARY KEY,
        receipt_code text,
        procedure_code text,
        centre_unit_id text,
        status text NOT NULL,
        current_stage text,
        current_unit_id text,
        holder text,
        received_at timestamptz,
        stage_due_at timestamptz,
        statutory_due_at timestamptz,
        appointment_at timestamptz,
        ready_at timestamptz,
        closed_at timestamptz,
        outcome text,
        units text[] NOT NULL DEFAULT '{}',
        involved text[] NOT NULL DEFAULT '{}',
        view jsonb NOT NULL,
        version integer NOT NULL
      )`);
    // Not unique: the route refuses a code in use, but a recorded event never stops the projection.
    await q.query('CREATE INDEX dossiers_v1_receipt ON dossiers_v1 (receipt_code)');
    await q.query(`CREATE INDEX dossiers_v1_open ON dossiers_v1 (centre_unit_id, stage_due_at) WHERE status IN ('in_progress', 'awaiting_supplement', 'result_ready')`);
    await q.query('CREATE INDEX dossiers_v1_received ON dossiers_v1 (received_at)');
    await q.query(`
      CREATE TABLE dossier_applicant_data (
        applicant_ref text NOT NULL,
        kind text NOT NULL,
        key text NOT NULL,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (applicant_ref, kind, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS dossier_applicant_data');
    await q.query('DROP TABLE IF EXISTS dossiers_v1');
  }
}

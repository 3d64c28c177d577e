import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The applicant reference of each dossier (the opaque one the DossierReceived event
 * carries, nothing personal), so an erasure can be limited to the caller whose scope
 * covers the centres that received the applicant's dossiers, and an unknown reference
 * is refused. Rows already projected are filled from their DossierReceived event.
 */
export class DossierApplicantRef1763700420000 implements MigrationInterface {
  name = 'DossierApplicantRef1763700420000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dossiers_v1 ADD COLUMN applicant_ref text');
    await q.query(`
      UPDATE dossiers_v1 d SET applicant_ref = e.data->>'applicantRef'
        FROM events e WHERE e.stream_id = 'dossier-' || d.id AND e.type = 'DossierReceived'`);
    await q.query('CREATE INDEX dossiers_v1_applicant ON dossiers_v1 (applicant_ref)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS dossiers_v1_applicant');
    await q.query('ALTER TABLE dossiers_v1 DROP COLUMN IF EXISTS applicant_ref');
  }
}

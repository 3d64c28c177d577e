import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recorded ConsultationRequested whose due date or request time is unusable (odd data
 * written behind the API) no longer parks the consultation in the quarantine of the
 * register: the column is null (no date in force, never overdue); the register's view is
 * the folded state (jsonb), which keeps the value as recorded.
 */
export class ConsultationRegisterDatesNullable1763700420200 implements MigrationInterface {
  name = 'ConsultationRegisterDatesNullable1763700420200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE consultation_register_v1 ALTER COLUMN due_at DROP NOT NULL');
    await q.query('ALTER TABLE consultation_register_v1 ALTER COLUMN requested_at DROP NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM consultation_register_v1 WHERE due_at IS NULL OR requested_at IS NULL');
    await q.query('ALTER TABLE consultation_register_v1 ALTER COLUMN due_at SET NOT NULL');
    await q.query('ALTER TABLE consultation_register_v1 ALTER COLUMN requested_at SET NOT NULL');
  }
}

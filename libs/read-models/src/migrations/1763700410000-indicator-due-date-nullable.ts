import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recorded event whose due date is unusable (odd data written behind the API) no
 * longer stops or drops an item of the indicators: its track keeps no date in force
 * (`due_at` null), so the item still counts and nobody is charged for a date that
 * cannot be read (indicators.model.ts, `usableInstant`).
 */
export class IndicatorDueDateNullable1763700410000 implements MigrationInterface {
  name = 'IndicatorDueDateNullable1763700410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE indicator_assignments_v1 ALTER COLUMN due_at DROP NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM indicator_assignments_v1 WHERE due_at IS NULL');
    await q.query('ALTER TABLE indicator_assignments_v1 ALTER COLUMN due_at SET NOT NULL');
  }
}

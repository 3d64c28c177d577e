import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Missed deadlines charged to whoever held the work when the date passed (issue 13):
 * the indicators keep every missed date with its holder (`delays`) and who let the date
 * in force pass (`missed_by`), the trail marks the step whose holder let a date pass,
 * and the indicators learn the unit tree (manager routing is not an avoidance signal).
 *
 * Both read models are derived: the rows written under the old rule are emptied and
 * their checkpoints removed, so the projector rebuilds them from the events on start.
 */
export class AttributeMissedDeadlines1763700061000 implements MigrationInterface {
  name = 'AttributeMissedDeadlines1763700061000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE indicator_assignments_v1 DROP COLUMN delayed,
      ADD COLUMN delays jsonb NOT NULL DEFAULT '[]', ADD COLUMN missed_by text`);
    await q.query(`CREATE INDEX indicator_assignments_v1_past_due ON indicator_assignments_v1 ((COALESCE(missed_by, holder)), due_at) WHERE status = 'open'`);
    await q.query('CREATE TABLE indicator_units_v1 (unit_id text PRIMARY KEY, parent_unit_id text)');
    await q.query(`ALTER TABLE responsibility_trail_v1 ADD COLUMN due_at timestamptz, ADD COLUMN due_missed_by text,
      ADD COLUMN deadlines_missed integer NOT NULL DEFAULT 0, ADD COLUMN missed_due_at timestamptz`);
    for (const t of [
      'staff_indicators_v1', 'avoidance_signals_v1', 'indicator_assignments_v1', 'indicator_consultations_v1', 'indicator_staff_v1',
      'indicator_discipline_v1', 'indicator_commendations_v1', 'responsibility_trail_v1',
    ]) {
      await q.query(`TRUNCATE TABLE ${t}`);
    }
    await q.query(`DELETE FROM projection_checkpoints WHERE name IN ('staff_indicators_v1', 'responsibility_trail_v1')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE responsibility_trail_v1 DROP COLUMN due_at, DROP COLUMN due_missed_by, DROP COLUMN deadlines_missed, DROP COLUMN missed_due_at`);
    await q.query('DROP TABLE IF EXISTS indicator_units_v1');
    await q.query('DROP INDEX IF EXISTS indicator_assignments_v1_past_due');
    await q.query(`ALTER TABLE indicator_assignments_v1 DROP COLUMN delays, DROP COLUMN missed_by, ADD COLUMN delayed boolean NOT NULL DEFAULT false`);
    await q.query(`DELETE FROM projection_checkpoints WHERE name IN ('staff_indicators_v1', 'responsibility_trail_v1')`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: job positions with their appointments, product catalogues (versions as
 * JSON, read whole), the work record per assignment with its product (what a score
 * sheet is computed from), and the period score sheets (KPI views read them).
 */
export class CreatePositionsReadModels1763700300000 implements MigrationInterface {
  name = 'CreatePositionsReadModels1763700300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE positions_v1 (
        position_id text PRIMARY KEY,
        unit_id text NOT NULL,
        code text NOT NULL,
        title text NOT NULL,
        category text NOT NULL,
        task_group text NOT NULL,
        competencies jsonb NOT NULL,
        effective_from text NOT NULL,
        effective_to text,
        version int NOT NULL
      )`);
    await q.query('CREATE INDEX positions_v1_unit ON positions_v1 (unit_id)');
    await q.query(`
      CREATE TABLE position_appointments_v1 (
        position_id text NOT NULL,
        staff_id text NOT NULL,
        main boolean NOT NULL,
        from_date text NOT NULL,
        to_date text,
        PRIMARY KEY (position_id, staff_id, from_date)
      )`);
    await q.query('CREATE INDEX position_appointments_v1_staff ON position_appointments_v1 (staff_id, main)');
    await q.query(`
      CREATE TABLE catalogues_v1 (
        catalogue_id text PRIMARY KEY,
        owner_kind text NOT NULL,
        owner_id text NOT NULL,
        unit_id text NOT NULL,
        versions jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE work_products_v1 (
        assignment_id text PRIMARY KEY,
        holder_id text NOT NULL,
        unit_id text,
        title text NOT NULL,
        due_at timestamptz,
        status text NOT NULL,
        completed_at timestamptz,
        late boolean NOT NULL DEFAULT false,
        quality text,
        below_reviews int NOT NULL DEFAULT 0,
        position_id text,
        product_code text,
        product_name text,
        unit_of_measure text,
        quantity numeric,
        coefficient numeric,
        catalogue_id text,
        catalogue_version int,
        ad_hoc_reason text
      )`);
    await q.query('CREATE INDEX work_products_v1_holder_due ON work_products_v1 (holder_id, due_at)');
    await q.query(`
      CREATE TABLE score_sheets_v1 (
        staff_id text NOT NULL,
        period text NOT NULL,
        unit_id text NOT NULL,
        position_id text,
        task_group text NOT NULL,
        status text NOT NULL,
        planned_units numeric NOT NULL,
        delivered_units numeric NOT NULL,
        on_time_units numeric NOT NULL,
        meeting_quality_units numeric NOT NULL,
        computed_points numeric,
        task_points numeric,
        adjustment_points numeric NOT NULL DEFAULT 0,
        quality_deductions int NOT NULL DEFAULT 0,
        progress_deductions int NOT NULL DEFAULT 0,
        products jsonb NOT NULL,
        self_assessed boolean NOT NULL DEFAULT false,
        self_points numeric,
        self_comment text,
        contest_pending boolean NOT NULL DEFAULT false,
        contest_until timestamptz,
        revisions int NOT NULL DEFAULT 0,
        adjustments jsonb NOT NULL DEFAULT '[]',
        lines jsonb NOT NULL DEFAULT '[]',
        version int NOT NULL,
        PRIMARY KEY (staff_id, period)
      )`);
    await q.query('CREATE INDEX score_sheets_v1_unit_period ON score_sheets_v1 (unit_id, period)');
    await q.query('CREATE INDEX score_sheets_v1_period ON score_sheets_v1 (period)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE score_sheets_v1, work_products_v1, catalogues_v1, position_appointments_v1, positions_v1');
  }
}

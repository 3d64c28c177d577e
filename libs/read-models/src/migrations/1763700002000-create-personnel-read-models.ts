import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePersonnelReadModels1763700002000 implements MigrationInterface {
  name = 'CreatePersonnelReadModels1763700002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units_v1 (
        id text PRIMARY KEY,
        name text NOT NULL,
        parent_unit_id text,
        path text NOT NULL,
        status text NOT NULL,
        merged_into text,
        established_on date NOT NULL,
        version integer NOT NULL
      )`);
    await q.query('CREATE INDEX units_v1_path ON units_v1 (path text_pattern_ops)');
    await q.query(`
      CREATE TABLE staff_v1 (
        id text PRIMARY KEY,
        personnel_code text NOT NULL,
        full_name text NOT NULL,
        category text NOT NULL,
        unit_id text NOT NULL,
        job_position text NOT NULL,
        joined_on date NOT NULL,
        status text NOT NULL,
        left_on date,
        leadership jsonb NOT NULL DEFAULT '[]',
        leaves jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL
      )`);
    await q.query('CREATE INDEX staff_v1_unit ON staff_v1 (unit_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS staff_v1');
    await q.query('DROP TABLE IF EXISTS units_v1');
  }
}

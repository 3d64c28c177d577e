import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of consultations, recognition (commendations, innovation proposals),
 * disciplinary cases and the subject index the case file is built from.
 */
export class CreateConsultationRecognitionDisciplineReadModels1763700041000 implements MigrationInterface {
  name = 'CreateConsultationRecognitionDisciplineReadModels1763700041000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consultation_register_v1 (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        requested_by text NOT NULL,
        requester_unit_id text NOT NULL,
        consulted_unit_id text,
        consulted_person_id text,
        question text NOT NULL,
        within_requester_authority boolean NOT NULL,
        related_assignment_id text,
        due_at timestamptz NOT NULL,
        requested_at timestamptz NOT NULL,
        status text NOT NULL,
        position text,
        answer text,
        answered_by text,
        answered_at timestamptz,
        late boolean NOT NULL DEFAULT false,
        raised_flags text[] NOT NULL DEFAULT '{}',
        flags text[] NOT NULL DEFAULT '{}',
        state jsonb NOT NULL,
        version integer NOT NULL
      )`);
    await q.query('CREATE UNIQUE INDEX consultation_register_v1_seq ON consultation_register_v1 (seq)');
    await q.query('CREATE INDEX consultation_register_v1_requester ON consultation_register_v1 (requested_by)');
    await q.query('CREATE INDEX consultation_register_v1_units ON consultation_register_v1 (requester_unit_id, consulted_unit_id)');
    await q.query('CREATE INDEX consultation_register_v1_flags ON consultation_register_v1 USING gin (flags)');

    await q.query(`
      CREATE TABLE commendations_v1 (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        recipient_kind text NOT NULL,
        recipient_id text NOT NULL,
        form text NOT NULL,
        level text NOT NULL,
        decision_no text NOT NULL,
        decided_by text NOT NULL,
        reason text NOT NULL,
        period_from date,
        period_to date,
        granted_at timestamptz NOT NULL,
        status text NOT NULL,
        revocation jsonb,
        version integer NOT NULL
      )`);
    await q.query('CREATE UNIQUE INDEX commendations_v1_seq ON commendations_v1 (seq)');
    await q.query('CREATE INDEX commendations_v1_recipient ON commendations_v1 (recipient_kind, recipient_id)');

    await q.query(`
      CREATE TABLE innovation_proposals_v1 (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        proposer_id text NOT NULL,
        unit_id text NOT NULL,
        title text NOT NULL,
        plan text NOT NULL,
        scope text NOT NULL,
        related_assignment_ids text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        approval jsonb,
        rejection jsonb,
        evaluation jsonb,
        registered_at timestamptz NOT NULL,
        version integer NOT NULL
      )`);
    await q.query('CREATE UNIQUE INDEX innovation_proposals_v1_seq ON innovation_proposals_v1 (seq)');
    await q.query('CREATE INDEX innovation_proposals_v1_unit ON innovation_proposals_v1 (unit_id)');
    await q.query('CREATE INDEX innovation_proposals_v1_assignments ON innovation_proposals_v1 USING gin (related_assignment_ids)');

    await q.query(`
      CREATE TABLE disciplinary_cases_v1 (
        id text PRIMARY KEY,
        seq bigint NOT NULL,
        subject_id text NOT NULL,
        subject_category text NOT NULL,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        processing_deadline date NOT NULL,
        council_members text[] NOT NULL DEFAULT '{}',
        evidence_streams text[] NOT NULL DEFAULT '{}',
        state jsonb NOT NULL,
        version integer NOT NULL
      )`);
    await q.query('CREATE UNIQUE INDEX disciplinary_cases_v1_seq ON disciplinary_cases_v1 (seq)');
    await q.query('CREATE INDEX disciplinary_cases_v1_subject ON disciplinary_cases_v1 (subject_id, status)');
    await q.query('CREATE INDEX disciplinary_cases_v1_council ON disciplinary_cases_v1 USING gin (council_members)');

    await q.query(`
      CREATE TABLE subject_streams_v1 (
        staff_id text NOT NULL,
        stream_id text NOT NULL,
        first_position bigint NOT NULL,
        last_position bigint NOT NULL,
        events integer NOT NULL,
        PRIMARY KEY (staff_id, stream_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['subject_streams_v1', 'disciplinary_cases_v1', 'innovation_proposals_v1', 'commendations_v1', 'consultation_register_v1']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

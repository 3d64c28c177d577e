import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `append_event`: the one-event case of `append_events` with scalar parameters.
 * Most commands append one event; passing it as jsonb/text instead of one-element
 * arrays spares the client the array-literal escaping of the JSON and the server
 * the array parsing (bench/README.md, "append").
 */
export class AppendEventSingle1763700000200 implements MigrationInterface {
  name = 'AppendEventSingle1763700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION append_event(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_id uuid, p_type text, p_version integer, p_data jsonb, p_metadata jsonb,
        p_canonical text, p_recorded_at timestamptz,
        OUT status text, OUT revision bigint, OUT last_position bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_actual bigint;
        v_prev text := '';
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
        v_stream text;
      BEGIN
        SELECT e.revision, e.hash INTO v_actual, v_prev
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;

        IF p_expected_kind IN ('any', 'exists')
           OR (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          SELECT e.stream_id, e.revision, e.position INTO v_stream, revision, last_position
            FROM events e WHERE e.id = p_id;
          IF FOUND THEN
            status := CASE WHEN v_stream = p_stream THEN 'replay' ELSE 'duplicate' END;
            IF status = 'duplicate' THEN
              revision := NULL;
              last_position := NULL;
            END IF;
            RETURN;
          END IF;
        END IF;

        IF (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'exists' AND v_actual IS NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          status := 'conflict';
          revision := v_actual;
          last_position := NULL;
          RETURN;
        END IF;

        -- The transaction id is taken before any position: see CreateEventStore1763700000000.
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        revision := coalesce(v_actual, -1) + 1;
        INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                            recorded_at, tx_id, prev_hash, hash)
        VALUES (v_pos, p_stream, revision, p_id, p_type, p_version, p_data, p_metadata,
                p_recorded_at, v_xid, v_prev, encode(sha256(convert_to(v_prev || p_canonical, 'UTF8')), 'hex'));
        status := 'ok';
        last_position := v_pos;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION IF EXISTS append_event');
  }
}

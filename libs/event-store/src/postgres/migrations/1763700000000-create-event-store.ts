import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events table, its immutability triggers, and `append_events`, the function
 * that makes the common append (one stream, known revision) a single round trip.
 *
 * Global position = (writing transaction id << 20) + index within the transaction.
 * Positions therefore sort by transaction id first, and a reader that stays below
 * `pg_snapshot_xmin(pg_current_snapshot()) << 20` only ever sees positions whose
 * transactions have all finished: a late commit can never land below a position
 * that a subscriber has already passed. Positions are unique and increasing but
 * not dense.
 */
export class CreateEventStore1763700000000 implements MigrationInterface {
  name = 'CreateEventStore1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        position       bigint      PRIMARY KEY,
        stream_id      text        NOT NULL,
        revision       bigint      NOT NULL CHECK (revision >= 0),
        id             uuid        NOT NULL,
        type           text        NOT NULL,
        schema_version integer     NOT NULL CHECK (schema_version >= 1),
        data           jsonb       NOT NULL,
        metadata       jsonb       NOT NULL,
        recorded_at    timestamptz NOT NULL,
        tx_id          xid8        NOT NULL,
        prev_hash      text        NOT NULL,
        hash           text        NOT NULL,
        CONSTRAINT events_id_unique UNIQUE (id),
        CONSTRAINT events_stream_revision_unique UNIQUE (stream_id, revision)
      )`);
    await q.query(`
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are immutable: % on events is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await q.query(`CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);
    await q.query(`
      CREATE FUNCTION append_events(
        p_stream text, p_expected_kind text, p_expected bigint,
        p_ids uuid[], p_types text[], p_versions integer[], p_data jsonb[], p_metadata jsonb[],
        p_canonical text[], p_recorded_at timestamptz)
      RETURNS TABLE (status text, revision bigint, last_position bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_n integer := cardinality(p_ids);
        v_found integer;
        v_in_stream integer;
        v_actual bigint;
        v_prev text := '';
        v_hash text;
        v_xid xid8;
        v_base bigint;
        v_pos bigint;
      BEGIN
        -- A retry of an append that already succeeded: same ids, same stream.
        SELECT count(*), count(*) FILTER (WHERE e.stream_id = p_stream), max(e.revision), max(e.position)
          INTO v_found, v_in_stream, v_actual, v_pos
          FROM events e WHERE e.id = ANY (p_ids);
        IF v_found > 0 THEN
          IF v_found = v_n AND v_in_stream = v_n THEN
            RETURN QUERY SELECT 'replay'::text, v_actual, v_pos;
          ELSE
            RETURN QUERY SELECT 'duplicate'::text, NULL::bigint, NULL::bigint;
          END IF;
          RETURN;
        END IF;

        SELECT e.revision, e.hash INTO v_actual, v_prev
          FROM events e WHERE e.stream_id = p_stream ORDER BY e.revision DESC LIMIT 1;
        IF NOT FOUND THEN
          v_actual := NULL;
          v_prev := '';
        END IF;
        IF (p_expected_kind = 'no_stream' AND v_actual IS NOT NULL)
           OR (p_expected_kind = 'exists' AND v_actual IS NULL)
           OR (p_expected_kind = 'revision' AND v_actual IS DISTINCT FROM p_expected) THEN
          RETURN QUERY SELECT 'conflict'::text, v_actual, NULL::bigint;
          RETURN;
        END IF;

        -- The transaction id is taken before any position: see the class comment.
        v_xid := pg_current_xact_id();
        v_base := (v_xid::text::bigint) << 20;
        SELECT coalesce(max(e.position) + 1, v_base) INTO v_pos
          FROM events e WHERE e.position >= v_base AND e.position < v_base + 1048576;
        v_actual := coalesce(v_actual, -1);
        FOR i IN 1 .. v_n LOOP
          v_hash := encode(sha256(convert_to(v_prev || p_canonical[i], 'UTF8')), 'hex');
          v_actual := v_actual + 1;
          INSERT INTO events (position, stream_id, revision, id, type, schema_version, data, metadata,
                              recorded_at, tx_id, prev_hash, hash)
          VALUES (v_pos, p_stream, v_actual, p_ids[i], p_types[i], p_versions[i], p_data[i], p_metadata[i],
                  p_recorded_at, v_xid, v_prev, v_hash);
          v_prev := v_hash;
          v_pos := v_pos + 1;
        END LOOP;
        RETURN QUERY SELECT 'ok'::text, v_actual, v_pos - 1;
      END $$`);
    await q.query(`
      CREATE TABLE event_digests (
        id          bigserial   PRIMARY KEY,
        root        text        NOT NULL,
        position    bigint      NOT NULL,
        stream_count integer    NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS event_digests');
    await q.query('DROP FUNCTION IF EXISTS append_events');
    await q.query('DROP TABLE IF EXISTS events');
    await q.query('DROP FUNCTION IF EXISTS events_refuse_change');
  }
}

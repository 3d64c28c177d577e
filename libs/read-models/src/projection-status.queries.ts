import type { Sql } from './shared/sql.js';

/** Reads of projection progress against the event log (projection_checkpoints, events): health and metrics. */
export class ProjectionStatusQueries {
  constructor(private readonly db: Sql) {}

  /** Events parked by the projections (the first `limit` with their error) and how many there are in all. */
  async quarantined(limit = 20): Promise<{ count: number; first: { projection: string; position: string; eventId: string; type: string; error: string }[] }> {
    const { rows } = await this.db.query<{ projection: string; position: string; event_id: string; event_type: string; error: string; total: number }>(
      `SELECT projection, position::text AS position, event_id, event_type, error, count(*) OVER ()::int AS total
         FROM projection_quarantine ORDER BY quarantined_at, projection, position LIMIT $1`,
      [limit],
    );
    return {
      count: rows[0]?.total ?? 0,
      first: rows.map((r) => ({ projection: r.projection, position: r.position, eventId: r.event_id, type: r.event_type, error: r.error.slice(0, 200) })),
    };
  }

  /** Quarantined events per checkpoint name (0 for a projection with none). */
  async quarantinedPerProjection(): Promise<{ name: string; n: number }[]> {
    const { rows } = await this.db.query<{ name: string; n: number }>(
      `SELECT c.name, (SELECT count(*) FROM projection_quarantine q WHERE q.projection = c.name)::int AS n FROM projection_checkpoints c`,
    );
    return rows;
  }

  /** A round trip to the database. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** How many events lie after `position`, counting at most `cap` (cheap however far behind). */
  async eventsAfter(position: bigint, cap: number): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE position > $1 LIMIT $2) x', [position.toString(), cap]);
    return rows[0]!.n;
  }

  /** Per checkpoint (projections and relays): events not yet processed (at most 100,000) and the age in seconds of the oldest. */
  async checkpointLags(): Promise<Array<{ name: string; lagEvents: number; oldestSeconds: number }>> {
    const { rows } = await this.db.query<{ name: string; lag: string; oldest: string | null }>(`
      SELECT c.name,
             (SELECT count(*) FROM (SELECT 1 FROM events e WHERE e.position > c.position LIMIT 100000) x)::text AS lag,
             (SELECT extract(epoch FROM now() - min(e.recorded_at)) FROM
                (SELECT recorded_at FROM events e WHERE e.position > c.position ORDER BY e.position LIMIT 1) e)::text AS oldest
        FROM projection_checkpoints c`);
    return rows.map((r) => ({ name: r.name, lagEvents: Number(r.lag), oldestSeconds: r.oldest === null ? 0 : Number(r.oldest) }));
  }
}

/** A stored Merkle-root digest over all stream heads (event_digests). */
export interface StoredDigest {
  readonly id: string;
  readonly root: string;
  readonly position: string;
  readonly streamCount: number;
  readonly computedAt: string;
}

/** Reads of the stored audit digests (event_digests, written by the event store's recordDigest). */
export class DigestQueries {
  constructor(private readonly db: Sql) {}

  /** Newest first. */
  async latest(limit: number): Promise<StoredDigest[]> {
    const { rows } = await this.db.query<StoredDigest>(
      `SELECT id::text AS id, root, position::text AS position, stream_count AS "streamCount", computed_at AS "computedAt"
         FROM event_digests ORDER BY id DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }
}

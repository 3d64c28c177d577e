import type { DataSource, EntityManager } from 'typeorm';
import type { EventStore, RecordedEvent } from '#event-store';
import type { Projection } from './projection.js';
import { isTransientError, ProjectionRunner } from './projection-runner.js';

export interface ShadowRebuildOptions {
  readonly batchSize?: number;
  /** After each batch applied to the next version (events of the log read so far). */
  readonly onProgress?: (events: number) => void | Promise<void>;
  /** Longest wait for the locks of the switch before it gives up and retries (ms). */
  readonly lockTimeoutMs?: number;
  /** Switch attempts before giving up (a deadlock or a lock timeout is retried). */
  readonly attempts?: number;
}

export interface ShadowRebuildResult {
  readonly projection: string;
  /** Log position the new version had applied when it went live. */
  readonly position: bigint;
  /** Events of the log the new version read. */
  readonly events: number;
  /** How long readers were held at the switch (the transaction holding the exclusive locks), ms. */
  readonly switchMs: number;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Zero-downtime rebuild (issue 17): the next version of a projection is built beside the
 * live one while the service keeps running and applying it, then goes live atomically.
 *
 * The next version lives in a schema of its own (`rebuild_<projection>`) under the SAME
 * table names, with the same columns, indexes and grants: the projection is applied there
 * unchanged with `SET LOCAL search_path = rebuild_<projection>, <live schema>`, so no query,
 * no projection and no migration has to know about versions. Its checkpoint is
 * `<projection>@next`, and it never goes past the live projection's committed checkpoint.
 *
 * The switch is ONE transaction: lock the live tables (readers and the live projector
 * wait, a few milliseconds), lock the live checkpoint, apply to the next version the
 * events the live one applied since (at most a batch or two), move the live tables out
 * and the new ones in (`ALTER TABLE ... SET SCHEMA`), drop the old ones. The live
 * projector goes on from its own position in the new tables: they hold exactly what it
 * had applied. A statement that waited on the lock resolves the table name again and
 * reads the new table.
 */
export async function rebuildBeside(
  store: EventStore,
  dataSource: DataSource,
  projection: Projection,
  options: ShadowRebuildOptions = {},
): Promise<ShadowRebuildResult> {
  const shadow = `rebuild_${projection.name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  const retired = `retired_${shadow.slice('rebuild_'.length)}`;
  for (const t of projection.tables) if (!IDENT.test(t)) throw new Error(`Not a plain table name: ${t}`);
  const live = ((await dataSource.query('SELECT current_schema() AS s')) as Array<{ s: string }>)[0]!.s;
  const nextName = `${projection.name}@next`;
  await prepareShadow(dataSource, live, shadow, projection.tables);
  await dataSource.query('DELETE FROM projection_checkpoints WHERE name = $1', [nextName]);
  await dataSource.query('DELETE FROM projection_quarantine WHERE projection = $1', [nextName]);

  const next: Projection = {
    name: nextName,
    tables: projection.tables,
    ...(projection.handles && { handles: projection.handles }),
    consistency: 'eventual',
    apply: async (events, m) => {
      await m.query(`SET LOCAL search_path TO ${shadow}, ${live}`);
      await projection.apply(events, m);
    },
  };
  const batchSize = options.batchSize ?? 2000;
  const runner = new ProjectionRunner(store, dataSource, [next], { batchSize });
  const liveCheckpoint = async (q: Pick<EntityManager, 'query'> = dataSource): Promise<bigint> => {
    const rows = (await q.query('SELECT position::text AS p FROM projection_checkpoints WHERE name = $1', [projection.name])) as Array<{ p: string }>;
    return rows[0] ? BigInt(rows[0].p) : 0n;
  };

  // Build: follow the log up to the live projection's committed position, batch by batch.
  let at = 0n;
  let read = 0;
  for (;;) {
    const bound = await liveCheckpoint();
    await applyUpTo(store, runner, next, at, bound, batchSize, async (n, position) => {
      at = position;
      read += n;
      await options.onProgress?.(read);
    });
    // Close enough: what is left is applied under the switch's locks.
    const remaining = await countBetween(dataSource, at, await liveCheckpoint());
    if (remaining <= batchSize) break;
  }

  // Switch.
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      const started = performance.now();
      const position = await dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL lock_timeout = '${Math.max(100, options.lockTimeoutMs ?? 5000)}ms'`);
        await m.query(`LOCK TABLE ${projection.tables.map((t) => `${live}.${t}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
        // The live projector cannot commit a batch (rows or checkpoint) until we are done.
        await m.query('SELECT 1 FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
        const bound = await liveCheckpoint(m);
        let from = at;
        let applied = 0;
        for (;;) {
          const batch = (await store.readAll(from, batchSize)).filter((e) => e.position <= bound);
          if (batch.length === 0) {
            // The live projection applied these events, so they are readable; never switch without them.
            if (from < bound && (await countBetween(dataSource, from, bound)) > 0) throw new Error(`events up to ${bound} are not readable yet`);
            break;
          }
          const mine = next.handles ? batch.filter((e) => next.handles!.has(e.type)) : batch;
          if (mine.length) await applyOrPark(next, mine, m);
          applied += mine.length;
          read += batch.length;
          from = batch[batch.length - 1]!.position;
          if (from >= bound) break;
        }
        await m.query(`SET LOCAL search_path TO ${live}`);
        await m.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
        await m.query(`CREATE SCHEMA ${retired}`);
        for (const t of projection.tables) await m.query(`ALTER TABLE ${live}.${t} SET SCHEMA ${retired}`);
        for (const t of projection.tables) await m.query(`ALTER TABLE ${shadow}.${t} SET SCHEMA ${live}`);
        await m.query(`DROP SCHEMA ${retired} CASCADE`);
        await m.query(`DROP SCHEMA ${shadow} CASCADE`);
        const counted = (await m.query('SELECT events::text AS n FROM projection_checkpoints WHERE name = $1', [nextName])) as Array<{ n: string }>;
        await m.query(
          `INSERT INTO projection_checkpoints (name, position, events, updated_at) VALUES ($1, $2, $3, now())
           ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position), events = EXCLUDED.events, updated_at = now()`,
          [projection.name, bound.toString(), (BigInt(counted[0]?.n ?? '0') + BigInt(applied)).toString()],
        );
        await m.query('DELETE FROM projection_checkpoints WHERE name = $1', [nextName]);
        await m.query('DELETE FROM projection_quarantine WHERE projection = $1', [projection.name]);
        await m.query('UPDATE projection_quarantine SET projection = $1 WHERE projection = $2', [projection.name, nextName]);
        return bound;
      });
      return { projection: projection.name, position, events: read, switchMs: Math.round(performance.now() - started) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 40P01 deadlock, 55P03 lock not available (lock_timeout): readers were held too long; build on, retry.
      if (attempt >= attempts || (code !== '40P01' && code !== '55P03')) throw error;
      const bound = await liveCheckpoint();
      await applyUpTo(store, runner, next, at, bound, batchSize, async (n, position) => {
        at = position;
        read += n;
        await options.onProgress?.(read);
      });
    }
  }
}

/**
 * Applies a batch inside the switch's transaction; an event the projection cannot apply is
 * parked in `projection_quarantine` (as the runner does) instead of failing the switch.
 */
async function applyOrPark(next: Projection, events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
  await m.query('SAVEPOINT shadow_batch');
  try {
    await next.apply(events, m);
    await m.query('RELEASE SAVEPOINT shadow_batch');
    return;
  } catch (error) {
    if (isTransientError(error)) throw error;
    await m.query('ROLLBACK TO SAVEPOINT shadow_batch');
  }
  for (const event of events) {
    await m.query('SAVEPOINT shadow_event');
    try {
      await next.apply([event], m);
      await m.query('RELEASE SAVEPOINT shadow_event');
    } catch (error) {
      if (isTransientError(error)) throw error;
      await m.query('ROLLBACK TO SAVEPOINT shadow_event');
      await m.query(
        `INSERT INTO projection_quarantine (projection, position, event_id, stream_id, event_type, error) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error, attempts = projection_quarantine.attempts + 1, last_tried_at = now()`,
        [next.name, event.position.toString(), event.id, event.streamId, event.type, (error instanceof Error ? error.message : String(error)).slice(0, 2000)],
      );
    }
  }
}

/** Applies the log after `from` up to `bound` (inclusive) to `next`. */
async function applyUpTo(
  store: EventStore,
  runner: ProjectionRunner,
  next: Projection,
  from: bigint,
  bound: bigint,
  batchSize: number,
  progressed: (events: number, position: bigint) => Promise<void>,
): Promise<void> {
  let at = from;
  while (at < bound) {
    const batch: RecordedEvent[] = (await store.readAll(at, batchSize)).filter((e) => e.position <= bound);
    if (batch.length === 0) return;
    await runner.applyBatch(next, batch);
    at = batch[batch.length - 1]!.position;
    await progressed(batch.length, at);
  }
}

async function countBetween(dataSource: DataSource, after: bigint, upTo: bigint): Promise<number> {
  if (upTo <= after) return 0;
  const rows = (await dataSource.query('SELECT count(*)::int AS n FROM events WHERE position > $1 AND position <= $2', [after.toString(), upTo.toString()])) as Array<{ n: number }>;
  return rows[0]!.n;
}

/**
 * Empty copies of the live tables in the shadow schema: same columns, defaults,
 * constraints and indexes (under the live index names, so later migrations that name an
 * index still find it), and the same grants (the service role reads and writes them).
 */
async function prepareShadow(dataSource: DataSource, live: string, shadow: string, tables: readonly string[]): Promise<void> {
  await dataSource.transaction(async (m) => {
    await m.query(`DROP SCHEMA IF EXISTS ${shadow} CASCADE`);
    await m.query(`CREATE SCHEMA ${shadow}`);
    for (const t of tables) {
      await m.query(`CREATE TABLE ${shadow}.${t} (LIKE ${live}.${t} INCLUDING ALL)`);
      const indexes = async (schema: string) =>
        (await m.query(`SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = $1 AND tablename = $2`, [schema, t])) as Array<{
          name: string;
          def: string;
        }>;
      // Compare definitions without the index name and the schema.
      const shape = (def: string, name: string, schema: string) => def.replace(` INDEX ${name} ON `, ' INDEX ? ON ').replace(` ${schema}.${t} `, ` ?.${t} `);
      const copies = await indexes(shadow);
      for (const original of await indexes(live)) {
        const copy = copies.find((c) => shape(c.def, c.name, shadow) === shape(original.def, original.name, live));
        if (copy && copy.name !== original.name) await m.query(`ALTER INDEX ${shadow}.${copy.name} RENAME TO ${original.name}`);
      }
      const grants = (await m.query(
        `SELECT grantee, string_agg(privilege_type, ', ') AS privileges FROM information_schema.role_table_grants
          WHERE table_schema = $1 AND table_name = $2 AND grantee <> (SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = $2)
          GROUP BY grantee`,
        [live, t],
      )) as Array<{ grantee: string; privileges: string }>;
      for (const g of grants) if (IDENT.test(g.grantee)) await m.query(`GRANT ${g.privileges} ON ${shadow}.${t} TO ${g.grantee}`);
    }
    const usage = (await m.query(
      `SELECT r.rolname FROM pg_roles r WHERE has_schema_privilege(r.oid, $1, 'USAGE') AND r.rolname IN ('ledger_service', 'ledger_owner')`,
      [live],
    )) as Array<{ rolname: string }>;
    for (const r of usage) await m.query(`GRANT USAGE ON SCHEMA ${shadow} TO ${r.rolname}`);
  });
}

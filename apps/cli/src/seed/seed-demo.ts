import pg from 'pg';
import { DataSource } from 'typeorm';
import { mintDevToken } from '../../../api/src/auth/jwt.verifier.js';
import { PostgresEventStore } from '#event-store';
import { ProjectionRunner } from '#read-models';
import { allProjections } from '#read-models';
import { generateProvince, type GeneratedProvince, type StreamWrite } from './generate.js';
import { startProgress, type ProgressOptions } from './progress.js';

export interface SeedDemoOptions {
  readonly databaseUrl: string;
  /** Number of staff (2000 by default on the CLI). */
  readonly staff: number;
  /** Year of business time; the whole year when it is over, up to now otherwise. */
  readonly year: number;
  readonly seed: string;
  /** Share of staff with an avoidance habit, 0..0.5. */
  readonly avoiderShare?: number;
  readonly assignmentsPerStaff?: number;
  /** Seed even though a demo province is already there (a second one, with ids `demo2-...`). */
  readonly force?: boolean;
  /** Streams written per transaction and transactions in flight. */
  readonly streamsPerTransaction?: number;
  readonly concurrency?: number;
  /** Skip bringing the read models up to date (a running API's projector will do it). */
  readonly catchUp?: boolean;
  readonly progress?: ProgressOptions;
  /** Wall clock; business time never goes past it. */
  readonly clock?: () => Date;
}

export interface SeedDemoResult {
  readonly prefix: string;
  readonly events: number;
  readonly streams: number;
  readonly byType: Record<string, number>;
  readonly refusals: Record<string, number>;
  readonly examples: GeneratedProvince['examples'];
  readonly provinceUnitId: string;
  readonly timings: { readonly generateMs: number; readonly writeMs: number; readonly projectMs: number; readonly totalMs: number };
  /** How the read models were brought up to date. */
  readonly projections: 'caught_up' | 'live_projector' | 'skipped';
}

/** Thrown when the database already holds a demo province and `force` is not set. */
export class DemoAlreadySeeded extends Error {}

/**
 * Seeds a demo province: generates a year of work through the deciders, appends it
 * (many streams per transaction, several transactions in flight, through
 * `PostgresEventStore.appendInTransaction`), then brings every projection up to date.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = Date.now();
  const clock = options.clock ?? (() => new Date());
  const store = new PostgresEventStore({ connectionString: options.databaseUrl, poolSize: (options.concurrency ?? 4) + 2 });
  try {
    const prefix = await choosePrefix(store.pool, options.force ?? false);
    const generated = generateProvince({
      staff: options.staff,
      year: options.year,
      seed: options.seed,
      avoiderShare: options.avoiderShare ?? 0.1,
      assignmentsPerStaff: options.assignmentsPerStaff ?? 24,
      prefix,
      horizon: clock().getTime() - 3_600_000,
    });
    const generateMs = Date.now() - started;

    const writes = generated.phases.flatMap((p) => p.writes);
    const events = writes.reduce((n, w) => n + w.events.length, 0);
    const byType: Record<string, number> = {};
    for (const w of writes) for (const e of w.events) byType[e.type] = (byType[e.type] ?? 0) + 1;

    const writeStarted = Date.now();
    const bar = startProgress('writing events', events, options.progress);
    let follower: Follower | undefined;
    let live = false;
    try {
      for (const [i, phase] of generated.phases.entries()) {
        // Phases in order: cases point at assignment revisions, heads must exist before work.
        await writeStreams(store, phase.writes, options.streamsPerTransaction ?? 50, options.concurrency ?? 4, (n) => bar.increment(n));
        if (i === 0 && options.catchUp !== false) {
          // After the first (small) phase: is a running projector applying these events? If not,
          // the projections follow the writes set-based from here on, on the spare connections.
          live = await liveProjectorRuns(store);
          if (!live) follower = await Follower.start(store, options.databaseUrl);
        }
      }
    } catch (error) {
      await follower?.stop().catch(() => undefined);
      throw error;
    }
    bar.stop();
    store.notifyCommitted();
    const writeMs = Date.now() - writeStarted;

    const projectStarted = Date.now();
    let projections: SeedDemoResult['projections'] = 'skipped';
    if (options.catchUp !== false) {
      if (live) projections = await waitForLiveProjector(store, options.progress);
      else {
        follower ??= await Follower.start(store, options.databaseUrl);
        await follower.finish(options.progress);
        projections = 'caught_up';
      }
    }
    const projectMs = Date.now() - projectStarted;
    return {
      prefix,
      events,
      streams: writes.length,
      byType: Object.fromEntries(Object.entries(byType).sort((a, b) => b[1] - a[1])),
      refusals: generated.refusals,
      examples: generated.examples,
      provinceUnitId: generated.units[0]!.id,
      timings: { generateMs, writeMs, projectMs, totalMs: Date.now() - started },
      projections,
    };
  } finally {
    await store.close();
  }
}

/** `demo-` on a database without a demo province; refuses a second one unless forced (then `demo2-`, `demo3-`...). */
async function choosePrefix(pool: pg.Pool, force: boolean): Promise<string> {
  const exists = async (prefix: string) =>
    (await pool.query('SELECT 1 FROM events WHERE stream_id = $1 LIMIT 1', [`unit-${prefix}tinh`])).rowCount! > 0;
  if (!(await exists('demo-'))) return 'demo-';
  if (!force) {
    throw new DemoAlreadySeeded(
      'This database already holds a demo province (stream unit-demo-tinh). Seeding again would mix two years of the same people; ' +
        'pass --force to add a second, separate province (ids demo2-...), or seed an empty database.',
    );
  }
  for (let k = 2; ; k++) if (!(await exists(`demo${k}-`))) return `demo${k}-`;
}

/**
 * Appends streams in transactions of `perTransaction` streams, `concurrency` at a time.
 * Each stream is new (`no_stream`), so a rerun that collides fails loudly instead of mixing.
 */
export async function writeStreams(
  store: PostgresEventStore,
  writes: readonly StreamWrite[],
  perTransaction: number,
  concurrency: number,
  onEvents: (n: number) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const from = next;
      if (from >= writes.length) return;
      next += perTransaction;
      const chunk = writes.slice(from, from + perTransaction);
      const client = await store.pool.connect();
      try {
        await client.query('BEGIN');
        for (const w of chunk) if (w.events.length) await store.appendInTransaction(client, w.streamId, w.events, 'no_stream');
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      store.notifyCommitted();
      onEvents(chunk.reduce((n, w) => n + w.events.length, 0));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/**
 * True when another process (a running API with its in-process projector) applies the
 * projections: their checkpoints move while we wait. Two runners on the same checkpoint
 * would apply batches twice, so then we only wait for it.
 */
async function liveProjectorRuns(store: PostgresEventStore): Promise<boolean> {
  const names = allProjections().map((p) => p.name);
  const before = await checkpoints(store);
  await new Promise((r) => setTimeout(r, 2000));
  const after = await checkpoints(store);
  return names.some((n) => (after.get(n) ?? 0n) > (before.get(n) ?? 0n));
}

async function checkpoints(store: PostgresEventStore): Promise<Map<string, bigint>> {
  const { rows } = await store.pool.query<{ name: string; position: string }>('SELECT name, position::text AS position FROM projection_checkpoints');
  return new Map(rows.map((r) => [r.name, BigInt(r.position)]));
}

async function waitForLiveProjector(store: PostgresEventStore, progress?: ProgressOptions): Promise<'live_projector'> {
  const head = BigInt((await store.pool.query<{ p: string | null }>('SELECT max(position)::text AS p FROM events')).rows[0]!.p ?? '0');
  const names = allProjections().map((p) => p.name);
  process.stderr.write('A running projector (the API with PROJECTOR_INLINE) is applying the new events; waiting for it instead of applying them twice.\n');
  const bar = startProgress('projections (live)', names.length, progress);
  let shown = 0;
  for (;;) {
    const now = await checkpoints(store);
    const done = names.filter((n) => (now.get(n) ?? 0n) >= head).length;
    if (done > shown) {
      bar.increment(done - shown);
      shown = done;
    }
    if (done === names.length) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  bar.stop();
  return 'live_projector';
}

/**
 * Every projection following the writes: one reader, set-based batches (catchUpAll) in
 * a loop while the writes go on, then a last pass to the end of the log.
 */
class Follower {
  private applied = 0;
  private bar?: { increment(n: number): void };
  private constructor(
    private readonly dataSource: DataSource,
    private readonly runner: ProjectionRunner,
    private readonly loop: Promise<void>,
    private readonly control: { stop: boolean },
  ) {}

  static async start(store: PostgresEventStore, url: string): Promise<Follower> {
    const projections = allProjections();
    const dataSource = new DataSource({ type: 'postgres', url, synchronize: false, logging: false, extra: { max: projections.length + 1 } });
    await dataSource.initialize();
    const runner = new ProjectionRunner(store, dataSource, projections, { batchSize: 2000 });
    const control = { stop: false };
    const ref: { self?: Follower } = {};
    const loop = (async () => {
      while (!control.stop) {
        const n = await runner.catchUpAll(runner.projections, (k) => {
          ref.self!.applied += k;
          ref.self!.bar?.increment(k);
        });
        if (n === 0) await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const self = new Follower(dataSource, runner, loop, control);
    ref.self = self;
    loop.catch(() => undefined);
    return self;
  }

  /** Waits for the writes' tail: shows the events still to apply, and their rate. */
  async finish(progress?: ProgressOptions): Promise<void> {
    try {
      this.control.stop = true;
      await this.loop;
      const lowest = (await this.runner.status()).reduce<bigint | undefined>((low, s) => (low === undefined || s.position < low ? s.position : low), undefined) ?? 0n;
      const remaining = Number(
        (await this.dataSource.query('SELECT count(*)::text AS n FROM events WHERE position > $1', [lowest.toString()]) as Array<{ n: string }>)[0]!.n,
      );
      const bar = startProgress('projecting read models', remaining, progress);
      this.bar = bar;
      const head = (await this.dataSource.query('SELECT max(position)::text AS p FROM events')) as Array<{ p: string | null }>;
      await this.runner.catchUpAll(this.runner.projections, (n) => bar.increment(n), BigInt(head[0]!.p ?? '0'));
      bar.stop();
    } finally {
      await this.dataSource.destroy();
    }
  }

  async stop(): Promise<void> {
    this.control.stop = true;
    await this.loop.catch(() => undefined);
    await this.dataSource.destroy();
  }
}

/** The closing summary: counts per event type, example ids, and curl lines with a minted token. */
export async function describeSeed(
  result: SeedDemoResult,
  options: { year: number; port: number; jwtSecret: string; issuer: string; audience: string },
): Promise<string> {
  const sign = (sub: string, roles: ('hr' | 'unit_head' | 'inspector' | 'staff')[], units: string[]) =>
    mintDevToken(options.jwtSecret, { sub, roles, units }, { issuer: options.issuer, audience: options.audience, expiresIn: '12h' });
  const hr = await sign(`${result.prefix}so-noi-vu-import`, ['hr', 'inspector'], ['*']);
  const head = await sign(result.examples.headId, ['unit_head'], [result.examples.unitId]);
  const base = `http://localhost:${options.port}/api/v1`;
  const ex = result.examples;
  const lines = [
    `Seeded ${result.events} events in ${result.streams} streams in ${(result.timings.totalMs / 1000).toFixed(1)} s ` +
      `(generate ${(result.timings.generateMs / 1000).toFixed(1)} s, write ${(result.timings.writeMs / 1000).toFixed(1)} s, ` +
      `projections ${(result.timings.projectMs / 1000).toFixed(1)} s, ${result.projections}).`,
    '',
    'Events by type:',
    ...Object.entries(result.byType).map(([type, n]) => `  ${type.padEnd(30)} ${n}`),
    ...(Object.keys(result.refusals).length
      ? ['', 'Generated steps the deciders refused (skipped, nothing recorded):', ...Object.entries(result.refusals).map(([k, n]) => `  ${k.padEnd(50)} ${n}`)]
      : []),
    '',
    'Examples:',
    `  province unit      ${result.provinceUnitId}`,
    `  department unit    ${ex.unitId} (head ${ex.headId})`,
    `  staff member       ${ex.staffId}`,
    `  habitual avoider   ${ex.avoiderId}`,
    `  assignment         ${ex.assignmentId}`,
    `  ping-pong work     ${ex.pingPongAssignmentId}`,
    `  evaluation cycle   ${ex.cycleId}`,
    ...(ex.caseId ? [`  disciplinary case  ${ex.caseId}`] : []),
    ...(ex.dossierReceiptCode ? [`  dossier receipt    ${ex.dossierReceiptCode} (public: ${base}/public/dossiers/${ex.dossierReceiptCode})`] : []),
    '',
    'Try it (tokens valid 12 h; HR/inspector for every unit, and the head of one department):',
    `  export HR_TOKEN=${hr}`,
    `  export HEAD_TOKEN=${head}`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" ${base}/assignments/${ex.pingPongAssignmentId}/trail`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" "${base}/staff/${ex.avoiderId}/indicators?year=${options.year}"`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" "${base}/watchlist?year=${options.year}"`,
    `  curl -s -H "Authorization: Bearer $HEAD_TOKEN" "${base}/units/${ex.unitId}/indicators?year=${options.year}"`,
    `  curl -s -X POST -H "Authorization: Bearer $HR_TOKEN" -H 'Content-Type: application/json' -d '{}' ${base}/evaluation-cycles/${ex.cycleId}/classification-runs`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" ${base}/evaluation-cycles/${ex.cycleId}/results`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" "${base}/kpi?year=${options.year}&groupBy=position"   # issue 14: converted output per job position`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" "${base}/positions"`,
    `  curl -s -H "Authorization: Bearer $HR_TOKEN" ${base}/dossiers/board`,
    ...(ex.caseId ? [`  curl -s -H "Authorization: Bearer $HR_TOKEN" ${base}/disciplinary-cases/${ex.caseId}/case-file   # council/HR per its rules`] : []),
  ];
  return lines.join('\n');
}

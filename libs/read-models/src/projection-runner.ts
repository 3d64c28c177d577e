import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import { ledgerTracer, linksTo } from '#event-store';
import { SpanStatusCode } from '@opentelemetry/api';
import type { Projection } from './projection.js';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: bigint;
  readonly events: bigint;
}

/** An event a projection could not apply, parked so the projection moves on. */
export interface QuarantinedEvent {
  readonly projection: string;
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  readonly type: string;
  readonly error: string;
  readonly attempts: number;
  readonly quarantinedAt: string;
}

/**
 * Errors that say nothing about the event (the database went away, a deadlock, a
 * serialization failure, resources): the batch is retried as a whole. Anything else a
 * projection raises on an event is that event's problem, and the event is quarantined.
 * PostgreSQL SQLSTATE classes 08 (connection), 40 (rollback), 53 (resources),
 * 57 (operator intervention), 58 (system error).
 */
export function isTransientError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^(08|40|53|57|58)/.test(code)) return true;
  if (typeof code === 'string' && /^E(CONN|PIPE|HOSTUNREACH|NETUNREACH|TIMEDOUT)/.test(code)) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection (is )?closed|Client has encountered a connection error|timeout exceeded when trying to connect|Cannot use a pool after calling end/i.test(message);
}

export interface RunnerOptions {
  readonly batchSize?: number;
  /** Called when a batch fails; the runner stops that projection and restarts it after `retryMs`. */
  readonly onError?: (projection: string, error: unknown) => void;
  readonly retryMs?: number;
  /** Take a PostgreSQL advisory lock per projection so only one runner in the cluster applies it. */
  readonly leaderLock?: boolean;
  /** Called for each event a projection could not apply and parked in projection_quarantine. */
  readonly onQuarantine?: (event: QuarantinedEvent) => void;
}

/**
 * Feeds projections from the event store. Each batch is applied and the
 * checkpoint moved in ONE transaction, so a crash at any point either keeps the
 * whole batch or none of it (exactly-once effect on the read model).
 */
export class ProjectionRunner {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly positions = new Map<string, bigint>();
  private readonly waiters = new Set<{ position: bigint; all: boolean; resolve: () => void }>();
  /** Waiters on named read models (read-your-writes of one route), see `waitForModels`. */
  private readonly modelWaiters = new Set<{ targets: ReadonlyMap<string, bigint>; resolve: () => void }>();
  /** The one session holding this runner's leadership locks (`leaderLock`), and the projections it leads. */
  private leaderSession?: Promise<{ release(): Promise<void>; query(q: string, v?: unknown[]): Promise<unknown> }>;
  private readonly led = new Set<string>();
  private stopped = false;
  /** Projections whose last batch failed; read-your-writes does not wait for them. */
  private readonly failing = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Projection ${p.name} is registered twice`);
      names.add(p.name);
    }
  }

  /** Projections fed by the one shared reader (the rest run their own subscription). */
  private readonly shared = new Set<string>();
  private sharedSubscription?: Subscription;
  private sharedInflight: Promise<void> = Promise.resolve();
  /** Checkpoints moved in memory past batches a projection does not read; written by `flush`. */
  private readonly dirty = new Set<string>();
  private flushTimer?: NodeJS.Timeout;

  /**
   * Starts every strong projection this runner leads on ONE shared reader (eventual ones
   * read on their own): each batch is read once and applied by each projection in its
   * own transaction, in parallel.
   * A projection whose batch fails leaves the shared reader and retries alone, so
   * one broken read model never holds the others back.
   */
  async start(): Promise<void> {
    this.stopped = false;
    const led: Projection[] = [];
    for (const projection of this.projections) {
      if (this.options.leaderLock && !(await this.acquireLeadership(projection))) {
        setTimeout(() => void this.startOne(projection), this.options.retryMs ?? 5000).unref();
        continue;
      }
      this.positions.set(projection.name, await this.checkpoint(projection.name));
      led.push(projection);
    }
    this.flushTimer = setInterval(() => void this.flush().catch(() => undefined), 2000);
    this.flushTimer.unref();
    // An eventual projection reads on its own: the shared reader waits for every member
    // before its next batch, and a slow analytics projection must not pace the others.
    for (const p of led.filter((q) => q.consistency === 'eventual')) await this.startOne(p);
    const sharedMembers = led.filter((q) => q.consistency !== 'eventual');
    if (sharedMembers.length === 0) return;
    for (const p of sharedMembers) this.shared.add(p.name);
    let from: bigint | undefined;
    for (const p of sharedMembers) {
      const at = this.positions.get(p.name)!;
      if (from === undefined || at < from) from = at;
    }
    this.sharedSubscription = await this.store.subscribe({
      fromPosition: from,
      batchSize: this.options.batchSize ?? 500,
      handler: (events) => (this.sharedInflight = this.applyShared(events)),
      onError: (error) => {
        // The reader itself failed (e.g. the connection): every member goes on alone.
        this.sharedSubscription = undefined;
        for (const p of this.projections.filter((q) => this.shared.has(q.name))) {
          this.shared.delete(p.name);
          this.options.onError?.(p.name, error);
          if (!this.stopped) setTimeout(() => void this.startOne(p), this.options.retryMs ?? 1000).unref();
        }
      },
    });
  }

  private async applyShared(events: readonly RecordedEvent[]): Promise<void> {
    const members = this.projections.filter((p) => this.shared.has(p.name));
    await Promise.all(
      members.map(async (projection) => {
        const at = this.positions.get(projection.name) ?? 0n;
        const mine = events[0]!.position > at ? events : events.filter((e) => e.position > at);
        if (mine.length === 0) return;
        try {
          await this.applyBatch(projection, mine);
        } catch (error) {
          this.shared.delete(projection.name);
          this.failing.add(projection.name);
          this.wakeWaiters();
          this.options.onError?.(projection.name, error);
          if (!this.stopped) setTimeout(() => void this.startOne(projection), this.options.retryMs ?? 1000).unref();
        }
      }),
    );
  }

  /** Writes the checkpoints that moved in memory only. */
  async flush(): Promise<void> {
    for (const name of [...this.dirty]) {
      this.dirty.delete(name);
      const position = this.positions.get(name);
      if (position === undefined) continue;
      await this.dataSource.query(
        `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position), updated_at = now()`,
        [name, position.toString()],
      );
    }
  }

  private async startOne(projection: Projection): Promise<void> {
    if (this.stopped) return;
    if (this.options.leaderLock && !(await this.acquireLeadership(projection))) {
      // Another instance leads this projection; try again later (fail-over).
      setTimeout(() => void this.startOne(projection), this.options.retryMs ?? 5000).unref();
      return;
    }
    const from = await this.checkpoint(projection.name);
    this.positions.set(projection.name, from);
    const subscription = await this.store.subscribe({
      fromPosition: from,
      batchSize: this.options.batchSize ?? 500,
      handler: (events) => this.applyBatch(projection, events),
      onError: (error) => {
        this.subscriptions.delete(projection.name);
        this.failing.add(projection.name);
        this.wakeWaiters();
        this.options.onError?.(projection.name, error);
        if (!this.stopped) setTimeout(() => void this.startOne(projection), this.options.retryMs ?? 1000).unref();
      },
    });
    this.subscriptions.set(projection.name, subscription);
  }

  private async acquireLeadership(projection: Projection): Promise<boolean> {
    if (this.led.has(projection.name)) return true;
    // Every lock this runner holds lives on ONE session of its own: a connection per
    // projection would hold 13 of the pool's connections idle for ever (and with TypeORM's
    // default pool of 10, the 11th lock waited for a connection that never came back, so
    // apps/projector never started its projections).
    this.leaderSession ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      await runner.connect();
      return runner;
    })();
    const session = await this.leaderSession;
    const rows = (await session.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`projection:${projection.name}`])) as Array<{ ok: boolean }>;
    if (!rows[0]?.ok) return false;
    this.led.add(projection.name);
    return true;
  }


  /** Applies one batch and moves the checkpoint in the same transaction. */
  async applyBatch(projection: Projection, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const last = events[events.length - 1]!.position;
    const handles = projection.handles;
    if (handles && !events.some((e) => handles.has(e.type))) {
      // Nothing to apply: re-reading these after a crash is harmless, so no transaction.
      this.positions.set(projection.name, last);
      this.dirty.add(projection.name);
      this.failing.delete(projection.name);
      this.wakeWaiters();
      return;
    }
    this.dirty.delete(projection.name);
    // One span per applied batch, linked to the spans that appended its events.
    const span = ledgerTracer().startSpan(`projection ${projection.name}`, {
      links: linksTo(events.map((e) => e.metadata)),
      attributes: { 'ledger.projection': projection.name, 'ledger.events': events.length, 'ledger.position': last.toString() },
    });
    try {
      try {
        await this.applyInTransaction(projection, events, last, false);
      } catch (error) {
        if (isTransientError(error)) throw error;
        // One of these events cannot be applied: apply them one by one, each behind a
        // savepoint, and park the ones that fail; the checkpoint still moves past them.
        span.addEvent('quarantine: applying the batch event by event');
        await this.applyInTransaction(projection, events, last, true);
      }
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
    this.positions.set(projection.name, last);
    this.failing.delete(projection.name);
    this.wakeWaiters();
    // This transaction held back the commit-safe read bound of every subscriber (its
    // transaction id was the oldest running one); now that it committed, wake them.
    (this.store as { notifyCommitted?: () => void }).notifyCommitted?.();
  }

  private async applyInTransaction(projection: Projection, events: readonly RecordedEvent[], last: bigint, oneByOne: boolean): Promise<void> {
    const handles = projection.handles;
    const parked: QuarantinedEvent[] = [];
    await this.dataSource.transaction(async (manager) => {
      // Read models are derived data: a crash may lose the last batches (rows and
      // checkpoint together, never one without the other) and they are applied again,
      // so these commits need not wait for the WAL flush. Events keep synchronous commits.
      await manager.query('SET LOCAL synchronous_commit TO OFF');
      if (!oneByOne) await projection.apply(events, manager);
      else {
        for (const event of events) {
          if (handles && !handles.has(event.type)) continue;
          await manager.query('SAVEPOINT projection_event');
          try {
            await projection.apply([event], manager);
            await manager.query('RELEASE SAVEPOINT projection_event');
          } catch (error) {
            if (isTransientError(error)) throw error;
            await manager.query('ROLLBACK TO SAVEPOINT projection_event');
            const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
            await manager.query(
              `INSERT INTO projection_quarantine (projection, position, event_id, stream_id, event_type, error)
               VALUES ($1, $2, $3, $4, $5, $6)
               ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error,
                 attempts = projection_quarantine.attempts + 1, last_tried_at = now()`,
              [projection.name, event.position.toString(), event.id, event.streamId, event.type, message],
            );
            parked.push({
              projection: projection.name, position: event.position, eventId: event.id, streamId: event.streamId,
              type: event.type, error: message, attempts: 1, quarantinedAt: new Date().toISOString(),
            });
          }
        }
      }
      await manager.query(
        `INSERT INTO projection_checkpoints (name, position, events, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position,
           events = projection_checkpoints.events + EXCLUDED.events, updated_at = now()`,
        // Counts the events the projection reads, so the figure does not depend on batching.
        [projection.name, last.toString(), handles ? events.filter((e) => handles.has(e.type)).length : events.length],
      );
    });
    for (const q of parked) this.options.onQuarantine?.(q);
  }

  /** Events parked by the projections (all, or one projection's), oldest first. */
  async quarantined(name?: string): Promise<QuarantinedEvent[]> {
    const rows = (await this.dataSource.query(
      `SELECT projection, position::text AS position, event_id, stream_id, event_type, error, attempts, quarantined_at
         FROM projection_quarantine WHERE $1::text IS NULL OR projection = $1 ORDER BY projection, position`,
      [name ?? null],
    )) as Array<{ projection: string; position: string; event_id: string; stream_id: string; event_type: string; error: string; attempts: number; quarantined_at: Date }>;
    return rows.map((r) => ({
      projection: r.projection, position: BigInt(r.position), eventId: r.event_id, streamId: r.stream_id, type: r.event_type,
      error: r.error, attempts: r.attempts, quarantinedAt: new Date(r.quarantined_at).toISOString(),
    }));
  }

  /**
   * Applies a projection's parked events again, oldest first (after the projection or its
   * data was fixed): each one that applies leaves the quarantine, each one that still
   * fails stays with its new error. They are applied after the events that followed them,
   * so an order-sensitive read model should be rebuilt instead (`cli rebuild <name>`).
   */
  async retryQuarantined(name: string): Promise<{ applied: number; stillFailing: number }> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    let applied = 0;
    let stillFailing = 0;
    for (const parked of await this.quarantined(name)) {
      const [event] = await this.store.readAll(parked.position - 1n, 1);
      if (!event || event.position !== parked.position) {
        await this.dataSource.query('DELETE FROM projection_quarantine WHERE projection = $1 AND position = $2', [name, parked.position.toString()]);
        continue;
      }
      try {
        await this.dataSource.transaction(async (manager) => {
          await projection.apply([event], manager);
          await manager.query('DELETE FROM projection_quarantine WHERE projection = $1 AND position = $2', [name, parked.position.toString()]);
        });
        applied += 1;
      } catch (error) {
        if (isTransientError(error)) throw error;
        stillFailing += 1;
        await this.dataSource.query(
          'UPDATE projection_quarantine SET error = $3, attempts = attempts + 1, last_tried_at = now() WHERE projection = $1 AND position = $2',
          [name, parked.position.toString(), (error instanceof Error ? error.message : String(error)).slice(0, 2000)],
        );
      }
    }
    return { applied, stillFailing };
  }

  async checkpoint(name: string): Promise<bigint> {
    const rows = (await this.dataSource.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [
      name,
    ])) as Array<{ position: string }>;
    return rows.length ? BigInt(rows[0]!.position) : 0n;
  }

  async status(): Promise<ProjectionStatus[]> {
    const rows = (await this.dataSource.query(
      'SELECT name, position::text AS position, events::text AS events FROM projection_checkpoints',
    )) as Array<{ name: string; position: string; events: string }>;
    const byName = new Map(rows.map((r) => [r.name, r]));
    return this.projections.map((p) => ({
      name: p.name,
      position: BigInt(byName.get(p.name)?.position ?? '0'),
      events: BigInt(byName.get(p.name)?.events ?? '0'),
    }));
  }

  /** Names of projections whose last batch failed (they retry; health and metrics show the lag). */
  failingProjections(): string[] {
    return [...this.failing];
  }

  /**
   * Lowest position every healthy projection has reached. A failing projection is
   * left out, so one broken read model delays its own readers, not every command.
   */
  lowestPosition(includeFailing = false, strongOnly = false): bigint {
    let low: bigint | undefined;
    for (const p of this.projections) {
      if (!includeFailing && this.failing.has(p.name)) continue;
      if (strongOnly && p.consistency === 'eventual') continue;
      const at = this.positions.get(p.name) ?? 0n;
      if (low === undefined || at < low) low = at;
    }
    return low ?? 0n;
  }

  /** Resolves once every healthy `strong` projection has applied `position` (read-your-writes), or after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs = 5000, all = false): Promise<boolean> {
    if (this.lowestPosition(false, !all) >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        all,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /**
   * Waits until every healthy projection, `eventual` ones included, has applied
   * everything recorded so far: for work that reads analytics read models to
   * decide (a classification run reads the indicators).
   */
  async settle(timeoutMs = 10_000): Promise<boolean> {
    return this.waitFor(await this.head(), timeoutMs, true);
  }

  /** The last committed position of the log (0 when empty). */
  private async head(): Promise<bigint> {
    const rows = (await this.dataSource.query('SELECT max(position)::text AS p FROM events')) as Array<{ p: string | null }>;
    return rows[0]?.p ? BigInt(rows[0].p) : 0n;
  }

  private wakeWaiters(): void {
    const strong = this.lowestPosition(false, true);
    const every = this.lowestPosition(false, false);
    for (const w of [...this.waiters]) if ((w.all ? every : strong) >= w.position) w.resolve();
    for (const w of [...this.modelWaiters]) if (this.reached(w.targets)) w.resolve();
  }

  /** Position this runner has applied for one projection (in memory; undefined when it does not run it). */
  positionOf(name: string): bigint | undefined {
    return this.positions.get(name);
  }

  private reached(targets: ReadonlyMap<string, bigint>): boolean {
    for (const [name, position] of targets) if ((this.positions.get(name) ?? 0n) < position) return false;
    return true;
  }

  /**
   * Resolves true once each named projection has applied its target position, false
   * after `timeoutMs`. A failing projection is not skipped: its readers wait for it.
   */
  waitForModels(targets: ReadonlyMap<string, bigint>, timeoutMs: number): Promise<boolean> {
    if (this.reached(targets)) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        targets,
        resolve: () => {
          clearTimeout(timer);
          this.modelWaiters.delete(waiter);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.modelWaiters.delete(waiter);
        resolve(false);
      }, timeoutMs);
      this.modelWaiters.add(waiter);
    });
  }

  /** Empties a projection's tables and checkpoint, then replays it from the first event. */
  async rebuild(name: string, onProgress?: (applied: number) => void): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`);
    const wasShared = this.shared.delete(name);
    if (wasShared) await this.sharedInflight;
    const solo = this.subscriptions.get(name);
    if (solo) {
      await solo.stop();
      this.subscriptions.delete(name);
    }
    const running = wasShared || solo !== undefined;
    this.dirty.delete(name);
    await this.dataSource.transaction(async (manager) => {
      for (const table of projection.tables) await manager.query(`TRUNCATE TABLE ${table}`);
      await manager.query('DELETE FROM projection_checkpoints WHERE name = $1', [name]);
      // A rebuild applies every event again: what still fails is parked again.
      await manager.query('DELETE FROM projection_quarantine WHERE projection = $1', [name]);
    });
    this.positions.set(name, 0n);
    if (running) await this.startOne(projection);
    else await this.catchUp(projection, onProgress);
  }

  /**
   * Applies everything up to the end of the log as it was when called (or `until`), then
   * returns (CLI `rebuild --in-place`, tests). The log is read below the oldest running
   * transaction of the cluster: an empty read while another session holds an old
   * transaction open is not the end, so it waits and reads again until the head it saw.
   */
  async catchUp(projection: Projection, onProgress?: (applied: number) => void, until?: bigint): Promise<number> {
    const head = until ?? (await this.head());
    let from = await this.checkpoint(projection.name);
    let applied = 0;
    for (;;) {
      const batch = await this.store.readAll(from, this.options.batchSize ?? 500);
      if (batch.length === 0) {
        if (from < head && !this.stopped) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        await this.flush();
        return applied;
      }
      await this.applyBatch(projection, batch);
      applied += batch.length;
      onProgress?.(applied);
      from = batch[batch.length - 1]!.position;
    }
  }

  /**
   * Brings several projections to the end of the log with ONE reader (seed, CLI, bench):
   * each batch is read once, the next one is read while this one is applied, and every
   * projection applies it in its own transaction, in parallel. Returns the log events read.
   * With `until`, goes on until that position is applied: the log is read below the oldest
   * running transaction of the cluster, so an empty read does not mean the end when another
   * session holds a transaction open.
   */
  async catchUpAll(projections: readonly Projection[] = this.projections, onProgress?: (events: number) => void, until?: bigint): Promise<number> {
    if (projections.length === 0) return 0;
    const at = new Map<string, bigint>();
    for (const p of projections) at.set(p.name, await this.checkpoint(p.name));
    let from = [...at.values()].reduce((a, b) => (b < a ? b : a));
    const size = this.options.batchSize ?? 500;
    let read = 0;
    let next = this.store.readAll(from, size);
    for (;;) {
      const batch = await next;
      if (batch.length === 0) {
        if (until !== undefined && from < until && !this.stopped) {
          await new Promise((r) => setTimeout(r, 50));
          next = this.store.readAll(from, size);
          continue;
        }
        await this.flush();
        return read;
      }
      from = batch[batch.length - 1]!.position;
      next = this.store.readAll(from, size);
      next.catch(() => undefined); // awaited on the next turn
      await Promise.all(
        projections.map(async (p) => {
          const done = at.get(p.name)!;
          const mine = batch[0]!.position > done ? batch : batch.filter((e) => e.position > done);
          if (mine.length === 0) return;
          await this.applyBatch(p, mine);
          at.set(p.name, from);
        }),
      );
      read += batch.length;
      onProgress?.(batch.length);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    await this.sharedSubscription?.stop();
    this.sharedSubscription = undefined;
    this.shared.clear();
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
    this.subscriptions.clear();
    await this.flush().catch(() => undefined);
    if (this.leaderSession) {
      const session = await this.leaderSession.catch(() => undefined);
      this.leaderSession = undefined;
      this.led.clear();
      await session?.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await session?.release().catch(() => undefined);
    }
    for (const w of [...this.waiters]) w.resolve();
    // Model waiters are left to time out: after a stop their models are not current.
  }
}

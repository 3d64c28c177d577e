import type { Decider, DomainEvent } from '#domain';
import { DomainError } from '#domain';
import { uuidV5, WrongExpectedVersion, type EventMetadata, type EventStore, type RecordedEvent, type Subscription } from '#event-store';
import type { SqlQueryable } from '#read-models';

/**
 * A reaction of one aggregate to an event of another (DESIGN.md 2): a checkpointed
 * subscription named `when-<event>-then-<action>`. It sees events in global order from
 * its checkpoint; every event it writes has an id derived from the triggering event's
 * id and the action (uuid v5), so running a reaction again after a crash (before its
 * checkpoint moved) finds its own events instead of writing them twice.
 */
export interface ProcessManager {
  readonly name: string;
  readonly handles: ReadonlySet<string>;
  react(event: RecordedEvent): Promise<void>;
}

const NAMESPACE = 'b3f1c6a2-5d4e-4f8a-9c7b-1e2d3f4a5b6c';

/** The deterministic id of the `index`-th event a reaction writes to `streamId` for `trigger`. */
export function reactionEventId(trigger: string, action: string, streamId: string, index = 0): string {
  return uuidV5(`${trigger}\n${action}\n${streamId}\n${index}`, NAMESPACE);
}

/**
 * Load, decide, append for a reaction, with ids from `reactionEventId`: the write side of
 * a process manager (the API's CommandExecutor serves HTTP callers; this has no caller,
 * no access policy and no Idempotency-Key, its idempotency is the trigger's id).
 * Returns false when the decider refuses (the reaction is recorded as not applicable).
 */
export async function decideAndAppend<S, C, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<S, C, E>,
  streamId: string,
  build: (state: S) => C | undefined,
  ids: { trigger: string; action: string },
  metadata: EventMetadata,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const stored = await store.readForDecision(streamId);
    const first = reactionEventId(ids.trigger, ids.action, streamId, 0);
    if (stored.some((e) => e.id === first)) return true;
    let state = decider.initialState();
    for (const e of stored) state = decider.evolve(state, { type: e.type, data: e.data } as E);
    const command = build(state);
    if (command === undefined) return false;
    let decided: readonly E[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    if (decided.length === 0) return true;
    try {
      await store.append(
        streamId,
        decided.map((e, i) => ({ id: reactionEventId(ids.trigger, ids.action, streamId, i), type: e.type, data: e.data as Record<string, unknown>, metadata })),
        stored.length === 0 ? 'no_stream' : BigInt(stored.length - 1),
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersion && attempt < 8) continue;
      throw error;
    }
  }
}

export interface ProcessManagerRunnerOptions {
  readonly batchSize?: number;
  /** After a failed batch the manager restarts from its checkpoint after this delay. */
  readonly retryMs?: number;
  /** One active instance per manager in a cluster (PostgreSQL advisory lock). */
  readonly leaderLock?: boolean;
  readonly onError?: (manager: string, error: unknown) => void;
}

interface LockClient extends SqlQueryable {
  release(): void;
}

/** Something that lends a dedicated connection (a pg Pool) for the leader lock, and runs queries. */
export interface RunnerDatabase extends SqlQueryable {
  connect(): Promise<LockClient>;
}

/**
 * Runs process managers: one subscription each, from its checkpoint (rows of
 * `projection_checkpoints` named after the manager). The checkpoint moves after the
 * batch's reactions are written: at-least-once delivery, exactly-once effect through
 * the deterministic event ids.
 */
export class ProcessManagerRunner {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly locks = new Map<string, LockClient>();
  private readonly positions = new Map<string, bigint>();
  private stopped = false;

  constructor(
    private readonly store: EventStore,
    private readonly db: RunnerDatabase,
    readonly managers: readonly ProcessManager[],
    private readonly options: ProcessManagerRunnerOptions = {},
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    for (const manager of this.managers) await this.startOne(manager);
  }

  /** Position this runner has handled for a manager (undefined before it started). */
  positionOf(name: string): bigint | undefined {
    return this.positions.get(name);
  }

  private async startOne(manager: ProcessManager): Promise<void> {
    if (this.stopped) return;
    const retry = () => {
      if (!this.stopped) setTimeout(() => void this.startOne(manager), this.options.retryMs ?? 1000).unref();
    };
    try {
      if (this.options.leaderLock && !(await this.lead(manager.name))) return void retry();
      const from = await this.checkpoint(manager.name);
      this.positions.set(manager.name, from);
      let savedAt = Date.now();
      const subscription = await this.store.subscribe({
        fromPosition: from,
        batchSize: this.options.batchSize ?? 200,
        handler: async (events) => {
          let handled = 0;
          for (const event of events) {
            if (!manager.handles.has(event.type)) continue;
            await manager.react(event);
            handled++;
          }
          const last = events[events.length - 1]!.position;
          // Batches with nothing to react to are re-read harmlessly after a crash: save them now and then.
          if (handled > 0 || Date.now() - savedAt > 2000) {
            await this.save(manager.name, last, handled);
            savedAt = Date.now();
          }
          this.positions.set(manager.name, last);
        },
        onError: (error) => {
          this.subscriptions.delete(manager.name);
          this.options.onError?.(manager.name, error);
          retry();
        },
      });
      this.subscriptions.set(manager.name, subscription);
    } catch (error) {
      this.options.onError?.(manager.name, error);
      retry();
    }
  }

  private async lead(name: string): Promise<boolean> {
    if (this.locks.has(name)) return true;
    const client = await this.db.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`automation:${name}`]);
    if (!rows[0]?.ok) {
      client.release();
      return false;
    }
    this.locks.set(name, client);
    return true;
  }

  async checkpoint(name: string): Promise<bigint> {
    const { rows } = await this.db.query<{ position: string }>('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [name]);
    return rows.length ? BigInt(rows[0]!.position) : 0n;
  }

  private async save(name: string, position: bigint, handled: number): Promise<void> {
    await this.db.query(
      `INSERT INTO projection_checkpoints (name, position, events, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position),
         events = projection_checkpoints.events + EXCLUDED.events, updated_at = now()`,
      [name, position.toString(), handled],
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.subscriptions.values()].map((s) => s.stop()));
    this.subscriptions.clear();
    for (const [name, position] of this.positions) await this.save(name, position, 0).catch(() => undefined);
    for (const lock of this.locks.values()) {
      await lock.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      lock.release();
    }
    this.locks.clear();
  }
}

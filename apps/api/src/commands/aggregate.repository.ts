import { Inject, Injectable, Optional } from '@nestjs/common';
import { v5 as uuidv5 } from './uuid-v5.js';
import { randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from '#domain';
import { WrongExpectedVersion } from '#event-store';
import { EVENT_STORE, type DecisionEvent, type EventStore } from '#event-store';
import { CallerPositions } from '../consistency/caller-positions.js';
import type { CommandContext } from './command-context.js';

export interface CommandOutcome<E> {
  /** Stream version after the command: the number of events in the stream (the ETag). */
  readonly version: number;
  readonly events: readonly E[];
  readonly position: bigint;
}

const MAX_ATTEMPTS = 8;

/** Loads a stream for `executeAcross` and remembers the version the decision is based on. */
export type StreamLoader = <S, C, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string) => Promise<S>;
const IDEMPOTENCY_NAMESPACE = '0f1d4a5e-8c63-4c7e-9d4b-6b3c1f2e7a10';

/**
 * Load stream -> decide (pure) -> append with the expected version. With If-Match
 * a concurrent change is a 412; without it the command is decided again on the
 * new state, which is safe because decide is pure. With an Idempotency-Key the
 * event ids are derived from the key, so a retry whose first attempt already
 * landed finds its own events instead of writing them twice.
 */
@Injectable()
export class AggregateRepository {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    /** Records the caller's writes for read-your-writes and stamps `Ledger-Position`; commands never wait for projections. */
    @Optional() @Inject(CallerPositions) private readonly positions?: CallerPositions,
  ) {}

  async load<S, C, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
  ): Promise<{ state: S; version: number; events: DecisionEvent[] }> {
    const events = await this.store.readForDecision(streamId);
    let state = decider.initialState();
    for (const e of events) state = decider.evolve(state, { type: e.type, data: e.data } as E);
    return { state, version: events.length, events };
  }

  async execute<S, C, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
    command: C | ((state: S) => C),
    ctx: CommandContext,
    /** Checks the caller against the loaded state (e.g. only the holder may act); runs on every attempt. */
    guard?: (state: S) => Promise<void> | void,
  ): Promise<CommandOutcome<E>> {
    for (let attempt = 1; ; attempt++) {
      const { state, version, events: stored } = await this.load(decider, streamId);
      if (guard) await guard(state);
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== version) {
        throw new WrongExpectedVersion(streamId, BigInt(ctx.ifMatch - 1), version === 0 ? undefined : BigInt(version - 1));
      }
      const ids = (n: number) => Array.from({ length: n }, (_, i) => this.eventId(ctx, streamId, i));
      if (ctx.idempotencyKey) {
        const first = this.eventId(ctx, streamId, 0);
        const landed = stored.findIndex((e) => e.id === first);
        if (landed >= 0) return this.replayed<E>(stored, streamId, landed, ctx);
      }
      const c = typeof command === 'function' ? (command as (s: S) => C)(state) : command;
      const decided = decider.decide(c, state);
      if (decided.length === 0) {
        const position = stored.at(-1)?.position ?? 0n;
        this.positions?.appended({ caller: ctx.principal.sub, types: [], position });
        return { version, events: [], position };
      }
      const eventIds = ids(decided.length);
      try {
        const result = await this.store.append(
          streamId,
          decided.map((e, i) => ({ id: eventIds[i]!, type: e.type, data: e.data as Record<string, unknown>, metadata: this.metadata(ctx) })),
          version === 0 ? 'no_stream' : BigInt(version - 1),
        );
        this.positions?.appended({ caller: ctx.principal.sub, types: decided.map((e) => e.type), position: result.position });
        return { version: Number(result.nextExpectedRevision) + 1, events: decided, position: result.position };
      } catch (error) {
        if (error instanceof WrongExpectedVersion && ctx.ifMatch === undefined && attempt < MAX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * A command whose one outcome spans several streams (a unit merge hands over each
   * open assignment and moves each person). `decide` loads what it needs through the
   * loader it is given (which remembers each stream's version) and returns the events
   * per stream; they are appended with `appendStreams`, each stream at the version it
   * was decided on: atomic on PostgreSQL, the port's ordered fallback on EventStoreDB
   * (write order: as returned, with `primary` moved last, so a retry completes a
   * partial outcome). Conflicts are decided again like `execute`; If-Match applies to
   * `primary`. Event ids as in `execute` (derived from an Idempotency-Key when given).
   */
  async executeAcross(
    primary: string,
    decide: (load: StreamLoader) => Promise<ReadonlyArray<{ readonly streamId: string; readonly events: readonly DomainEvent[] }>>,
    ctx: CommandContext,
  ): Promise<{ version: number; position: bigint; streams: ReadonlyArray<{ streamId: string; events: readonly DomainEvent[] }> }> {
    for (let attempt = 1; ; attempt++) {
      const versions = new Map<string, number>();
      const loader: StreamLoader = async (decider, streamId) => {
        const loaded = await this.load(decider, streamId);
        versions.set(streamId, loaded.version);
        // A stale If-Match is refused before anything is decided.
        if (streamId === primary && ctx.ifMatch !== undefined && ctx.ifMatch !== loaded.version) {
          throw new WrongExpectedVersion(primary, BigInt(ctx.ifMatch - 1), loaded.version === 0 ? undefined : BigInt(loaded.version - 1));
        }
        return loaded.state;
      };
      const decided = (await decide(loader)).filter((w) => w.events.length > 0);
      const ordered = [...decided.filter((w) => w.streamId !== primary), ...decided.filter((w) => w.streamId === primary)];
      const primaryVersion = versions.get(primary) ?? 0;
      if (ordered.length === 0) return { version: primaryVersion, position: 0n, streams: [] };
      const metadata = this.metadata(ctx);
      const writes = ordered.map((w) => {
        const version = versions.get(w.streamId);
        if (version === undefined) throw new Error(`executeAcross: ${w.streamId} was decided on without being loaded`);
        return {
          streamId: w.streamId,
          events: w.events.map((e, i) => ({ id: this.eventId(ctx, w.streamId, i), type: e.type, data: e.data as Record<string, unknown>, metadata })),
          expected: version === 0 ? ('no_stream' as const) : BigInt(version - 1),
        };
      });
      try {
        const result = await this.store.appendStreams(writes);
        this.positions?.appended({ caller: ctx.principal.sub, types: ordered.flatMap((w) => w.events.map((e) => e.type)), position: result.position });
        const mine = result.streams.find((r) => r.streamId === primary);
        return { version: mine ? Number(mine.nextExpectedRevision) + 1 : primaryVersion, position: result.position, streams: ordered };
      } catch (error) {
        const onPrimary = error instanceof WrongExpectedVersion && error.streamId === primary;
        if (error instanceof WrongExpectedVersion && !(onPrimary && ctx.ifMatch !== undefined) && attempt < MAX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
          continue;
        }
        throw error;
      }
    }
  }

  private replayed<E>(stored: readonly DecisionEvent[], streamId: string, from: number, ctx: CommandContext): CommandOutcome<E> {
    const mine = stored.slice(from).filter((e, i) => e.id === this.eventId(ctx, streamId, i));
    const last = mine.at(-1)!;
    this.positions?.appended({ caller: ctx.principal.sub, types: mine.map((e) => e.type), position: last.position });
    return { version: Number(last.revision) + 1, events: mine.map((e) => ({ type: e.type, data: e.data }) as E), position: last.position };
  }

  private eventId(ctx: CommandContext, streamId: string, index: number): string {
    if (!ctx.idempotencyKey) return randomUUID();
    return uuidv5(`${ctx.principal.sub}\n${ctx.idempotencyKey}\n${streamId}\n${index}`, IDEMPOTENCY_NAMESPACE);
  }

  metadata(ctx: CommandContext): Record<string, unknown> {
    return {
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? ctx.correlationId,
      actor: { sub: ctx.principal.sub, roles: [...ctx.principal.roles] },
      occurredAt: ctx.occurredAt,
      ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
    };
  }
}

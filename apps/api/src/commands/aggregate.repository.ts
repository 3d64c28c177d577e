import { Inject, Injectable, Optional } from '@nestjs/common';
import { v5 as uuidv5 } from './uuid-v5.js';
import { randomUUID } from 'node:crypto';
import type { Decider, DomainEvent } from '#domain';
import { WrongExpectedVersion } from '#event-store';
import { EVENT_STORE, type DecisionEvent, type EventStore } from '#event-store';
import type { CommandContext } from './command-context.js';
import { PERSON_DIRECTORY, type PersonDirectory } from '../http/person-ref.interceptor.js';

/** Lets a command wait until the in-process projections reached its events (read-your-writes). */
export const CONSISTENCY_GATE = Symbol.for('accountability-ledger.ConsistencyGate');
export interface ConsistencyGate {
  waitFor(position: bigint, timeoutMs?: number): Promise<boolean>;
  /** Until every read model, eventual ones included, has applied everything recorded so far. */
  settle(timeoutMs?: number): Promise<boolean>;
}

export interface CommandOutcome<E> {
  /** Stream version after the command: the number of events in the stream (the ETag). */
  readonly version: number;
  readonly events: readonly E[];
  readonly position: bigint;
}

const MAX_ATTEMPTS = 8;
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
    @Optional() @Inject(CONSISTENCY_GATE) private readonly gate?: ConsistencyGate,
    @Optional() @Inject(PERSON_DIRECTORY) private readonly people?: PersonDirectory,
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
    let peopleChecked = false;
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
      if (decided.length === 0) return { version, events: [], position: stored.at(-1)?.position ?? 0n };
      // After authorization and the decision (so a caller without the right learns nothing
      // about who exists), before anything is written: the people the request names exist.
      if (!peopleChecked && ctx.personReferences?.length && this.people) {
        await this.people.assertActive(ctx.personReferences, ctx.principal.sub);
        peopleChecked = true;
      }
      const eventIds = ids(decided.length);
      try {
        const result = await this.store.append(
          streamId,
          decided.map((e, i) => ({ id: eventIds[i]!, type: e.type, data: e.data as Record<string, unknown>, metadata: this.metadata(ctx) })),
          version === 0 ? 'no_stream' : BigInt(version - 1),
        );
        await this.gate?.waitFor(result.position, 3000);
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

  private replayed<E>(stored: readonly DecisionEvent[], streamId: string, from: number, ctx: CommandContext): CommandOutcome<E> {
    const mine = stored.slice(from).filter((e, i) => e.id === this.eventId(ctx, streamId, i));
    const last = mine.at(-1)!;
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

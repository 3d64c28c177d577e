import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { APP_CONFIG, type AppConfig } from '#platform';
import { authorize, type AccessPolicy, type Actor, type Decider, type DomainCommand, type DomainEvent } from '#domain';
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { EVENT_STORE, ledgerTracer, traceHeaders, WrongExpectedVersion, type DecisionEvent, type EventStore } from '#event-store';
import type { Principal } from '../auth/principal.js';
import { ScopeService } from '../auth/scope.service.js';
import { CallerPositions } from '../consistency/caller-positions.js';
import { domainNow, type CommandContext } from './command-context.js';
import { KeyedQueue } from './keyed-queue.js';
import { uuidV5 as uuidv5 } from '#event-store';
import { PERSON_DIRECTORY, PersonDirectory } from '../http/person-ref.interceptor.js';

export interface CommandOutcome<E> {
  /** Stream version after the command: the number of events in the stream (the ETag). */
  readonly version: number;
  /** Global position of the command's last event (the consistency token). */
  readonly position: bigint;
  readonly events: readonly E[];
}

/** A domain command as a route builds it: the executor adds `now`, `actor` and `actingAs`. */
export type CommandInput<C> = C extends DomainCommand ? Omit<C, 'now' | 'actor' | 'actingAs'> & { readonly actor?: string } : never;

/** One command for the executor. */
export interface CommandRequest<S, C extends DomainCommand, E extends DomainEvent> {
  readonly decider: Decider<S, C, E>;
  readonly stream: string;
  /** Who may act and as what (`<aggregate>.access.ts`), asked on the state the command is decided on. */
  readonly access: AccessPolicy<S, C>;
  readonly command: CommandInput<C>;
  readonly ctx: CommandContext;
  /**
   * The caller as the policy sees it; resolved from `ctx.principal` when omitted. A
   * promise is awaited together with the stream read (the two are independent reads).
   */
  readonly who?: Actor | Promise<Actor>;
}

/** Thrown for a stale If-Match: the version the caller saw is not the stream's (a 412 with the current version). */
export class StaleVersion extends WrongExpectedVersion {}

const MAX_ATTEMPTS = 8;
const DEFAULT_STATE_CACHE = 5000;

/** A stream folded by one decider, as of `version` (the basis of the next decision on it). */
interface Folded {
  readonly decider: object;
  readonly state: unknown;
  readonly version: number;
  /** Global position of the stream's last event. */
  readonly position: bigint;
}

/** What a decision is based on: the stream as read (`events`), or as remembered (`cached`). */
interface Basis<S> {
  readonly state: S;
  readonly version: number;
  readonly position: bigint;
  readonly events?: DecisionEvent[];
  readonly cached: boolean;
}

/** The events `executeAcross` appends to one stream; `actingAs` (the capacity the access policy answered) goes into their metadata. */
export interface AcrossWrite {
  readonly streamId: string;
  readonly events: readonly DomainEvent[];
  readonly actingAs?: string;
}

/** Loads a stream for `executeAcross` and remembers the version the decision is based on. */
export type StreamLoader = <S, C, E extends DomainEvent>(decider: Decider<S, C, E>, streamId: string) => Promise<S>;
const IDEMPOTENCY_NAMESPACE = '0f1d4a5e-8c63-4c7e-9d4b-6b3c1f2e7a10';

/**
 * The one write path (DESIGN.md 2). For each command, in this order:
 * 1. wait for the stream's turn in this process (a keyed queue: commands on one
 *    stream never conflict with each other inside one instance);
 * 2. load the stream and fold it;
 * 3. an Idempotency-Key whose events already landed replays them (deterministic ids);
 * 4. a stale If-Match is a 412 with the current version, before anything else is
 *    checked (so a former holder learns the record moved, not that they lost it);
 * 5. the access policy answers the capacity against the loaded state (403/404 otherwise);
 * 6. decide (pure, with `now`, `actor`, `actingAs`), append with the expected version.
 * A conflict without If-Match (another process appended in between) decides again
 * on the new state, which is safe because decide is pure.
 */
@Injectable()
export class CommandExecutor {
  private readonly queue = new KeyedQueue();
  /**
   * The folded state and version of recently written streams (COMMAND_STATE_CACHE), the
   * basis of the next decision on them instead of a read. Never trusted for an answer
   * other than a successful append: the append's expected version proves the basis was
   * the stream's current state (another instance's append makes it a conflict, and the
   * command is read and decided again); a refusal, a no-op and a stale If-Match are
   * decided again on the stream as read before they are answered.
   */
  private readonly folded?: LRUCache<string, Folded>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ScopeService) private readonly scope: ScopeService,
    /** Records the caller's writes for read-your-writes and stamps `Ledger-Position`; commands never wait for projections. */
    @Optional() @Inject(CallerPositions) private readonly positions?: CallerPositions,
    @Optional() @Inject(PERSON_DIRECTORY) private readonly people?: PersonDirectory,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'COMMAND_STATE_CACHE'>,
  ) {
    const size = config?.COMMAND_STATE_CACHE ?? DEFAULT_STATE_CACHE;
    if (size > 0) this.folded = new LRUCache({ max: size });
  }

  /** The caller as access policies see it: unit subtrees and own unit resolved from the directory. */
  actorFor(principal: Principal): Promise<Actor> {
    return this.scope.actorFor(principal);
  }

  async load<S, C, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    streamId: string,
  ): Promise<{ state: S; version: number; events: DecisionEvent[] }> {
    const events = await this.store.readForDecision(streamId);
    let state = decider.initialState();
    for (const e of events) state = decider.evolve(state, { type: e.type, data: e.data } as E);
    return { state, version: events.length, events };
  }

  /** The command in a span (`command <Type>`), with `decide` and `append` spans inside it. */
  execute<S, C extends DomainCommand, E extends DomainEvent>(request: CommandRequest<S, C, E>): Promise<CommandOutcome<E>> {
    const type = (request.command as { type?: unknown }).type;
    const name = `command ${typeof type === 'string' ? type : (request.stream.split('-')[0] ?? request.stream)}`;
    return ledgerTracer().startActiveSpan(name, { attributes: { 'ledger.stream_id': request.stream, 'ledger.correlation_id': request.ctx.correlationId } }, async (span) => {
      try {
        const { who, people } = this.callerAndPeople(request);
        // Awaited inside the stream's turn, with the stream read; a failure surfaces there.
        who.catch(() => undefined);
        const outcome = await this.queue.run(request.stream, () => this.attempts(request, who, people, span));
        span.setAttribute('ledger.events', outcome.events.length);
        // No wait for projections here: readers wait for what they read (README "Consistency").
        this.positions?.appended({ caller: request.ctx.principal.sub, types: outcome.events.map((e) => e.type), position: outcome.position });
        return outcome;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /**
   * The caller as the policy sees it and the directory check of the people the request
   * names. Both are READ before the stream's turn, in ONE statement when the route did not
   * resolve the caller already (`who`), and together with the stream read (one round trip
   * of latency); the directory's answer is still only USED after authorization and the
   * decision (`attempts`), so a caller without the right learns nothing about who exists.
   */
  private callerAndPeople<S, C extends DomainCommand, E extends DomainEvent>(
    request: CommandRequest<S, C, E>,
  ): { who: Promise<Actor>; people?: Promise<{ error: unknown } | undefined> } {
    const { principal, personReferences: refs = [] } = request.ctx;
    const ids = this.people && refs.length ? PersonDirectory.toCheck(refs, principal.sub) : [];
    if (request.who === undefined && ids.length > 0) {
      const both = this.scope.actorChecking(principal, ids);
      const people = both.then(
        ({ active }) => {
          try {
            PersonDirectory.verdict(refs, principal.sub, active);
            return undefined;
          } catch (error) {
            return { error };
          }
        },
        // The statement failed: `who` rejects with the same error, which surfaces first.
        (error: unknown) => ({ error }),
      );
      return { who: both.then((b) => b.actor), people };
    }
    const who = Promise.resolve(request.who ?? this.actorFor(principal));
    if (ids.length === 0) return { who };
    return { who, people: this.people!.assertActive(refs, principal.sub).then(() => undefined, (error: unknown) => ({ error })) };
  }

  private async attempts<S, C extends DomainCommand, E extends DomainEvent>(
    request: CommandRequest<S, C, E>,
    whoPromise: Promise<Actor>,
    checkedPeople: Promise<{ error: unknown } | undefined> | undefined,
    span: Span,
  ): Promise<CommandOutcome<E>> {
    const { decider, stream, access, ctx } = request;
    let peopleChecked = false;
    let people: Promise<{ error: unknown } | undefined> | undefined = checkedPeople;
    // The remembered fold is a basis only without an Idempotency-Key (a retry looks for
    // its own events in the stream as read).
    let fresh = ctx.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      const [basis, who] = await Promise.all([this.basis(decider, stream, fresh), whoPromise]);
      const { state, version } = basis;
      // Anything but a successful append is answered from the stream as read: a basis
      // from memory that leads elsewhere is read again and decided again.
      const again = () => {
        this.folded?.delete(stream);
        fresh = true;
      };
      if (ctx.idempotencyKey && basis.events) {
        const first = this.eventId(ctx, stream, 0);
        const landed = basis.events.findIndex((e) => e.id === first);
        if (landed >= 0) return this.replayed<E>(basis.events, stream, landed, ctx);
      }
      if (ctx.ifMatch !== undefined && ctx.ifMatch !== version) {
        if (basis.cached) {
          again();
          continue;
        }
        throw new StaleVersion(stream, BigInt(ctx.ifMatch - 1), version === 0 ? undefined : BigInt(version - 1));
      }
      let decided: readonly E[];
      let actingAs: string;
      try {
        const base = { ...request.command, now: domainNow(ctx), actor: request.command.actor ?? ctx.principal.sub } as unknown as C;
        const named = access.people?.(state, base) ?? [];
        actingAs = authorize(access, named.length ? who.knowing(await this.scope.unitsOf(named)) : who, state, base);
        span.setAttribute('ledger.acting_as', String(actingAs));
        decided = ledgerTracer().startActiveSpan('decide', (s) => {
          try {
            return decider.decide({ ...base, actingAs }, state);
          } finally {
            s.end();
          }
        });
      } catch (error) {
        if (basis.cached) {
          again();
          continue;
        }
        throw error;
      }
      if (decided.length === 0) {
        if (basis.cached) {
          again();
          continue;
        }
        return { version, events: [], position: basis.position };
      }
      // After authorization and the decision (so a caller without the right learns nothing
      // about who exists), before anything is written: the people the request names exist.
      if (!peopleChecked && people) {
        const checked = await people;
        if (checked) {
          if (basis.cached) {
            // Kept for the next attempt: the answer does not depend on the stream.
            people = Promise.resolve(checked);
            again();
            continue;
          }
          throw checked.error;
        }
        peopleChecked = true;
        people = undefined;
      }
      try {
        // The events' metadata carries the append span's traceparent: projections and
        // the relay link their spans to it, subscribers get it as a CloudEvent extension.
        const result = await ledgerTracer().startActiveSpan('append', { attributes: { 'ledger.stream_id': stream, 'ledger.attempt': attempt } }, async (s) => {
          try {
            return await this.store.append(
              stream,
              decided.map((e, i) => ({
                id: this.eventId(ctx, stream, i),
                type: e.type,
                data: e.data as Record<string, unknown>,
                metadata: this.metadata(ctx, actingAs),
              })),
              version === 0 ? 'no_stream' : BigInt(version - 1),
            );
          } finally {
            s.end();
          }
        });
        const next = Number(result.nextExpectedRevision) + 1;
        if (!result.idempotentReplay) this.remember(decider, stream, state, decided, next, result.position);
        else this.folded?.delete(stream);
        return { version: next, events: decided, position: result.position };
      } catch (error) {
        this.folded?.delete(stream);
        if (error instanceof WrongExpectedVersion && ctx.ifMatch === undefined && attempt < MAX_ATTEMPTS) {
          fresh = true;
          // A remembered basis that another writer overtook: read and decide again at once.
          if (!basis.cached) await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
          continue;
        }
        // With If-Match, a conflict is a 412 whatever the basis was: the version the
        // caller saw (= the basis's) is not the stream's, and the error carries the
        // stream's actual revision from the append itself.
        throw error;
      }
    }
  }

  /** The basis of a decision: the remembered fold of this stream by this decider, else the stream as read. */
  private async basis<S, C, E extends DomainEvent>(decider: Decider<S, C, E>, stream: string, fresh: boolean): Promise<Basis<S>> {
    if (!fresh) {
      const known = this.folded?.get(stream);
      if (known && known.decider === decider) return { state: known.state as S, version: known.version, position: known.position, cached: true };
    }
    const loaded = await this.load(decider, stream);
    const position = loaded.events.at(-1)?.position ?? 0n;
    if (this.folded && loaded.version > 0) this.folded.set(stream, { decider, state: loaded.state, version: loaded.version, position });
    return { ...loaded, position, cached: false };
  }

  /** Remembers the stream after an append of `decided` on `state`: folded as a read would fold it (the data as stored, JSON). */
  private remember<S, C, E extends DomainEvent>(decider: Decider<S, C, E>, stream: string, state: S, decided: readonly E[], version: number, position: bigint): void {
    if (!this.folded) return;
    let next = state;
    for (const e of decided) next = decider.evolve(next, { type: e.type, data: JSON.parse(JSON.stringify(e.data ?? null)) } as E);
    this.folded.set(stream, { decider, state: next, version, position });
  }

  /**
   * A command whose one outcome spans several streams (a unit merge hands over each
   * open assignment and moves each person). `decide` loads what it needs through the
   * loader it is given (which remembers each stream's version) and returns the events
   * per stream; they are appended with `appendStreams`, each stream at the version it
   * was decided on: atomic on PostgreSQL, the port's ordered fallback on EventStoreDB
   * (write order: as returned, with `primary` moved last, so a retry completes a
   * partial outcome). A stale If-Match on `primary` is refused when it is loaded;
   * conflicts without If-Match are decided again. Event ids as in `execute`.
   */
  async executeAcross(
    primary: string,
    decide: (load: StreamLoader) => Promise<ReadonlyArray<AcrossWrite>>,
    ctx: CommandContext,
  ): Promise<{ version: number; position: bigint; streams: ReadonlyArray<{ streamId: string; events: readonly DomainEvent[] }> }> {
    const outcome = await this.queue.run(primary, () => this.acrossAttempts(primary, decide, ctx));
    // Streams written here are read again by their next command (nothing else in this process
    // could rely on them anyway: the appends' expected versions would refuse a stale basis).
    for (const w of outcome.streams) this.folded?.delete(w.streamId);
    this.positions?.appended({ caller: ctx.principal.sub, types: outcome.streams.flatMap((w) => w.events.map((e) => e.type)), position: outcome.position });
    return outcome;
  }

  private async acrossAttempts(
    primary: string,
    decide: (load: StreamLoader) => Promise<ReadonlyArray<AcrossWrite>>,
    ctx: CommandContext,
  ): Promise<{ version: number; position: bigint; streams: ReadonlyArray<{ streamId: string; events: readonly DomainEvent[] }> }> {
    for (let attempt = 1; ; attempt++) {
      const versions = new Map<string, number>();
      const loader: StreamLoader = async (decider, streamId) => {
        const loaded = await this.load(decider, streamId);
        versions.set(streamId, loaded.version);
        if (streamId === primary && ctx.ifMatch !== undefined && ctx.ifMatch !== loaded.version) {
          throw new StaleVersion(primary, BigInt(ctx.ifMatch - 1), loaded.version === 0 ? undefined : BigInt(loaded.version - 1));
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
          events: w.events.map((e, i) => ({ id: this.eventId(ctx, w.streamId, i), type: e.type, data: e.data as Record<string, unknown>, metadata: w.actingAs ? this.metadata(ctx, w.actingAs) : metadata })),
          expected: version === 0 ? ('no_stream' as const) : BigInt(version - 1),
        };
      });
      try {
        const result = await this.store.appendStreams(writes);
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

  /**
   * Many commands, each on its own stream that the caller believes new (a month's score
   * sheets for a province): each is authorized and decided on the empty state exactly as
   * `execute` would, then all are appended with `no_stream` through `appendStreams` in
   * chunks (one round of the append function per stream, one transaction per chunk). A
   * chunk that meets a stream that exists after all goes through `execute` one by one
   * (which loads the real state). Errors are per command, never thrown for the batch.
   * Issue 14; measured in bench/score-sheets.bench.ts.
   */
  async executeNew<S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    access: AccessPolicy<S, C>,
    items: ReadonlyArray<{ readonly stream: string; readonly command: CommandInput<C> }>,
    ctx: CommandContext,
    who: Actor,
    chunk = 250,
    inFlight = 4,
  ): Promise<Array<{ readonly stream: string; readonly appended: number; readonly error?: unknown }>> {
    const out: Array<{ stream: string; appended: number; error?: unknown }> = [];
    const chunks: Array<typeof items> = [];
    for (let from = 0; from < items.length; from += chunk) chunks.push(items.slice(from, from + chunk));
    // A few chunks in flight: each is one transaction with one round trip per stream, so
    // overlapping them hides the latency (measured in bench/score-sheets.bench.ts).
    const worker = async () => {
      for (let part = chunks.shift(); part; part = chunks.shift()) await this.newChunk(decider, access, part, ctx, who, out);
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, chunks.length) }, worker));
    return out;
  }

  private async newChunk<S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    access: AccessPolicy<S, C>,
    part: ReadonlyArray<{ readonly stream: string; readonly command: CommandInput<C> }>,
    ctx: CommandContext,
    who: Actor,
    out: Array<{ stream: string; appended: number; error?: unknown }>,
  ): Promise<void> {
    const decided: Array<{ stream: string; events: readonly E[]; actingAs: string }> = [];
    for (const item of part) {
      try {
        const base = { ...item.command, now: domainNow(ctx), actor: item.command.actor ?? ctx.principal.sub } as unknown as C;
        const state = decider.initialState();
        const actingAs = authorize(access, who, state, base);
        decided.push({ stream: item.stream, events: decider.decide({ ...base, actingAs }, state), actingAs });
      } catch (error) {
        out.push({ stream: item.stream, appended: 0, error });
      }
    }
    const writes = decided.filter((d) => d.events.length > 0);
    try {
      if (writes.length) {
        const result = await this.store.appendStreams(
          writes.map((w) => ({
            streamId: w.stream,
            events: w.events.map((e, i) => ({ id: this.eventId(ctx, w.stream, i), type: e.type, data: e.data as Record<string, unknown>, metadata: this.metadata(ctx, w.actingAs) })),
            expected: 'no_stream' as const,
          })),
        );
        for (const w of writes) this.folded?.delete(w.stream);
        this.positions?.appended({ caller: ctx.principal.sub, types: [...new Set(writes.flatMap((w) => w.events.map((e) => e.type)))], position: result.position });
      }
      for (const d of decided) out.push({ stream: d.stream, appended: d.events.length });
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      for (const d of decided) {
        const item = part.find((i) => i.stream === d.stream)!;
        try {
          const outcome = await this.execute({ decider, stream: d.stream, access, command: item.command, ctx, who });
          out.push({ stream: d.stream, appended: outcome.events.length });
        } catch (e) {
          out.push({ stream: d.stream, appended: 0, error: e });
        }
      }
    }
  }

  private replayed<E>(stored: readonly DecisionEvent[], streamId: string, from: number, ctx: CommandContext): CommandOutcome<E> {
    const mine = stored.slice(from).filter((e, i) => e.id === this.eventId(ctx, streamId, i));
    const last = mine.at(-1)!;
    return { version: Number(last.revision) + 1, events: mine.map((e) => ({ type: e.type, data: e.data }) as E), position: last.position };
  }

  /** Deterministic from the Idempotency-Key (a retry finds its own events), random otherwise. */
  eventId(ctx: CommandContext, streamId: string, index: number): string {
    if (!ctx.idempotencyKey) return randomUUID();
    return uuidv5(`${ctx.principal.sub}\n${ctx.idempotencyKey}\n${streamId}\n${index}`, IDEMPOTENCY_NAMESPACE);
  }

  metadata(ctx: CommandContext, actingAs?: string): Record<string, unknown> {
    return {
      correlationId: ctx.correlationId,
      causationId: ctx.causationId ?? ctx.correlationId,
      actor: { sub: ctx.principal.sub, roles: [...ctx.principal.roles], ...(actingAs ? { actingAs } : {}) },
      occurredAt: ctx.occurredAt,
      ...(ctx.idempotencyKey ? { idempotencyKey: ctx.idempotencyKey } : {}),
      ...traceHeaders(),
    };
  }
}

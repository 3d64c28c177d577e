import { createParamDecorator, Inject, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AccessPolicy, Actor, Decider, DomainCommand, DomainEvent } from '#domain';
import { WrongExpectedVersion } from '#event-store';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { commandContext, type CommandContext } from './command-context.js';
import { newResourceId } from './resource-id.js';
import { CommandExecutor, type CommandInput, type CommandOutcome, type AcrossWrite, type StreamLoader } from './command-executor.js';

/** Response header carrying the global position of the command's last event (the consistency token). */
export const POSITION_HEADER = 'ledger-position';

/**
 * What a command route gets instead of `@CurrentPrincipal @Req @Res`: the caller and
 * one `run` that hands the domain command to the executor and sets the response
 * headers (ETag = stream version, Ledger-Position, Location for a creation).
 */
export class CommandCall {
  private context?: CommandContext;
  private actor?: Promise<Actor>;

  constructor(
    private readonly executor: CommandExecutor,
    readonly principal: Principal,
    private readonly request: AuthenticatedRequest,
    private readonly reply: FastifyReply,
  ) {}

  /** If-Match, Idempotency-Key, correlation id, and business time (`occurredAt` of the body, importers only in the past). */
  get ctx(): CommandContext {
    const occurredAt = (this.request.body as { occurredAt?: unknown } | undefined)?.occurredAt;
    this.context ??= commandContext(this.request, this.principal, typeof occurredAt === 'string' ? { occurredAt } : {});
    return this.context;
  }

  /** The id of a resource the server names: derived from the Idempotency-Key when there is one (a retry addresses the same stream). */
  newId(): string {
    return newResourceId(this.request, this.principal);
  }

  /** The caller as access policies see it (scope resolved once per request). */
  who(): Promise<Actor> {
    this.actor ??= this.executor.actorFor(this.principal);
    return this.actor;
  }

  /** Runs the command; answers `{version}`, or `{id, version}` with Location when `created` is given. */
  async run<S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    stream: string,
    access: AccessPolicy<S, C>,
    command: CommandInput<C>,
    created?: { readonly id: string; readonly location: string },
  ): Promise<{ version: number; id?: string }> {
    const outcome = await this.execute(decider, stream, access, command);
    if (!created) return { version: outcome.version };
    void this.reply.header('location', created.location);
    return { id: created.id, version: outcome.version };
  }

  /** Like `run`, but answers the whole outcome (events and position) for routes that report on them. */
  async execute<S, C extends DomainCommand, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    stream: string,
    access: AccessPolicy<S, C>,
    command: CommandInput<C>,
  ): Promise<CommandOutcome<E>> {
    const ctx = this.ctx;
    try {
      // The caller as resolved for this request when the route asked already; otherwise the
      // executor reads it together with the directory check of the people the request names.
      const outcome = await this.executor.execute({ decider, stream, access, command, ctx, who: this.actor });
      this.headers(outcome.version, outcome.position);
      return outcome;
    } catch (error) {
      // A stale If-Match answers with the current version as the ETag, so the client can re-read and retry.
      if (error instanceof WrongExpectedVersion && ctx.ifMatch !== undefined) {
        void this.reply.header('etag', `"${error.actual === undefined ? 0 : Number(error.actual) + 1}"`);
      }
      throw error;
    }
  }

  /**
   * One outcome over several streams, appended atomically (`executeAcross`): `decide`
   * loads what it needs and returns the events per stream; `primary`'s version is the
   * ETag. Answers `{id, version}` with Location when `created` is given.
   */
  async across(
    primary: string,
    decide: (load: StreamLoader) => Promise<ReadonlyArray<AcrossWrite>>,
    created?: { readonly id: string; readonly location: string },
  ): Promise<{ version: number; id?: string }> {
    const outcome = await this.executor.executeAcross(primary, decide, this.ctx);
    this.headers(outcome.version, outcome.position);
    if (!created) return { version: outcome.version };
    void this.reply.header('location', created.location);
    return { id: created.id, version: outcome.version };
  }

  /** Sets ETag and Ledger-Position for an outcome produced elsewhere (e.g. a multi-stream command). */
  headers(version: number, position: bigint): void {
    void this.reply.header('etag', `"${version}"`);
    void this.reply.header(POSITION_HEADER, position.toString());
  }
}

/** Builds the CommandCall with the executor (a pipe, so it gets dependency injection). */
@Injectable()
export class CommandCallPipe implements PipeTransform<{ request: AuthenticatedRequest; reply: FastifyReply }, CommandCall> {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  transform(value: { request: AuthenticatedRequest; reply: FastifyReply }): CommandCall {
    const principal = value.request.principal;
    if (!principal) throw new Error('@Cmd() used on a public route');
    return new CommandCall(this.executor, principal, value.request, value.reply);
  }
}

const CommandCallParam = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const http = context.switchToHttp();
  return { request: http.getRequest<AuthenticatedRequest>(), reply: http.getResponse<FastifyReply>() };
});

/** The route's CommandCall: the caller, the command context and `run` (replaces `@CurrentPrincipal @Req @Res`). */
export const Cmd = (): ParameterDecorator => CommandCallParam(undefined, CommandCallPipe);

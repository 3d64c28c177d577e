import type { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Decider, DomainEvent } from '#domain';
import type { Principal } from '../auth/principal.js';
import type { CommandOutcome } from '../commands/command-executor.js';
import { commandContext, domainNow, type CommandContext } from '../commands/command-context.js';
import { ExecuteDecision } from '../commands/execute-decision.js';
import { withEtag } from './responses.js';

/** TRANSITIONAL (issue 10): replaced by `@Cmd() cmd: CommandCall` as each aggregate gets its access file. */
export async function runDecision<S, C, E extends DomainEvent>(
  bus: CommandBus,
  decider: Decider<S, C, E>,
  streamId: string,
  build: (now: string, ctx: CommandContext) => C,
  principal: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
  occurredAt?: string,
): Promise<CommandOutcome<E> & { ctx: CommandContext }> {
  const ctx = commandContext(request, principal, occurredAt === undefined ? {} : { occurredAt });
  const outcome = (await bus.execute(new ExecuteDecision(decider, streamId, build(domainNow(ctx), ctx), ctx))) as CommandOutcome<E>;
  withEtag(reply, outcome.version);
  return { ...outcome, ctx };
}

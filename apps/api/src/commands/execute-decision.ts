import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import type { AccessPolicy, Decider, DomainEvent } from '#domain';
import type { CommandContext } from './command-context.js';
import { CommandExecutor, type CommandOutcome } from './command-executor.js';

/**
 * TRANSITIONAL (issue 10): the old CommandBus message for aggregates whose routes are
 * not yet converted to an access file; it runs on the one executor with a policy that
 * lets the caller through (the route checked it). Removed once every aggregate is converted.
 */
export const UNCONVERTED_ACCESS = new Proxy({}, { get: () => () => 'caller' }) as AccessPolicy<never, never>;

export class ExecuteDecision<S = unknown, C = unknown, E extends DomainEvent = DomainEvent> extends Command<CommandOutcome<E>> {
  constructor(
    readonly decider: Decider<S, C, E>,
    readonly streamId: string,
    readonly command: C,
    readonly ctx: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ExecuteDecision)
export class ExecuteDecisionHandler implements ICommandHandler<ExecuteDecision> {
  constructor(@Inject(CommandExecutor) private readonly executor: CommandExecutor) {}

  execute(message: ExecuteDecision): Promise<CommandOutcome<DomainEvent>> {
    return this.executor.execute({
      decider: message.decider as never,
      stream: message.streamId,
      access: UNCONVERTED_ACCESS,
      command: message.command as never,
      ctx: message.ctx,
    });
  }
}

import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import type { Decider, DomainEvent } from '#domain';
import { AggregateRepository, type CommandOutcome } from './aggregate.repository.js';
import type { CommandContext } from './command-context.js';

/**
 * The one write path, sent through the CommandBus: load the stream, decide, append.
 * Every use case builds one of these from its DTO; no per-use-case handler classes.
 */
export class ExecuteDecision<S = unknown, C = unknown, E extends DomainEvent = DomainEvent> extends Command<CommandOutcome<E>> {
  constructor(
    readonly decider: Decider<S, C, E>,
    readonly streamId: string,
    readonly command: C | ((state: S) => C),
    readonly ctx: CommandContext,
    /** Authorization against the loaded state, before deciding; see AggregateRepository.execute. */
    readonly guard?: (state: S) => Promise<void> | void,
  ) {
    super();
  }
}

@CommandHandler(ExecuteDecision)
export class ExecuteDecisionHandler implements ICommandHandler<ExecuteDecision> {
  constructor(@Inject(AggregateRepository) private readonly repository: AggregateRepository) {}

  execute(message: ExecuteDecision): Promise<CommandOutcome<DomainEvent>> {
    return this.repository.execute(message.decider, message.streamId, message.command, message.ctx, message.guard);
  }
}

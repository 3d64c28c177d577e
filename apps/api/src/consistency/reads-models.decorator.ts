import { SetMetadata } from '@nestjs/common';
import type { ReadModelName } from './read-models.js';

export const READS_MODELS = Symbol.for('accountability-ledger.ReadsModels');
export const COMMANDS_READ_MODELS = Symbol.for('accountability-ledger.CommandsReadModels');

/**
 * The read models a route reads. On a controller it covers the controller's GET routes;
 * on a method, that route (whatever its verb), overriding the controller's list.
 * Before the handler runs, `ReadConsistencyInterceptor` waits (bounded) until each
 * named model has reached the caller's `Ledger-Min-Position` and the caller's own last
 * write that the model projects (README "Consistency").
 */
export const ReadsModels = (...models: ReadModelName[]): ClassDecorator & MethodDecorator => SetMetadata(READS_MODELS, models);

/**
 * The read models the command routes of a controller read before deciding (scope, the
 * staff directory, a case's council). A command never waits for a model it only writes.
 */
export const CommandsReadModels = (...models: ReadModelName[]): ClassDecorator => SetMetadata(COMMANDS_READ_MODELS, models);

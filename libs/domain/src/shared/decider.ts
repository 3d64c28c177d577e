/**
 * The shape every aggregate follows (after emmett): pure `decide` and `evolve`,
 * no I/O, no clock, no random ids. Time and ids arrive inside commands.
 */

/** A domain event as the decider sees it: a past-tense type and plain readonly data. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/** A command as the decider sees it; `now` is the server's authoritative instant (ISO 8601). */
export interface DomainCommand<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
  /** Server clock at the time of the request, ISO 8601 with offset. */
  readonly now: string;
  /** Who asks; the subject id of the token. */
  readonly actor: string;
  /**
   * The capacity the actor acts in (holder, manager, council_member...), decided by
   * the aggregate's access policy (`<aggregate>.access.ts`) on the state this command
   * is decided on. Deciders refuse a capacity that does not fit, so every caller
   * (HTTP, CLI, importer) obeys the same rule.
   */
  readonly actingAs?: string;
}

export interface Decider<TState, TCommand, TEvent> {
  readonly initialState: () => TState;
  readonly evolve: (state: TState, event: TEvent) => TState;
  readonly decide: (command: TCommand, state: TState) => readonly TEvent[];
}

/** Folds events into a state with the decider's evolve. */
export function fold<S, C, E>(decider: Decider<S, C, E>, events: Iterable<E>): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/** Compile-time exhaustiveness check for `switch` over a union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

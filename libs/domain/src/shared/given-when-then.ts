import type { Decider } from './decider.js';
import { fold } from './decider.js';
import { DomainError } from './errors.js';

/**
 * Given/when/then for deciders, built from event data only:
 *
 *   spec.given([issued]).when(handOff).then([handedOff]);
 *   spec.given([cancelled]).when(complete).thenThrows('assignment.cancelled');
 */
export function deciderSpec<S, C, E>(decider: Decider<S, C, E>) {
  return {
    given(events: readonly E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected: readonly E[]): void {
              expect(run()).toEqual(expected);
            },
            /** Asserts on the produced events with a custom check. */
            thenEvents(check: (events: readonly E[]) => void): void {
              check(run());
            },
            thenThrows(code: string, fields?: readonly string[]): DomainError {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(DomainError);
              const err = caught as DomainError;
              expect(err.code).toBe(code);
              if (fields) expect(err.errors.map((e) => e.field).sort()).toEqual([...fields].sort());
              return err;
            },
          };
        },
      };
    },
  };
}

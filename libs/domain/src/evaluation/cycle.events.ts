import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/** Staff categories an evaluation cycle can cover (as in the personnel context). */
export type EvaluationCategory = 'cadre' | 'civil_servant' | 'public_employee' | 'worker';

/**
 * The classification policy fixed for one staff category when the cycle opened, so a
 * later change of the policy list does not change the cycle's rules.
 */
export interface CyclePolicyChoice {
  readonly category: EvaluationCategory;
  readonly policyId: string;
  readonly policyVersion: number;
  /** `given`: named by HR when opening; `selected`: chosen by assessment year and category. */
  readonly chosenBy: 'given' | 'selected';
}

/** An annual evaluation cycle for a unit subtree (`cycle-<id>`). */
export type CycleOpened = DomainEvent<
  'CycleOpened',
  {
    readonly cycleId: string;
    readonly year: number;
    readonly scopeUnitId: string;
    readonly policies: readonly CyclePolicyChoice[];
    readonly openedBy: string;
    readonly openedAt: Instant;
  }
>;

/** The cycle is closed: its evaluations accept no further change. */
export type CycleClosed = DomainEvent<
  'CycleClosed',
  { readonly cycleId: string; readonly closedBy: string; readonly closedAt: Instant }
>;

/** Every event of a `cycle-<id>` stream. */
export type CycleEvent = CycleOpened | CycleClosed;

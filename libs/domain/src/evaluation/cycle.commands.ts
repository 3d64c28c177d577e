import type { DomainCommand } from '../shared/decider.js';
import type { CyclePolicyChoice } from './cycle.events.js';

/** Policies are resolved by the caller (policy selection is data, outside the domain). */
export type OpenCycle = DomainCommand<
  'OpenCycle',
  { readonly cycleId: string; readonly year: number; readonly scopeUnitId: string; readonly policies: readonly CyclePolicyChoice[] }
>;
export type CloseCycle = DomainCommand<'CloseCycle', { readonly cycleId: string }>;

export type CycleCommand = OpenCycle | CloseCycle;

import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { CycleCommand, OpenCycle } from './cycle.commands.js';
import type { CycleEvent, CyclePolicyChoice } from './cycle.events.js';
import { cycleCapacity } from './cycle.access.js';
import { EVALUATION_RULES } from './evaluation.errors.js';

/** Stream of one evaluation cycle: `cycle-<id>`. */
export function cycleStream(cycleId: string): string {
  return `cycle-${cycleId}`;
}

export type CycleState =
  | { readonly status: 'none' }
  | {
      readonly status: 'open' | 'closed';
      readonly cycleId: string;
      readonly year: number;
      readonly scopeUnitId: string;
      readonly policies: readonly CyclePolicyChoice[];
    };

export function initialCycleState(): CycleState {
  return { status: 'none' };
}

/** Never throws: a recorded event is a fact. */
export function evolveCycle(state: CycleState, event: CycleEvent): CycleState {
  switch (event.type) {
    case 'CycleOpened':
      return { status: 'open', cycleId: event.data.cycleId, year: event.data.year, scopeUnitId: event.data.scopeUnitId, policies: event.data.policies };
    case 'CycleClosed':
      return state.status === 'none' ? state : { ...state, status: 'closed' };
    default:
      return state;
  }
}

export function decideCycle(command: CycleCommand, state: CycleState): CycleEvent[] {
  cycleCapacity(command); // who may act: cycle.access.ts
  switch (command.type) {
    case 'OpenCycle': {
      if (state.status !== 'none') throw ruleError(EVALUATION_RULES.cycleAlreadyOpened, `Cycle ${command.data.cycleId} was already opened`);
      validateOpen(command);
      const d = command.data;
      return [
        {
          type: 'CycleOpened',
          data: { cycleId: d.cycleId, year: d.year, scopeUnitId: d.scopeUnitId, policies: d.policies, openedBy: command.actor, openedAt: command.now },
        },
      ];
    }
    case 'CloseCycle': {
      if (state.status === 'none') throw ruleError(EVALUATION_RULES.cycleNotFound, `No cycle ${command.data.cycleId}`);
      if (state.status === 'closed') throw ruleError(EVALUATION_RULES.cycleClosed, `Cycle ${state.cycleId} is already closed`);
      return [{ type: 'CycleClosed', data: { cycleId: state.cycleId, closedBy: command.actor, closedAt: command.now } }];
    }
    default:
      return assertNever(command, 'cycle command');
  }
}

function validateOpen(command: OpenCycle): void {
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.cycleId)) errors.push({ field: 'cycleId', message: 'is required' });
  if (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100) errors.push({ field: 'year', message: 'must be a year between 2000 and 2100' });
  if (isBlank(d.scopeUnitId)) errors.push({ field: 'scopeUnitId', message: 'is required' });
  if (d.policies.length === 0) errors.push({ field: 'policies', message: 'no classification policy covers this year' });
  const seen = new Set<string>();
  d.policies.forEach((p, i) => {
    if (seen.has(p.category)) errors.push({ field: `policies[${i}].category`, message: 'appears twice' });
    seen.add(p.category);
    if (isBlank(p.policyId)) errors.push({ field: `policies[${i}].policyId`, message: 'is required' });
  });
  if (errors.length) throw ruleError(EVALUATION_RULES.invalid, 'The cycle cannot be opened as given', errors);
}

/** The cycle aggregate. */
export const cycleDecider: Decider<CycleState, CycleCommand, CycleEvent> = withTimeBounds({
  initialState: initialCycleState,
  evolve: evolveCycle,
  decide: decideCycle,
});

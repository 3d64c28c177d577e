import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import { ruleError } from '../shared/errors.js';
import type { InnovationCommand } from './innovation.commands.js';
import type { InnovationState } from './innovation.decide.js';
import { INNOVATION_RULES as RULES } from './innovation.errors.js';

/**
 * WHO MAY ACT ON AN INNOVATION PROPOSAL (Decree 73/2023), and as what.
 *
 * | command | capacities |
 * | --- | --- |
 * | RegisterInnovationProposal | `proposer`: the caller, for their own unit, a unit they lead, or a unit in their scope |
 * | ApproveInnovationProposal, RejectInnovationProposal | `unit_head`: a unit head or importer with the proposal's unit in scope |
 * | EvaluateInnovationOutcome | `evaluator`: a unit head, inspector, hr or importer with the unit in scope |
 *
 * The proposer sees their proposal but may not decide on it (403); anyone else
 * outside the scope gets `innovation.not_found`, as for an id never used.
 */
export type InnovationCapacity = 'proposer' | 'unit_head' | 'evaluator';

type Existing = Exclude<InnovationState, { status: 'none' }>;

function visible(who: Actor, s: InnovationState): s is Existing {
  return (
    s.status !== 'none' &&
    (s.proposal.proposerId === who.sub || (who.is('hr', 'unit_head', 'inspector', 'council', 'importer') && who.inScope(s.proposal.unitId)))
  );
}

const hidden = () => deny(RULES.hidden, 'No such innovation proposal in your scope');

function decider(capacity: 'unit_head' | 'evaluator') {
  return (who: Actor, s: InnovationState) => {
    if (!visible(who, s)) return hidden();
    const roles = capacity === 'unit_head' ? (['unit_head', 'importer'] as const) : (['unit_head', 'inspector', 'hr', 'importer'] as const);
    if (who.is(...roles) && who.inScope(s.proposal.unitId)) return capacity;
    return deny(RULES.notDecider, 'Only a unit head with the unit in scope decides on a proposal');
  };
}

/** Who may issue each innovation command, and as what. */
export const innovationAccess = {
  RegisterInnovationProposal: (who, _s, c) => {
    if (c.data.proposerId !== who.sub) return deny(RULES.outsideUnitScope, "A proposal is registered in the caller's own name");
    const unit = c.data.unitId;
    if (who.unitId === unit || who.leads(unit) || who.inScope(unit)) return 'proposer';
    return deny(RULES.outsideUnitScope, 'The unit is neither your own nor in your unit scope');
  },
  ApproveInnovationProposal: decider('unit_head'),
  RejectInnovationProposal: decider('unit_head'),
  EvaluateInnovationOutcome: decider('evaluator'),
} satisfies AccessPolicy<InnovationState, InnovationCommand>;

const CAPACITIES = {
  RegisterInnovationProposal: ['proposer'],
  ApproveInnovationProposal: ['unit_head'],
  RejectInnovationProposal: ['unit_head'],
  EvaluateInnovationOutcome: ['evaluator'],
} as const satisfies Record<InnovationCommand['type'], readonly InnovationCapacity[]>;

/** Decider side: the capacity fits; a proposer registers in their own name (the default capacity of a registration). */
export function innovationCapacity(command: InnovationCommand): InnovationCapacity {
  const allowed: readonly InnovationCapacity[] = CAPACITIES[command.type];
  const capacity = requireCapacity(command, allowed, command.type === 'RegisterInnovationProposal' ? 'proposer' : undefined);
  if (command.type === 'RegisterInnovationProposal' && command.data.proposerId !== command.actor) {
    throw ruleError(RULES.outsideUnitScope, "A proposal is registered in the caller's own name");
  }
  return capacity;
}

import { withTimeBounds } from '../shared/time-bounds.js';
import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import type { FieldError } from '../shared/errors.js';
import type {
  ApproveInnovationProposal,
  EvaluateInnovationOutcome,
  InnovationCommand,
  RegisterInnovationProposal,
  RejectInnovationProposal,
} from './innovation.commands.js';
import { innovationCapacity } from './innovation.access.js';
import { INNOVATION_RULES as RULES } from './innovation.errors.js';
import type {
  HeadVote,
  InnovationEvent,
  InnovationOutcomeEvaluated,
  InnovationProposalApproved,
  InnovationProposalRegistered,
  InnovationProposalRejected,
} from './innovation.events.js';
import { recognitionError } from './recognition.errors.js';
import { RECOGNITION_SOURCES } from './recognition.sources.js';

/** Stream of one innovation proposal: `innovation-<id>`. */
export function innovationStream(id: string): string {
  return `innovation-${id}`;
}

type Proposal = InnovationProposalRegistered['data'];

/** Folded state of one innovation proposal. */
export type InnovationState =
  | { readonly status: 'none' }
  | { readonly status: 'registered'; readonly proposal: Proposal }
  | {
      readonly status: 'approved';
      readonly proposal: Proposal;
      readonly approval: InnovationProposalApproved['data'];
      readonly evaluation?: InnovationOutcomeEvaluated['data'];
    }
  | {
      readonly status: 'rejected';
      readonly proposal: Proposal;
      readonly rejection: InnovationProposalRejected['data'];
    };

/** State of a stream with no events. */
export function initialInnovationState(): InnovationState {
  return { status: 'none' };
}

/** Applies one recorded event. Never throws: a recorded event is a fact. */
export function evolveInnovation(state: InnovationState, event: InnovationEvent): InnovationState {
  switch (event.type) {
    case 'InnovationProposalRegistered':
      return { status: 'registered', proposal: event.data };
    case 'InnovationProposalApproved':
      if (state.status === 'none') return state;
      return { status: 'approved', proposal: state.proposal, approval: event.data };
    case 'InnovationProposalRejected':
      if (state.status === 'none') return state;
      return { status: 'rejected', proposal: state.proposal, rejection: event.data };
    case 'InnovationOutcomeEvaluated':
      if (state.status !== 'approved') return state;
      return { ...state, evaluation: event.data };
    default:
      return assertNever(event, 'innovation event');
  }
}

/** A collective vote on a proposal. */
export interface InnovationVote {
  readonly votesFor: number;
  readonly votesAgainst: number;
  readonly abstentions: number;
  readonly headVote: HeadVote;
}

/**
 * Outcome of the collective vote (Decree 73/2023, indicative): passed with more than 50%
 * of the votes cast; at exactly 50% the head's ballot decides. Abstentions are votes
 * cast that are not "for", so they count against a majority, as in a collective
 * leadership vote where silence does not approve.
 */
export function innovationVoteOutcome(vote: InnovationVote): 'passed' | 'passed_by_head' | 'failed' {
  const cast = vote.votesFor + vote.votesAgainst + vote.abstentions;
  if (vote.votesFor * 2 > cast) return 'passed';
  if (vote.votesFor * 2 === cast && vote.headVote === 'for') return 'passed_by_head';
  return 'failed';
}

/**
 * The proposal as a disciplinary case needs it to dismiss on `protected_innovation`:
 * approved, evaluated, no personal gain (Decree 73/2023, indicative). The handler of
 * the case passes this plain data in its command.
 */
export interface InnovationProtection {
  readonly proposalId: string;
  readonly relatedAssignmentIds: readonly string[];
  readonly approved: boolean;
  readonly evaluated: boolean;
  readonly personalGain: boolean;
  readonly source: string;
}

/** Extracts the protection facts of a proposal; `undefined` when it was never registered. */
export function innovationProtection(state: InnovationState): InnovationProtection | undefined {
  if (state.status === 'none') return undefined;
  const evaluation = state.status === 'approved' ? state.evaluation : undefined;
  return {
    proposalId: state.proposal.proposalId,
    relatedAssignmentIds: state.proposal.relatedAssignmentIds,
    approved: state.status === 'approved',
    evaluated: evaluation !== undefined,
    personalGain: evaluation?.personalGain ?? false,
    source: RECOGNITION_SOURCES.innovationEvaluation,
  };
}

/** Decides which events a command produces, or throws the rule it breaks. */
export function decideInnovation(command: InnovationCommand, state: InnovationState): readonly InnovationEvent[] {
  innovationCapacity(command); // who may act: innovation.access.ts
  switch (command.type) {
    case 'RegisterInnovationProposal':
      return register(command, state);
    case 'ApproveInnovationProposal':
      return approve(command, state);
    case 'RejectInnovationProposal':
      return reject(command, state);
    case 'EvaluateInnovationOutcome':
      return evaluate(command, state);
    default:
      return assertNever(command, 'innovation command');
  }
}

/** The innovation-proposal aggregate as a decider. */
export const innovationDecider: Decider<InnovationState, InnovationCommand, InnovationEvent> = withTimeBounds({
  initialState: initialInnovationState,
  evolve: evolveInnovation,
  decide: decideInnovation,
});

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

function register(command: RegisterInnovationProposal, state: InnovationState): InnovationEvent[] {
  const d = command.data;
  if (state.status !== 'none') {
    throw recognitionError(RULES.alreadyRegistered, `Proposal ${d.proposalId} already exists`);
  }
  const errors: FieldError[] = [];
  for (const field of ['proposerId', 'unitId', 'title', 'plan', 'scope'] as const) {
    if (isBlank(d[field])) errors.push({ field, message: 'is required' });
  }
  d.relatedAssignmentIds.forEach((id, i) => {
    if (isBlank(id)) errors.push({ field: `relatedAssignmentIds[${i}]`, message: 'must not be blank' });
  });
  if (errors.length > 0) throw recognitionError(RULES.invalidProposal, 'Invalid proposal', errors);
  if (!d.proposerIsLeader) {
    throw recognitionError(RULES.proposerNotLeader, 'Only leaders and managers may register an innovation proposal', [
      { field: 'proposerId', message: 'holds no leadership or management post' },
    ]);
  }
  const outside = new Set(d.relatedOutsideUnit);
  const foreign = d.relatedAssignmentIds.flatMap((id, i) => (outside.has(id) ? [{ field: `relatedAssignmentIds[${i}]`, message: 'does not name an assignment of the unit' }] : []));
  if (foreign.length > 0) {
    throw recognitionError(RULES.relatedWorkOutsideUnit, 'A proposal covers only work of its own unit', foreign);
  }
  return [
    {
      type: 'InnovationProposalRegistered',
      data: {
        proposalId: d.proposalId,
        proposerId: d.proposerId,
        unitId: d.unitId,
        title: d.title,
        plan: d.plan,
        scope: d.scope,
        relatedAssignmentIds: [...new Set(d.relatedAssignmentIds)],
        registeredAt: command.now,
      },
    },
  ];
}

function requireRegistered(state: InnovationState): asserts state is Extract<InnovationState, { status: 'registered' }> {
  if (state.status === 'none') throw recognitionError(RULES.notFound, 'No such proposal');
  if (state.status !== 'registered') {
    throw recognitionError(RULES.alreadyDecided, `The proposal is already ${state.status}`);
  }
}

function approve(command: ApproveInnovationProposal, state: InnovationState): InnovationEvent[] {
  requireRegistered(state);
  const d = command.data;
  const errors: FieldError[] = [];
  for (const field of ['votesFor', 'votesAgainst', 'abstentions'] as const) {
    if (!isCount(d[field])) errors.push({ field, message: 'must be a non-negative integer' });
  }
  if (isBlank(d.approvedBy)) errors.push({ field: 'approvedBy', message: 'is required' });
  if (errors.length === 0) {
    if (d.votesFor + d.votesAgainst + d.abstentions === 0) {
      errors.push({ field: 'votesFor', message: 'no votes were cast' });
    } else if (d.headVote === 'for' && d.votesFor === 0) {
      errors.push({ field: 'headVote', message: 'the head voted for, but no vote for is counted' });
    } else if (d.headVote === 'against' && d.votesAgainst === 0) {
      errors.push({ field: 'headVote', message: 'the head voted against, but no vote against is counted' });
    }
  }
  if (errors.length > 0) throw recognitionError(RULES.invalidVote, 'Invalid vote', errors);

  const cast = d.votesFor + d.votesAgainst + d.abstentions;
  if (cast < 2) {
    throw recognitionError(RULES.collectiveRequired, 'A collective vote needs more ballots than the proposer\'s own', [
      { field: 'votesFor', message: 'at least two ballots must be cast' },
    ]);
  }
  const outcome = innovationVoteOutcome(d);
  // The proposer votes but does not decide alone: when the approver is the proposer, the
  // proposal passes only on the others' majority; the own ballot breaks no tie and
  // overrides nothing (an override is the head's, over someone else's proposal).
  if (d.approvedBy === state.proposal.proposerId) {
    if (d.writtenOverride) {
      throw recognitionError(RULES.overrideOwnProposal, 'A head cannot override the vote on their own proposal', [
        { field: 'writtenOverride', message: 'is for the head over someone else\'s proposal' },
      ]);
    }
    const othersFor = d.votesFor - (d.headVote === 'for' ? 1 : 0);
    const othersCast = cast - 1;
    if (outcome !== 'failed' && !(othersFor * 2 > othersCast)) {
      throw recognitionError(RULES.proposerDecidesAlone, 'The proposal passes only with the proposer\'s own ballot', [
        { field: 'votesFor', message: 'the others\' ballots must carry a majority on their own' },
      ]);
    }
  }
  if (outcome !== 'failed' && d.writtenOverride) {
    throw recognitionError(RULES.overrideNotNeeded, 'The vote passed; there is nothing to override', [
      { field: 'writtenOverride', message: 'must be false when the vote passes' },
    ]);
  }
  if (outcome === 'failed' && !d.writtenOverride) {
    throw recognitionError(
      RULES.voteFailed,
      'The vote did not pass: record a rejection, or the head approves by written override',
    );
  }
  if (outcome === 'failed' && d.headVote !== 'for') {
    throw recognitionError(RULES.overrideRequiresHeadSupport, 'A head who voted against cannot override in favour', [
      { field: 'headVote', message: 'must be for to override' },
    ]);
  }
  return [
    {
      type: 'InnovationProposalApproved',
      data: {
        votesFor: d.votesFor,
        votesAgainst: d.votesAgainst,
        abstentions: d.abstentions,
        headVote: d.headVote,
        writtenOverride: d.writtenOverride,
        approvedBy: d.approvedBy,
        approvedAt: command.now,
      },
    },
  ];
}

function reject(command: RejectInnovationProposal, state: InnovationState): InnovationEvent[] {
  requireRegistered(state);
  const d = command.data;
  const errors: FieldError[] = [];
  if (isBlank(d.reason)) errors.push({ field: 'reason', message: 'is required' });
  if (isBlank(d.rejectedBy)) errors.push({ field: 'rejectedBy', message: 'is required' });
  if (errors.length > 0) throw recognitionError(RULES.invalidRejection, 'Invalid rejection', errors);
  return [
    { type: 'InnovationProposalRejected', data: { reason: d.reason, rejectedBy: d.rejectedBy, rejectedAt: command.now } },
  ];
}

function evaluate(command: EvaluateInnovationOutcome, state: InnovationState): InnovationEvent[] {
  if (state.status === 'none') throw recognitionError(RULES.notFound, 'No such proposal');
  if (state.status !== 'approved') {
    throw recognitionError(RULES.notApproved, 'Only an approved proposal has an outcome to evaluate');
  }
  if (state.evaluation !== undefined) {
    throw recognitionError(RULES.alreadyEvaluated, 'The outcome is already evaluated');
  }
  const d = command.data;
  const errors: FieldError[] = [];
  if (!Number.isFinite(d.damage.amountVnd) || d.damage.amountVnd < 0) {
    errors.push({ field: 'damage.amountVnd', message: 'must be zero or more' });
  }
  if (isBlank(d.evaluatedBy)) errors.push({ field: 'evaluatedBy', message: 'is required' });
  // Protection turns on why it went wrong, so a shortfall without causes cannot be judged.
  if (d.result !== 'success' && d.causes.every((cause) => isBlank(cause))) {
    errors.push({ field: 'causes', message: 'are required unless the result is a success' });
  }
  if (errors.length > 0) throw recognitionError(RULES.invalidEvaluation, 'Invalid evaluation', errors);
  return [
    {
      type: 'InnovationOutcomeEvaluated',
      data: {
        result: d.result,
        damage: {
          amountVnd: d.damage.amountVnd,
          ...(d.damage.description !== undefined && { description: d.damage.description }),
        },
        personalGain: d.personalGain,
        causes: d.causes.filter((cause) => !isBlank(cause)),
        evaluatedBy: d.evaluatedBy,
        evaluatedAt: command.now,
      },
    },
  ];
}

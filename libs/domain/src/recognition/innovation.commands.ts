import type { DomainCommand } from '../shared/decider.js';
import type { HeadVote, InnovationResult } from './innovation.events.js';

export type RegisterInnovationProposal = DomainCommand<
  'RegisterInnovationProposal',
  {
    readonly proposalId: string;
    readonly proposerId: string;
    readonly unitId: string;
    readonly title: string;
    readonly plan: string;
    readonly scope: string;
    readonly relatedAssignmentIds: readonly string[];
    /** Resolved by the handler from personnel: the proposer holds a leadership or management post. */
    readonly proposerIsLeader: boolean;
    /**
     * Resolved by the handler from the assignment board: the related ids that do not name
     * an assignment of the proposal's unit subtree (unknown ids included, so the answer
     * does not tell "does not exist" from "belongs to another unit").
     */
    readonly relatedOutsideUnit: readonly string[];
  }
>;

export type ApproveInnovationProposal = DomainCommand<
  'ApproveInnovationProposal',
  {
    readonly votesFor: number;
    readonly votesAgainst: number;
    readonly abstentions: number;
    readonly headVote: HeadVote;
    readonly writtenOverride: boolean;
    readonly approvedBy: string;
  }
>;

export type RejectInnovationProposal = DomainCommand<
  'RejectInnovationProposal',
  { readonly reason: string; readonly rejectedBy: string }
>;

export type EvaluateInnovationOutcome = DomainCommand<
  'EvaluateInnovationOutcome',
  {
    readonly result: InnovationResult;
    readonly damage: { readonly amountVnd: number; readonly description?: string };
    readonly personalGain: boolean;
    readonly causes: readonly string[];
    readonly evaluatedBy: string;
  }
>;

/** Every command the innovation decider accepts. */
export type InnovationCommand =
  | RegisterInnovationProposal
  | ApproveInnovationProposal
  | RejectInnovationProposal
  | EvaluateInnovationOutcome;

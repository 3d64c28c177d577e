import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/** The head's own ballot; it breaks a tie and must back a written override. */
export type HeadVote = 'for' | 'against';
export type InnovationResult = 'success' | 'partial' | 'failure';

export type InnovationProposalRegistered = DomainEvent<
  'InnovationProposalRegistered',
  {
    readonly proposalId: string;
    readonly proposerId: string;
    readonly unitId: string;
    readonly title: string;
    readonly plan: string;
    readonly scope: string;
    /** The work the proposal covers; a later disciplinary case about it must show the proposal. */
    readonly relatedAssignmentIds: readonly string[];
    readonly registeredAt: Instant;
  }
>;

export type InnovationProposalApproved = DomainEvent<
  'InnovationProposalApproved',
  {
    readonly votesFor: number;
    readonly votesAgainst: number;
    readonly abstentions: number;
    readonly headVote: HeadVote;
    /** The vote did not pass and the head approved in writing, taking the responsibility. */
    readonly writtenOverride: boolean;
    readonly approvedBy: string;
    readonly approvedAt: Instant;
  }
>;

export type InnovationProposalRejected = DomainEvent<
  'InnovationProposalRejected',
  {
    readonly reason: string;
    readonly rejectedBy: string;
    readonly rejectedAt: Instant;
  }
>;

export type InnovationOutcomeEvaluated = DomainEvent<
  'InnovationOutcomeEvaluated',
  {
    readonly result: InnovationResult;
    /** Damage in VND (0 when none), with what it consisted of. */
    readonly damage: { readonly amountVnd: number; readonly description?: string };
    /** Whether anyone gained personally; personal gain removes the protection. */
    readonly personalGain: boolean;
    readonly causes: readonly string[];
    readonly evaluatedBy: string;
    readonly evaluatedAt: Instant;
  }
>;

/** Every event of an `innovation-<id>` stream. */
export type InnovationEvent =
  | InnovationProposalRegistered
  | InnovationProposalApproved
  | InnovationProposalRejected
  | InnovationOutcomeEvaluated;

import type { DomainCommand } from '../shared/decider.js';
import type { LocalDate } from '../shared/ids.js';
import type { CommendationRecipient } from './commendation.events.js';

export type GrantCommendation = DomainCommand<
  'GrantCommendation',
  {
    readonly commendationId: string;
    readonly recipient: CommendationRecipient;
    readonly form: string;
    readonly level: string;
    readonly decisionNo: string;
    readonly decidedBy: string;
    readonly reason: string;
    readonly periodFrom?: LocalDate;
    readonly periodTo?: LocalDate;
    /**
     * Resolved by the handler from the discipline read model: a person recipient has an
     * open disciplinary case. The decider cannot look it up itself (no I/O).
     */
    readonly recipientHasOpenCase: boolean;
    /**
     * Resolved by the handler from the discipline consequences read model: decisions whose
     * `no_commendation` consequence is in force for a person recipient on the grant date.
     */
    readonly recipientDisciplineBars?: readonly { readonly decisionNo: string; readonly until: LocalDate; readonly source: string }[];
  }
>;

export type RevokeCommendation = DomainCommand<
  'RevokeCommendation',
  {
    readonly reason: string;
    readonly decisionNo?: string;
    readonly findingRef?: string;
    readonly revokedBy: string;
  }
>;

/** Every command the commendation decider accepts. */
export type CommendationCommand = GrantCommendation | RevokeCommendation;

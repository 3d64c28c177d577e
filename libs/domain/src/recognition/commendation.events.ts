import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';

/** A commendation goes to a person or to a unit (collective commendation). */
export interface CommendationRecipient {
  readonly kind: 'person' | 'unit';
  readonly id: string;
}

export type CommendationGranted = DomainEvent<
  'CommendationGranted',
  {
    readonly commendationId: string;
    readonly recipient: CommendationRecipient;
    /**
     * Form and level are free text as written in the decision (e.g. "certificate of merit",
     * "provincial"): the taxonomy of the Law on Emulation and Commendation 2022 is wide and
     * the ledger records the decision, it does not re-validate it.
     */
    readonly form: string;
    readonly level: string;
    readonly decisionNo: string;
    readonly decidedBy: string;
    readonly reason: string;
    /** The period of work the commendation is for; a later finding inside it can revoke it. */
    readonly periodFrom?: LocalDate;
    readonly periodTo?: LocalDate;
    readonly grantedAt: Instant;
  }
>;

export type CommendationRevoked = DomainEvent<
  'CommendationRevoked',
  {
    readonly reason: string;
    /** Number of the revoking decision, when one was issued. */
    readonly decisionNo?: string;
    /** The disciplinary finding behind the revocation, e.g. the case stream `case-<id>`. */
    readonly findingRef?: string;
    readonly revokedBy: string;
    readonly revokedAt: Instant;
  }
>;

/** Every event of a `commendation-<id>` stream. */
export type CommendationEvent = CommendationGranted | CommendationRevoked;

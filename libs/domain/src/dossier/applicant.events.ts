import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/**
 * The applicant's personal data held apart from the record (contact, free text of
 * feedback, complaint answers, the digest key) was erased. The erasure itself is a fact of the record (who, when, how many
 * entries), with nothing personal in it: the reference is the random one the dossier
 * events already carry.
 */
export type ApplicantDataErased = DomainEvent<
  'ApplicantDataErased',
  {
    readonly applicantRef: string;
    /** Entries held apart when the erasure was decided. */
    readonly entries: number;
    readonly erasedBy: string;
    readonly erasedAt: Instant;
  }
>;

/** Every event of an `applicant-<ref>` stream. */
export type ApplicantEvent = ApplicantDataErased;

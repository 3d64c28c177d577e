import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/** The position a consulted party takes. `no_position` is recorded, and counts as a vague answer. */
export type ConsultationPosition = 'agree' | 'disagree' | 'conditional' | 'no_position';

/** Avoidance signals a person (inspector, head, requester) can raise on a consultation. */
export type ConsultationFlag =
  | 'within_own_authority'
  | 'unrelated_party'
  | 'vague_response'
  | 'late_response';

/**
 * Who is consulted: a unit or a named person, never both. The union makes "both" and
 * "neither" unrepresentable in a recorded event.
 */
export type ConsultedParty =
  | { readonly consultedUnitId: string; readonly consultedPersonId?: undefined }
  | { readonly consultedPersonId: string; readonly consultedUnitId?: undefined };

export type ConsultationRequested = DomainEvent<
  'ConsultationRequested',
  ConsultedParty & {
    readonly consultationId: string;
    readonly requestedBy: string;
    readonly requesterUnitId: string;
    readonly question: string;
    /** The requester's own authority covers the matter: asking anyway is an avoidance signal. */
    readonly withinRequesterAuthority: boolean;
    readonly relatedAssignmentId?: string;
    readonly dueAt: Instant;
    readonly requestedAt: Instant;
  }
>;

export type ConsultationAnswered = DomainEvent<
  'ConsultationAnswered',
  {
    readonly position: ConsultationPosition;
    readonly answer: string;
    readonly answeredBy: string;
    /** The command's `now`; stored so lateness can be re-derived without event metadata. */
    readonly answeredAt: Instant;
    /** Derived at decision time: answeredAt is after dueAt. */
    readonly late: boolean;
  }
>;

export type ConsultationFlagged = DomainEvent<
  'ConsultationFlagged',
  {
    readonly flag: ConsultationFlag;
    readonly by: string;
    readonly note?: string;
    readonly flaggedAt: Instant;
  }
>;

export type ConsultationWithdrawn = DomainEvent<
  'ConsultationWithdrawn',
  {
    readonly by: string;
    readonly reason: string;
    readonly withdrawnAt: Instant;
  }
>;

/** Every event of a `consultation-<id>` stream. */
export type ConsultationEvent =
  | ConsultationRequested
  | ConsultationAnswered
  | ConsultationFlagged
  | ConsultationWithdrawn;

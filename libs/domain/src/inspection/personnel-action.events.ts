import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';
import type { EventRef } from './inspection.events.js';

/**
 * What is proposed about a person after results and findings (issue 15 item 5):
 * review, transfer to other work, replacement from a post, dismissal where the law
 * provides it, or on the opposite side a commendation.
 */
export type PersonnelActionKind = 'review' | 'transfer' | 'replacement' | 'dismissal' | 'commendation';

/** What the proposal rests on: findings (inspection streams) and classification results (cycle and level). */
export interface PersonnelActionBasis {
  readonly findings: readonly { readonly inspectionId: string; readonly findingId: string }[];
  readonly results: readonly { readonly cycleId: string; readonly year: number; readonly level: string }[];
  /** Other recorded events (an innovation outcome, a commendation...). */
  readonly events: readonly EventRef[];
}

export type PersonnelActionProposed = DomainEvent<
  'PersonnelActionProposed',
  {
    readonly actionId: string;
    readonly staffId: string;
    readonly unitId: string;
    readonly kind: PersonnelActionKind;
    readonly reason: string;
    readonly basis: PersonnelActionBasis;
    /** The legal ground the proposal invokes (required for a dismissal). */
    readonly legalGround?: string;
    readonly proposedBy: string;
    readonly proposedAt: Instant;
  }
>;

export type PersonnelActionDecided = DomainEvent<
  'PersonnelActionDecided',
  { readonly decision: 'approved' | 'rejected'; readonly decisionNo: string; readonly decidedBy: string; readonly note: string; readonly decidedAt: Instant }
>;

/** The outcome: the personnel event that carried it out (StaffTransferred, LeadershipEnded, StaffLeft, CommendationGranted...). */
export type PersonnelActionCarriedOut = DomainEvent<
  'PersonnelActionCarriedOut',
  { readonly outcome: EventRef; readonly outcomeType: string; readonly note: string; readonly recordedBy: string; readonly recordedAt: Instant }
>;

export type PersonnelActionEvent = PersonnelActionProposed | PersonnelActionDecided | PersonnelActionCarriedOut;

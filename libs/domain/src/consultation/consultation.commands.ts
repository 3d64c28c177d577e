import type { DomainCommand } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';
import type { ConsultationFlag, ConsultationPosition } from './consultation.events.js';

/**
 * Open a consultation. The consulted party arrives as two optional fields, as the DTO
 * sends it; the decider insists on exactly one.
 */
export type RequestConsultation = DomainCommand<
  'RequestConsultation',
  {
    /** Minted by the handler; the domain makes no ids. */
    readonly consultationId: string;
    readonly requestedBy: string;
    readonly requesterUnitId: string;
    readonly consultedUnitId?: string;
    readonly consultedPersonId?: string;
    readonly question: string;
    readonly withinRequesterAuthority: boolean;
    readonly relatedAssignmentId?: string;
    readonly dueAt: Instant;
  }
>;

export type AnswerConsultation = DomainCommand<
  'AnswerConsultation',
  {
    readonly position: ConsultationPosition;
    readonly answer: string;
    readonly answeredBy: string;
  }
>;

export type FlagConsultation = DomainCommand<
  'FlagConsultation',
  {
    readonly flag: ConsultationFlag;
    readonly by: string;
    readonly note?: string;
  }
>;

export type WithdrawConsultation = DomainCommand<
  'WithdrawConsultation',
  {
    readonly by: string;
    readonly reason: string;
  }
>;

/** Every command the consultation decider accepts. */
export type ConsultationCommand =
  | RequestConsultation
  | AnswerConsultation
  | FlagConsultation
  | WithdrawConsultation;

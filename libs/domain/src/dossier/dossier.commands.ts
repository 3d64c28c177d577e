import type { DomainCommand } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';
import type { SatisfactionCriterion } from './dossier.events.js';
import type { ProcedureVersion } from './procedure.decide.js';

/** The centre receives a complete dossier under the procedure version in force (looked up by the caller). */
export type ReceiveDossier = DomainCommand<
  'ReceiveDossier',
  {
    readonly dossierId: string;
    readonly receiptCode: string;
    /** The version in force at reception; null when the procedure has none (refused). */
    readonly procedure: ProcedureVersion | null;
    readonly centreUnitId: string;
    readonly applicantRef: string;
    readonly documents: readonly string[];
  }
>;
export type HandOverDossier = DomainCommand<'HandOverDossier', { readonly toStage: string; readonly toUnitId: string; readonly to: string }>;
export type RequestSupplement = DomainCommand<'RequestSupplement', { readonly items: readonly { readonly document: string; readonly note: string }[] }>;
export type RecordSupplement = DomainCommand<'RecordSupplement', { readonly documents: readonly string[] }>;
export type IssueDossierApology = DomainCommand<'IssueDossierApology', { readonly reason: string; readonly newAppointmentAt: Instant | null }>;
export type ReturnDossierWithReasons = DomainCommand<'ReturnDossierWithReasons', { readonly reasons: readonly string[] }>;
export type DeliverResult = DomainCommand<'DeliverResult', Record<string, never>>;
export type WithdrawDossier = DomainCommand<'WithdrawDossier', { readonly reason: string }>;
export type RecordFeedback = DomainCommand<
  'RecordFeedback',
  {
    readonly applicantRef: string;
    readonly ratings: readonly { readonly criterion: SatisfactionCriterion; readonly score: number }[];
    readonly textDigest: string | null;
    readonly complaint: boolean;
  }
>;
export type RouteComplaint = DomainCommand<'RouteComplaint', { readonly feedbackNo: number; readonly toUnitId: string }>;
/**
 * The answer's text may quote the applicant: it is held apart with the applicant's data
 * (erasable) and the command carries only its HMAC-SHA-256 under the applicant's key
 * (hex), null when no text was given.
 */
export type AnswerComplaint = DomainCommand<'AnswerComplaint', { readonly feedbackNo: number; readonly answerDigest: string | null }>;
export type CarryAcrossMerger = DomainCommand<'CarryAcrossMerger', { readonly fromUnitId: string; readonly toUnitId: string }>;

/** Every dossier command. */
export type DossierCommand =
  | ReceiveDossier
  | HandOverDossier
  | RequestSupplement
  | RecordSupplement
  | IssueDossierApology
  | ReturnDossierWithReasons
  | DeliverResult
  | WithdrawDossier
  | RecordFeedback
  | RouteComplaint
  | AnswerComplaint
  | CarryAcrossMerger;

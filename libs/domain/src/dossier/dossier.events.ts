import type { DomainEvent } from '../shared/decider.js';
import type { Instant, LocalDate } from '../shared/ids.js';
import type { ProcedureStage } from './procedure.events.js';

/**
 * Events of the `dossier-<id>` stream: an administrative-procedure dossier from the
 * one-stop centre's receipt to the result handed to the applicant. Plain JSON, optional
 * facts `null`. No personal data of the applicant: `applicantRef` is an opaque
 * reference; the contact and any free text the applicant wrote are held apart
 * (`dossier_applicant_data`, erasable) and the events keep only a SHA-256 digest of the
 * text, so erasing them never touches a hashed event.
 */

/** How one stage went: time allowed, time used (working days) and who held the dossier. */
export interface StageOutcome {
  readonly stageKey: string;
  readonly unitId: string;
  readonly holder: string;
  readonly startedAt: Instant;
  readonly endedAt: Instant;
  /** The stage's due date in force (its share from its start, moved by supplement pauses). */
  readonly dueAt: Instant;
  readonly allowedDays: number;
  /** Working days used, pauses for a supplement excluded. */
  readonly usedDays: number;
  /** The stage's share ran out before it ended: the delay is this stage's (unit and holder). */
  readonly late: boolean;
}

/** A satisfaction criterion of the public satisfaction index (SIPAS). */
export type SatisfactionCriterion = 'access' | 'procedure' | 'civil_servant' | 'result' | 'feedback_handling';

/** The one-stop centre received a complete dossier, gave the receipt and the appointment date. */
export type DossierReceived = DomainEvent<
  'DossierReceived',
  {
    readonly dossierId: string;
    /** Code printed on the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả); the public looks the status up by it. */
    readonly receiptCode: string;
    readonly procedureCode: string;
    readonly procedureName: string;
    /** `effectiveFrom` of the procedure version in force at reception. */
    readonly procedureVersion: LocalDate;
    readonly statutoryDays: number;
    /** The stages as the version in force defined them (a later version does not change a dossier in progress). */
    readonly stages: readonly ProcedureStage[];
    readonly centreUnitId: string;
    readonly receivedBy: string;
    readonly receivedAt: Instant;
    /** Appointment date on the receipt: the statutory time from reception, in working days. */
    readonly appointmentAt: Instant;
    /** Due date of the reception stage. */
    readonly stageDueAt: Instant;
    /** Opaque reference of the applicant (the contact is held apart). */
    readonly applicantRef: string;
    /** Documents of the dossier as received (names of the components, no content). */
    readonly documents: readonly string[];
  }
>;

/** The dossier moved to the next stage (a handoff in the trail), possibly to another agency. */
export type DossierHandedOver = DomainEvent<
  'DossierHandedOver',
  {
    readonly dossierId: string;
    readonly fromStage: string;
    readonly toStage: string;
    readonly fromUnitId: string;
    readonly toUnitId: string;
    readonly from: string;
    readonly to: string;
    /** Who made the hand-over: the holder or a manager of the unit. */
    readonly by: string;
    /** The two stages belong to different agencies (một cửa liên thông). */
    readonly interAgency: boolean;
    readonly handedOverAt: Instant;
    /** Due date of the stage the dossier enters. */
    readonly stageDueAt: Instant;
    /** How the stage that ends went. */
    readonly previous: StageOutcome;
  }
>;

/** One written request naming everything missing; the clock stops until the applicant supplements. */
export type DossierSupplementRequested = DomainEvent<
  'DossierSupplementRequested',
  {
    readonly dossierId: string;
    readonly requestNo: number;
    readonly items: readonly { readonly document: string; readonly note: string }[];
    readonly requestedBy: string;
    readonly unitId: string;
    readonly stageKey: string;
    readonly requestedAt: Instant;
    /** Not the first request. */
    readonly repeat: boolean;
    /** Documents of a repeat request that were not supplied after an earlier request: they could have been asked the first time. */
    readonly avoidableItems: readonly string[];
  }
>;

/** The applicant supplemented; the clock resumes and the due dates move by the pause. */
export type DossierSupplementReceived = DomainEvent<
  'DossierSupplementReceived',
  {
    readonly dossierId: string;
    readonly documents: readonly string[];
    readonly receivedBy: string;
    readonly receivedAt: Instant;
    /** Working days the dossier waited for the applicant. */
    readonly pausedDays: number;
    readonly stageDueAt: Instant;
    readonly statutoryDueAt: Instant;
    readonly appointmentAt: Instant;
  }
>;

/** The unit that will be (or is) late apologised in writing with the reason and a new appointment date. */
export type DossierApologyIssued = DomainEvent<
  'DossierApologyIssued',
  {
    readonly dossierId: string;
    readonly unitId: string;
    readonly stageKey: string;
    readonly issuedBy: string;
    readonly reason: string;
    readonly previousAppointmentAt: Instant;
    readonly newAppointmentAt: Instant;
    readonly issuedAt: Instant;
    /** Issued before the appointment date in force passed, as the decree requires; after it the lateness stands all the same. */
    readonly beforeDue: boolean;
  }
>;

/** The result reached the centre's return stage. `outcome` compares with the statutory due date (an apology does not change it). */
export type DossierResultReady = DomainEvent<
  'DossierResultReady',
  {
    readonly dossierId: string;
    readonly readyAt: Instant;
    readonly statutoryDueAt: Instant;
    readonly outcome: 'early' | 'on_time' | 'late';
  }
>;

/** The result was handed to the applicant. */
export type DossierResultDelivered = DomainEvent<
  'DossierResultDelivered',
  {
    readonly dossierId: string;
    readonly deliveredBy: string;
    readonly deliveredAt: Instant;
  }
>;

/** The dossier was returned to the applicant unresolved (refused), with the reasons in writing. */
export type DossierReturnedWithReasons = DomainEvent<
  'DossierReturnedWithReasons',
  {
    readonly dossierId: string;
    readonly reasons: readonly string[];
    readonly returnedBy: string;
    readonly returnedAt: Instant;
    readonly stage: StageOutcome;
  }
>;

/** The applicant withdrew the dossier (in writing, recorded by the centre). */
export type DossierWithdrawn = DomainEvent<
  'DossierWithdrawn',
  {
    readonly dossierId: string;
    readonly reason: string;
    readonly recordedBy: string;
    readonly withdrawnAt: Instant;
  }
>;

/** The applicant's ratings and, when a complaint, a complaint to answer. Free text is held apart (digest here). */
export type DossierFeedbackRecorded = DomainEvent<
  'DossierFeedbackRecorded',
  {
    readonly dossierId: string;
    readonly feedbackNo: number;
    readonly applicantRef: string;
    readonly channel: 'applicant_portal' | 'centre';
    readonly ratings: readonly { readonly criterion: SatisfactionCriterion; readonly score: number }[];
    /** Digest (hex) of the free text held in the erasable table (HMAC-SHA-256 under the applicant's key held there too, since issue 19 review; plain SHA-256 before); null when none. */
    readonly textDigest: string | null;
    readonly complaint: boolean;
    readonly recordedBy: string;
    readonly recordedAt: Instant;
    /**
     * Recorded by centre staff on the applicant's behalf (channel `centre`), not by the
     * applicant through the portal. Such ratings do not count toward the recorder's own
     * average nor their unit's (`recorderUnitId`, the centre the access rule required)
     * in the statistics: interpretation, nobody rates themselves. Absent in events
     * recorded before the issue 19 review: read as `channel === 'centre'`.
     */
    readonly onBehalf?: boolean;
    /** The recorder's unit when recorded on behalf (the receiving centre), else null; absent before the review (the dossier's centre). */
    readonly recorderUnitId?: string | null;
  }
>;

/** A complaint sent to the unit responsible for what it is about, which must answer it. */
export type DossierComplaintRouted = DomainEvent<
  'DossierComplaintRouted',
  {
    readonly dossierId: string;
    readonly feedbackNo: number;
    readonly toUnitId: string;
    readonly routedBy: string;
    readonly routedAt: Instant;
    readonly answerDueAt: Instant;
  }
>;

/** The responsible unit answered the complaint. */
export type DossierComplaintAnswered = DomainEvent<
  'DossierComplaintAnswered',
  {
    readonly dossierId: string;
    readonly feedbackNo: number;
    readonly unitId: string;
    /**
     * HMAC-SHA-256 (hex) of the answer's text under the applicant's key; the text is held
     * apart in the erasable table with the applicant's data (it may quote the applicant).
     */
    readonly answerDigest?: string;
    /** The text as written: only in events recorded before the issue 19 review (it stays, an event never changes). */
    readonly answer?: string;
    readonly answeredBy: string;
    readonly answeredAt: Instant;
    readonly late: boolean;
  }
>;

/** The unit holding (or due to hold) the dossier merged into another: dates and past delays are kept. */
export type DossierCarriedAcrossMerger = DomainEvent<
  'DossierCarriedAcrossMerger',
  {
    readonly dossierId: string;
    readonly fromUnitId: string;
    readonly toUnitId: string;
    readonly recordedBy: string;
    readonly carriedAt: Instant;
    /** The stage in hand, held by the merged unit, was already past its date: its delay stays with the merged unit. */
    readonly stageLateAtMerger: boolean;
  }
>;

/** Every event of a dossier stream. */
export type DossierEvent =
  | DossierReceived
  | DossierHandedOver
  | DossierSupplementRequested
  | DossierSupplementReceived
  | DossierApologyIssued
  | DossierResultReady
  | DossierResultDelivered
  | DossierReturnedWithReasons
  | DossierWithdrawn
  | DossierFeedbackRecorded
  | DossierComplaintRouted
  | DossierComplaintAnswered
  | DossierCarriedAcrossMerger;

/** Every dossier event type (for projections that route by type). */
export const DOSSIER_EVENT_TYPES: readonly DossierEvent['type'][] = [
  'DossierReceived', 'DossierHandedOver', 'DossierSupplementRequested', 'DossierSupplementReceived', 'DossierApologyIssued',
  'DossierResultReady', 'DossierResultDelivered', 'DossierReturnedWithReasons', 'DossierWithdrawn', 'DossierFeedbackRecorded',
  'DossierComplaintRouted', 'DossierComplaintAnswered', 'DossierCarriedAcrossMerger',
];

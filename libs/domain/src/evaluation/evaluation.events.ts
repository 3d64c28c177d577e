import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';

/** A classification outcome: a level, or not classified (e.g. worked under six months). */
export type EvaluationLevel = 'excellent' | 'good' | 'completed' | 'not_completed' | 'not_classified';
/** Every outcome, best first. */
export const EVALUATION_LEVELS: readonly EvaluationLevel[] = ['excellent', 'good', 'completed', 'not_completed', 'not_classified'];

/** JSON as stored: the indicators and trace are kept verbatim for later audit. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The staff member's own account of the year. */
export type SelfAssessmentSubmitted = DomainEvent<
  'SelfAssessmentSubmitted',
  { readonly cycleId: string; readonly staffId: string; readonly text: string; readonly selfLevel: EvaluationLevel | null; readonly submittedAt: Instant }
>;

/** The assessor's general-criteria score (Decree 335/2025: 0..30). */
export type GeneralCriteriaScored = DomainEvent<
  'GeneralCriteriaScored',
  {
    readonly cycleId: string;
    readonly staffId: string;
    readonly score: number;
    readonly assessor: string;
    readonly note: string | null;
    readonly scoredAt: Instant;
  }
>;

/**
 * The level computed from the record. Keeps the indicators and the rule trace it was
 * computed from, so the decision can be audited after the rules change.
 */
export type ClassificationProposed = DomainEvent<
  'ClassificationProposed',
  {
    readonly cycleId: string;
    readonly staffId: string;
    readonly unitId: string;
    readonly runId: string;
    readonly level: EvaluationLevel;
    readonly score: number | null;
    readonly policyId: string;
    readonly policyVersion: number;
    readonly indicators: JsonValue;
    readonly trace: JsonValue;
    /** Digest of level, score, policy, indicators and trace: a re-run with the same inputs appends nothing. */
    readonly fingerprint: string;
    readonly proposedAt: Instant;
  }
>;

/** HR's decision on the level (it may differ from the proposal; `basis` says why). */
export type ClassificationDecided = DomainEvent<
  'ClassificationDecided',
  {
    readonly cycleId: string;
    readonly staffId: string;
    readonly level: EvaluationLevel;
    readonly proposedLevel: EvaluationLevel;
    readonly decidedBy: string;
    readonly decisionNo: string;
    readonly basis: string;
    readonly decidedAt: Instant;
  }
>;

/** The staff member contests the decision. */
export type ClassificationAppealed = DomainEvent<
  'ClassificationAppealed',
  { readonly cycleId: string; readonly staffId: string; readonly by: string; readonly grounds: string; readonly appealedAt: Instant }
>;

/** The answer to an appeal: the level after review (equal to the previous one when upheld). */
export type ClassificationRevised = DomainEvent<
  'ClassificationRevised',
  {
    readonly cycleId: string;
    readonly staffId: string;
    readonly previousLevel: EvaluationLevel;
    readonly level: EvaluationLevel;
    readonly outcome: 'upheld' | 'modified';
    readonly revisedBy: string;
    readonly decisionNo: string;
    readonly reason: string;
    readonly revisedAt: Instant;
  }
>;

/** Every event of an `evaluation-<cycleId>-<staffId>` stream. */
export type EvaluationEvent =
  | SelfAssessmentSubmitted
  | GeneralCriteriaScored
  | ClassificationProposed
  | ClassificationDecided
  | ClassificationAppealed
  | ClassificationRevised;

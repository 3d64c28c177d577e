import type { DomainCommand } from '../shared/decider.js';
import type { EvaluationLevel, JsonValue } from './evaluation.events.js';

/**
 * Every evaluation command carries `cycleClosed`, read by the caller from the cycle
 * stream: the evaluation aggregate does not load another stream.
 */
interface InCycle {
  readonly cycleId: string;
  readonly staffId: string;
  readonly cycleClosed: boolean;
}

export type SubmitSelfAssessment = DomainCommand<'SubmitSelfAssessment', InCycle & { readonly text: string; readonly selfLevel: EvaluationLevel | null }>;
export type ScoreGeneralCriteria = DomainCommand<'ScoreGeneralCriteria', InCycle & { readonly score: number; readonly maxScore: number; readonly note: string | null }>;
export type ProposeClassification = DomainCommand<
  'ProposeClassification',
  InCycle & {
    readonly unitId: string;
    readonly runId: string;
    readonly level: EvaluationLevel;
    readonly score: number | null;
    readonly policyId: string;
    readonly policyVersion: number;
    readonly indicators: JsonValue;
    readonly trace: JsonValue;
    readonly fingerprint: string;
  }
>;
export type DecideClassification = DomainCommand<
  'DecideClassification',
  InCycle & { readonly level: EvaluationLevel | null; readonly decisionNo: string; readonly basis: string }
>;
export type AppealClassification = DomainCommand<'AppealClassification', InCycle & { readonly grounds: string }>;
export type ReviseClassification = DomainCommand<
  'ReviseClassification',
  InCycle & { readonly level: EvaluationLevel; readonly decisionNo: string; readonly reason: string }
>;

export type EvaluationCommand =
  | SubmitSelfAssessment
  | ScoreGeneralCriteria
  | ProposeClassification
  | DecideClassification
  | AppealClassification
  | ReviseClassification;

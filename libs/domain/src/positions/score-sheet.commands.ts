import type { DomainCommand } from '../shared/decider.js';
import type { ObjectiveCause, SheetItem, SheetScoring } from './score-sheet.compute.js';
import type { SheetAdjustment } from './score-sheet.events.js';

interface OfSheet {
  readonly staffId: string;
  readonly period: string;
}

/** The items and scoring are read by the caller (work_products_v1, catalogues, the policy); the decider computes. */
export type DraftScoreSheet = DomainCommand<
  'DraftScoreSheet',
  OfSheet & {
    readonly unitId: string;
    readonly positionId: string | null;
    readonly taskGroup: string;
    readonly items: readonly SheetItem[];
    readonly scoring: SheetScoring;
    /** Objective causes already confirmed by a competent authority (inspection findings naming an item), applied to the draft. */
    readonly objectiveCauses?: readonly ObjectiveCause[];
  }
>;
export type SelfAssessScoreSheet = DomainCommand<'SelfAssessScoreSheet', OfSheet & { readonly comment: string; readonly selfPoints: number | null }>;
export type ConfirmScoreSheet = DomainCommand<
  'ConfirmScoreSheet',
  OfSheet & { readonly adjustments: readonly SheetAdjustment[]; readonly objectiveCauses: readonly ObjectiveCause[] }
>;
export type PublishScoreSheet = DomainCommand<'PublishScoreSheet', OfSheet>;
export type ContestScoreSheet = DomainCommand<'ContestScoreSheet', OfSheet & { readonly grounds: string }>;
export type ReviseScoreSheet = DomainCommand<
  'ReviseScoreSheet',
  OfSheet & { readonly reason: string; readonly adjustments: readonly SheetAdjustment[]; readonly objectiveCauses: readonly ObjectiveCause[] }
>;

export type ScoreSheetCommand = DraftScoreSheet | SelfAssessScoreSheet | ConfirmScoreSheet | PublishScoreSheet | ContestScoreSheet | ReviseScoreSheet;

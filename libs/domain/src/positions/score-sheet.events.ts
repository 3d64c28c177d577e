import type { DomainEvent } from '../shared/decider.js';
import type { Instant } from '../shared/ids.js';
import type { ObjectiveCause, SheetComputation, SheetItem, SheetScoring } from './score-sheet.compute.js';

/** A manager's adjustment of the computed task points: how many points, why, and under which rule. */
export interface SheetAdjustment {
  readonly points: number;
  readonly reason: string;
  readonly rule: string;
}

interface OfSheet {
  readonly staffId: string;
  readonly period: string;
}

/** The draft computed from the record; a later draft (more work recorded) replaces it until confirmation. */
export type ScoreSheetDrafted = DomainEvent<
  'ScoreSheetDrafted',
  OfSheet & {
    readonly unitId: string;
    readonly positionId: string | null;
    readonly taskGroup: string;
    readonly items: readonly SheetItem[];
    readonly scoring: SheetScoring;
    /** Objective causes confirmed before the draft (inspection findings naming the item; `reason` is the finding). */
    readonly objectiveCauses: readonly ObjectiveCause[];
    readonly computation: SheetComputation;
    readonly draftedBy: string;
    readonly draftedAt: Instant;
  }
>;

export type ScoreSheetSelfAssessed = DomainEvent<
  'ScoreSheetSelfAssessed',
  OfSheet & { readonly comment: string; readonly selfPoints: number | null; readonly assessedAt: Instant }
>;

/** The manager confirms: objective causes excuse deductions, adjustments move the points; the sheet is now a fact. */
export type ScoreSheetConfirmed = DomainEvent<
  'ScoreSheetConfirmed',
  OfSheet & {
    readonly adjustments: readonly SheetAdjustment[];
    readonly objectiveCauses: readonly ObjectiveCause[];
    readonly computation: SheetComputation;
    readonly taskPoints: number | null;
    readonly confirmedBy: string;
    readonly confirmedAt: Instant;
  }
>;

export type ScoreSheetPublished = DomainEvent<
  'ScoreSheetPublished',
  OfSheet & { readonly taskPoints: number | null; readonly contestUntil: Instant; readonly publishedBy: string; readonly publishedAt: Instant }
>;

export type ScoreSheetContested = DomainEvent<'ScoreSheetContested', OfSheet & { readonly grounds: string; readonly contestedAt: Instant }>;

/** A correction of a confirmed sheet, recorded with its reason (and the answer to a pending contest). */
export type ScoreSheetRevised = DomainEvent<
  'ScoreSheetRevised',
  OfSheet & {
    readonly reason: string;
    readonly adjustments: readonly SheetAdjustment[];
    readonly objectiveCauses: readonly ObjectiveCause[];
    readonly computation: SheetComputation;
    readonly previousTaskPoints: number | null;
    readonly taskPoints: number | null;
    readonly answersContest: boolean;
    readonly revisedBy: string;
    readonly revisedAt: Instant;
  }
>;

export type ScoreSheetEvent =
  | ScoreSheetDrafted
  | ScoreSheetSelfAssessed
  | ScoreSheetConfirmed
  | ScoreSheetPublished
  | ScoreSheetContested
  | ScoreSheetRevised;

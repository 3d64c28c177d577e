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

/** The person's own account of their draft sheet: a comment and, optionally, the points they claim. */
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

/** The confirmed sheet was made known to the person; the contest window runs until `contestUntil`. */
export type ScoreSheetPublished = DomainEvent<
  'ScoreSheetPublished',
  OfSheet & { readonly taskPoints: number | null; readonly contestUntil: Instant; readonly publishedBy: string; readonly publishedAt: Instant }
>;

/** The person contested the published sheet within the window, with their grounds; a revision answers. */
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
    /**
     * A revision of a published sheet opens a new contest window from the revision (the
     * person may contest what was changed); null for a sheet not yet published. Absent on
     * revisions recorded before this field existed (their window stays the publication's).
     */
    readonly contestUntil?: Instant | null;
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

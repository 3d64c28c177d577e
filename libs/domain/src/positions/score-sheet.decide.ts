import { isBlank } from '../shared/checks.js';
import { assertNever, type Decider } from '../shared/decider.js';
import { ruleError, type FieldError } from '../shared/errors.js';
import type { Instant } from '../shared/ids.js';
import { withTimeBounds } from '../shared/time-bounds.js';
import { scoreSheetCapacity } from './score-sheet.access.js';
import type { ScoreSheetCommand } from './score-sheet.commands.js';
import { computeSheet, periodBounds, periodEndInstant, type ObjectiveCause, type SheetComputation, type SheetItem, type SheetScoring } from './score-sheet.compute.js';
import type { ScoreSheetEvent, SheetAdjustment } from './score-sheet.events.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';

/** Stream of one person's sheet for one period: `scoresheet-<staffId>-<period>`. */
export function scoreSheetStream(staffId: string, period: string): string {
  return `scoresheet-${staffId}-${period}`;
}

/** More than this many adjustments or causes on one sheet is not a confirmation but a rewrite. */
export const MAX_ADJUSTMENTS = 50;

export type ScoreSheetStatus = 'draft' | 'confirmed' | 'published';

export type ScoreSheetState =
  | { readonly status: 'none' }
  | {
      readonly status: ScoreSheetStatus;
      readonly staffId: string;
      readonly period: string;
      readonly unitId: string;
      readonly positionId: string | null;
      readonly taskGroup: string;
      readonly items: readonly SheetItem[];
      readonly scoring: SheetScoring;
      /** Causes confirmed before the draft (findings); the manager's come on top at confirmation. */
      readonly draftCauses: readonly ObjectiveCause[];
      readonly computation: SheetComputation;
      readonly selfAssessed: boolean;
      readonly taskPoints: number | null;
      readonly contestUntil: Instant | null;
      readonly contestPending: boolean;
      readonly revisions: number;
    };

export function initialScoreSheetState(): ScoreSheetState {
  return { status: 'none' };
}

/** Never throws: a recorded event is a fact. */
export function evolveScoreSheet(state: ScoreSheetState, event: ScoreSheetEvent): ScoreSheetState {
  if (event.type === 'ScoreSheetDrafted') {
    const d = event.data;
    return {
      status: 'draft', staffId: d.staffId, period: d.period, unitId: d.unitId, positionId: d.positionId, taskGroup: d.taskGroup, items: d.items,
      scoring: d.scoring, draftCauses: Array.isArray(d.objectiveCauses) ? d.objectiveCauses : [], computation: d.computation, selfAssessed: state.status !== 'none' && state.selfAssessed, taskPoints: d.computation.taskPoints,
      contestUntil: null, contestPending: false, revisions: 0,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ScoreSheetSelfAssessed':
      return { ...state, selfAssessed: true };
    case 'ScoreSheetConfirmed':
      return { ...state, status: 'confirmed', computation: event.data.computation, taskPoints: event.data.taskPoints };
    case 'ScoreSheetPublished':
      return { ...state, status: 'published', contestUntil: event.data.contestUntil };
    case 'ScoreSheetContested':
      return { ...state, contestPending: true };
    case 'ScoreSheetRevised':
      return {
        ...state, computation: event.data.computation, taskPoints: event.data.taskPoints, revisions: state.revisions + 1,
        contestPending: event.data.answersContest ? false : state.contestPending,
        contestUntil: typeof event.data.contestUntil === 'string' ? event.data.contestUntil : state.contestUntil,
      };
    default:
      return assertNever(event, 'score sheet event');
  }
}

export function decideScoreSheet(command: ScoreSheetCommand, state: ScoreSheetState): ScoreSheetEvent[] {
  scoreSheetCapacity(command); // who may act: score-sheet.access.ts
  const d = command.data;
  const base = { staffId: d.staffId, period: d.period };
  const at = command.now;
  if (command.type !== 'DraftScoreSheet' && state.status === 'none') throw ruleError(RULES.sheetNotFound, `No score sheet for ${d.period}`);
  switch (command.type) {
    case 'DraftScoreSheet': {
      if (state.status === 'confirmed') throw ruleError(RULES.alreadyConfirmed, 'The sheet was confirmed; it changes only by a recorded revision');
      if (state.status === 'published') throw ruleError(RULES.published, 'The sheet was published; it changes only by a recorded revision');
      const c = command.data;
      check([
        isBlank(c.staffId) && { field: 'staffId', message: 'is required' },
        !periodBounds(c.period) && { field: 'period', message: 'must be YYYY-MM or YYYY-Qn' },
        isBlank(c.unitId) && { field: 'unitId', message: 'is required' },
        ...c.items.flatMap((i, n): (FieldError | false)[] => [
          !(Number.isFinite(i.quantity) && i.quantity > 0) && { field: `items[${n}].quantity`, message: 'must be positive' },
          !(Number.isFinite(i.coefficient) && i.coefficient > 0) && { field: `items[${n}].coefficient`, message: 'must be positive' },
        ]),
      ]);
      const causes = c.objectiveCauses ?? [];
      validateCorrections({ items: c.items, scoring: c.scoring }, [], causes);
      const computation = computeSheet(c.items, c.scoring, causes);
      // Re-drafting an unchanged record records nothing (drafts are idempotent).
      if (
        state.status === 'draft' && canonical(state.items) === canonical(c.items) && canonical(state.scoring) === canonical(c.scoring) &&
        canonical(state.draftCauses) === canonical(causes)
      ) return [];
      return [
        {
          type: 'ScoreSheetDrafted',
          data: {
            ...base, unitId: c.unitId, positionId: c.positionId, taskGroup: c.taskGroup, items: c.items, scoring: c.scoring, objectiveCauses: causes, computation,
            draftedBy: command.actor, draftedAt: at,
          },
        },
      ];
    }
    case 'SelfAssessScoreSheet': {
      if (state.status === 'published') throw ruleError(RULES.published, 'The sheet was published; contest it instead');
      if (state.status === 'confirmed') throw ruleError(RULES.alreadyConfirmed, 'The sheet was already confirmed');
      const c = command.data;
      const max = (state as { scoring: SheetScoring }).scoring.taskMax;
      check([
        isBlank(c.comment) && { field: 'comment', message: 'is required' },
        c.selfPoints !== null && !(Number.isFinite(c.selfPoints) && c.selfPoints >= 0 && c.selfPoints <= max) && { field: 'selfPoints', message: `must be within 0..${max}` },
      ]);
      return [{ type: 'ScoreSheetSelfAssessed', data: { ...base, comment: c.comment.trim(), selfPoints: c.selfPoints, assessedAt: at } }];
    }
    case 'ConfirmScoreSheet': {
      const s = state as Exclude<ScoreSheetState, { status: 'none' }>;
      if (command.actor === s.staffId) throw ruleError(RULES.selfConfirmation, 'Nobody confirms their own score sheet');
      if (s.status !== 'draft') throw ruleError(RULES.alreadyConfirmed, 'The sheet was already confirmed; corrections are recorded revisions');
      if (Date.parse(at) < Date.parse(periodEndInstant(s.period)!)) throw ruleError(RULES.periodNotOver, `The period ${s.period} is not over yet`);
      const { adjustments, objectiveCauses } = command.data;
      validateCorrections(s, adjustments, objectiveCauses);
      const computation = computeSheet(s.items, s.scoring, [...s.draftCauses, ...objectiveCauses]);
      return [
        {
          type: 'ScoreSheetConfirmed',
          data: { ...base, adjustments, objectiveCauses, computation, taskPoints: adjusted(computation, adjustments, s.scoring), confirmedBy: command.actor, confirmedAt: at },
        },
      ];
    }
    case 'PublishScoreSheet': {
      const s = state as Exclude<ScoreSheetState, { status: 'none' }>;
      if (s.status === 'draft') throw ruleError(RULES.notConfirmed, 'A sheet is published after its confirmation');
      if (s.status === 'published') throw ruleError(RULES.alreadyPublished, 'The sheet was already published');
      const contestUntil = new Date(Date.parse(at) + s.scoring.contestWindowDays * 86_400_000).toISOString();
      return [{ type: 'ScoreSheetPublished', data: { ...base, taskPoints: s.taskPoints, contestUntil, publishedBy: command.actor, publishedAt: at } }];
    }
    case 'ContestScoreSheet': {
      const s = state as Exclude<ScoreSheetState, { status: 'none' }>;
      if (command.actor !== s.staffId) throw ruleError(RULES.notSelf, 'Only the person scored contests the sheet');
      if (s.status !== 'published') throw ruleError(RULES.notPublished, 'A sheet is contested after its publication');
      if (s.contestPending) throw ruleError(RULES.contestPending, 'A contest is already pending');
      if (s.contestUntil !== null && Date.parse(at) > Date.parse(s.contestUntil)) {
        throw ruleError(RULES.contestWindowClosed, `The contest window closed at ${s.contestUntil} (${s.scoring.contestWindowDays} days after publication)`);
      }
      check([isBlank(command.data.grounds) && { field: 'grounds', message: 'is required' }]);
      return [{ type: 'ScoreSheetContested', data: { ...base, grounds: command.data.grounds.trim(), contestedAt: at } }];
    }
    case 'ReviseScoreSheet': {
      const s = state as Exclude<ScoreSheetState, { status: 'none' }>;
      if (command.actor === s.staffId) throw ruleError(RULES.selfConfirmation, 'Nobody revises their own score sheet');
      if (s.status === 'draft') throw ruleError(RULES.notConfirmed, 'A draft is corrected by confirming it, not by a revision');
      const { adjustments, objectiveCauses, reason } = command.data;
      check([isBlank(reason) && { field: 'reason', message: 'is required' }]);
      validateCorrections(s, adjustments, objectiveCauses);
      const computation = computeSheet(s.items, s.scoring, [...s.draftCauses, ...objectiveCauses]);
      return [
        {
          type: 'ScoreSheetRevised',
          data: {
            ...base, reason: reason.trim(), adjustments, objectiveCauses, computation, previousTaskPoints: s.taskPoints,
            taskPoints: adjusted(computation, adjustments, s.scoring), answersContest: s.contestPending,
            // Interpretation: a changed published sheet is contestable again, for the policy's window from the revision.
            contestUntil: s.status === 'published' ? new Date(Date.parse(at) + s.scoring.contestWindowDays * 86_400_000).toISOString() : null,
            revisedBy: command.actor, revisedAt: at,
          },
        },
      ];
    }
    default:
      return assertNever(command, 'score sheet command');
  }
}

/** Computed points plus the adjustments, within 0..taskMax; null when nothing was planned and nothing adjusted. */
function adjusted(c: SheetComputation, adjustments: readonly SheetAdjustment[], scoring: SheetScoring): number | null {
  if (c.taskPoints === null && adjustments.length === 0) return null;
  const total = (c.taskPoints ?? 0) + adjustments.reduce((s, a) => s + a.points, 0);
  return Math.round(Math.min(scoring.taskMax, Math.max(0, total)) * 100) / 100;
}

function validateCorrections(s: { items: readonly SheetItem[]; scoring: SheetScoring }, adjustments: readonly SheetAdjustment[], causes: readonly ObjectiveCause[]): void {
  const ids = new Set(s.items.map((i) => i.assignmentId));
  check([
    adjustments.length > MAX_ADJUSTMENTS && { field: 'adjustments', message: `at most ${MAX_ADJUSTMENTS}` },
    causes.length > MAX_ADJUSTMENTS && { field: 'objectiveCauses', message: `at most ${MAX_ADJUSTMENTS}` },
    ...adjustments.flatMap((a, i): (FieldError | false)[] => [
      !(Number.isFinite(a.points) && a.points !== 0 && Math.abs(a.points) <= s.scoring.taskMax) && { field: `adjustments[${i}].points`, message: `non-zero, within ±${s.scoring.taskMax}` },
      isBlank(a.reason) && { field: `adjustments[${i}].reason`, message: 'is required' },
      isBlank(a.rule) && { field: `adjustments[${i}].rule`, message: 'is required (the rule the adjustment applies)' },
    ]),
    ...causes.flatMap((c, i): (FieldError | false)[] => [
      !ids.has(c.assignmentId) && { field: `objectiveCauses[${i}].assignmentId`, message: 'is not an item of this sheet' },
      c.kind !== 'delay' && c.kind !== 'quality' && { field: `objectiveCauses[${i}].kind`, message: 'delay or quality' },
      isBlank(c.reason) && { field: `objectiveCauses[${i}].reason`, message: 'is required' },
    ]),
  ]);
}

/** JSON with sorted keys: a stored event comes back from jsonb with its keys in another order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function check(candidates: readonly (FieldError | false)[]): void {
  const errors = candidates.filter((e): e is FieldError => e !== false);
  if (errors.length) throw ruleError(RULES.sheetInvalid, 'The score-sheet command is not valid', errors);
}

/** The period score-sheet aggregate. */
export const scoreSheetDecider: Decider<ScoreSheetState, ScoreSheetCommand, ScoreSheetEvent> = withTimeBounds({
  initialState: initialScoreSheetState,
  evolve: evolveScoreSheet,
  decide: decideScoreSheet,
});

import { deny, requireCapacity, type AccessPolicy, type Actor } from '../shared/access.js';
import type { ScoreSheetCommand } from './score-sheet.commands.js';
import type { ScoreSheetState } from './score-sheet.decide.js';
import { POSITIONS_RULES as RULES } from './positions.errors.js';

/**
 * WHO MAY ACT ON A PERIOD SCORE SHEET, and as what.
 *
 * | command | capacities |
 * | --- | --- |
 * | DraftScoreSheet | `manager`: hr or a unit head with the person's unit in scope |
 * | SelfAssessScoreSheet, ContestScoreSheet | `self`: the person scored |
 * | ConfirmScoreSheet, PublishScoreSheet, ReviseScoreSheet | `manager` (never the person scored: the decider refuses self-confirmation) |
 *
 * A sheet outside the caller's scope answers `scoresheet.not_found`, as for one never drafted.
 */
export type ScoreSheetCapacity = 'self' | 'manager';

const notFound = () => deny(RULES.sheetNotFound, 'No such score sheet in your scope');

/** May the caller see the sheet? The person scored, and hr, unit heads and inspectors with its unit in scope. */
export function seesScoreSheet(who: Actor, s: ScoreSheetState): boolean {
  return s.status !== 'none' && (s.staffId === who.sub || (who.is('hr', 'unit_head', 'inspector') && who.inScope(s.unitId)));
}

function manager(who: Actor, s: ScoreSheetState) {
  return s.status !== 'none' && who.is('hr', 'unit_head') && who.inScope(s.unitId) ? 'manager' : notFound();
}

function self(who: Actor, s: ScoreSheetState) {
  if (s.status === 'none' || !seesScoreSheet(who, s)) return notFound();
  return s.staffId === who.sub ? 'self' : deny(RULES.notSelf, 'Only the person scored does this');
}

export const scoreSheetAccess = {
  DraftScoreSheet: (who, s, c) => {
    const unit = s.status === 'none' ? c.data.unitId : s.unitId;
    return who.is('hr', 'unit_head') && who.inScope(unit) ? 'manager' : notFound();
  },
  SelfAssessScoreSheet: self,
  ContestScoreSheet: self,
  ConfirmScoreSheet: manager,
  PublishScoreSheet: manager,
  ReviseScoreSheet: manager,
} satisfies AccessPolicy<ScoreSheetState, ScoreSheetCommand>;

const CAPACITIES = {
  DraftScoreSheet: ['manager'],
  SelfAssessScoreSheet: ['self'],
  ContestScoreSheet: ['self'],
  ConfirmScoreSheet: ['manager'],
  PublishScoreSheet: ['manager'],
  ReviseScoreSheet: ['manager'],
} as const satisfies Record<ScoreSheetCommand['type'], readonly ScoreSheetCapacity[]>;

export function scoreSheetCapacity(command: ScoreSheetCommand): ScoreSheetCapacity {
  return requireCapacity(command, CAPACITIES[command.type]);
}

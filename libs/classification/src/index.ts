/**
 * libs/classification: the annual quality classification as a pure policy engine.
 * Policies are versioned data with effective years, staff categories and the legal
 * source of every number; `classify` interprets them and explains itself in a trace.
 */
export type {
  AbsenceCap,
  Comparator,
  Condition,
  EligibilityRule,
  Ladder,
  LegalSource,
  Level,
  LevelRule,
  MetricName,
  Operand,
  Outcome,
  OverrideRule,
  PointsScoring,
  Policy,
  PolicyOverlay,
  PolicyScope,
  QuotaOrderKey,
  QuotaRule,
  RatedLevel,
  Sourced,
  StaffCategory,
} from './policy.types.js';
export { LEVELS_BEST_FIRST } from './policy.types.js';
export type {
  CountField,
  DisciplinaryDecisionFact,
  FindingRefs,
  LeaveKind,
  PeriodCounts,
  ScoreSheetPeriod,
  StaffYearIndicators,
  UnitResults,
} from './indicators.js';
export { COUNT_FIELDS } from './indicators.js';
export type { ClassificationResult, TraceEntry, TraceKind, TraceValue } from './result.types.js';
export type { ClassificationFieldError } from './errors.js';
export { ClassificationInputError, PolicyDefinitionError } from './errors.js';
export type { CompiledPolicy } from './compile.js';
export { compilePolicy } from './compile.js';
export { classify, classifyMany, createClassifier, lowerLevel } from './classify.js';
export { applyQuota, taskGroupOf, WHOLE_UNIT_GROUP, type QuotaContext, type TaskGroupDeclaration } from './quota.js';
export { classifyCycle, type CycleClassification, type CycleOptions, type CycleStaffInput, type CycleUnit, type LeaderPost, type SkippedStaff } from './cycle.js';
export { createCycleRun, planCycleParts, type PlannedPost } from './cycle-stream.js';
export { applyOverlay } from './overlay.js';
export { selectPolicy } from './select-policy.js';
export { vnDecree335of2025 } from './policies/vn-decree-335-2025.policy.js';
export { vnDecree90of2020, vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';

import { vnDecree335of2025 } from './policies/vn-decree-335-2025.policy.js';
import { vnDecree90of2020, vnDecree90of2020as48of2023 } from './policies/vn-decree-90-2020-48-2023.policy.js';
import type { Policy } from './policy.types.js';

/** The national policies shipped with the engine, for `selectPolicy`. */
export const NATIONAL_POLICIES: readonly Policy[] = [vnDecree90of2020as48of2023, vnDecree335of2025, vnDecree90of2020];

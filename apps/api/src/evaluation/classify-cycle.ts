/** The cycle classifier is pure and lives in libs/classification; re-exported for the API and the bench. */
export { classifyCycle, createCycleRun, planCycleParts, type CycleClassification, type CycleStaffInput, type CycleUnit, type LeaderPost, type SkippedStaff } from '#classification';

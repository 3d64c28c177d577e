import {
  applyQuota,
  ClassificationInputError,
  createClassifier,
  type ClassificationResult,
  type Policy,
  type StaffCategory,
  type StaffYearIndicators,
  type UnitResults,
} from '#classification';

/** A staff member the run could not classify, with the reason (never silently not_completed). */
export interface SkippedStaff {
  readonly staffId: string;
  readonly code: string;
  readonly message: string;
}

/** One staff member's inputs: the engine's indicators plus the units they lead. */
export interface CycleStaffInput {
  readonly indicators: StaffYearIndicators;
  /** Units the person headed or deputised in the year, with their depth in the tree (deeper first). */
  readonly leads: readonly { readonly unitId: string; readonly depth: number }[];
}

export interface CycleClassification {
  readonly results: ClassificationResult[];
  /** The indicators each result was computed from (leaders: with their unit results filled in). */
  readonly inputs: ReadonlyMap<string, StaffYearIndicators>;
  readonly skipped: SkippedStaff[];
}

/**
 * Classifies a cycle: everyone who leads nothing first, then leaders from the deepest
 * unit up, each with the levels of the staff of the units they lead (Decree 335/2025:
 * unit factor; Decree 90/2020: unit ratios), then the quota pass per policy.
 * Pure: the caller loads the inputs and appends the proposals.
 */
export function classifyCycle(
  staff: readonly CycleStaffInput[],
  policyFor: (category: StaffCategory) => Policy | undefined,
): CycleClassification {
  const classifiers = new Map<string, (i: StaffYearIndicators) => ClassificationResult>();
  const classifierFor = (policy: Policy) => {
    let c = classifiers.get(policy.id);
    if (!c) classifiers.set(policy.id, (c = createClassifier(policy)));
    return c;
  };
  const byUnit = new Map<string, StaffYearIndicators[]>();
  for (const s of staff) {
    let list = byUnit.get(s.indicators.unitId);
    if (!list) byUnit.set(s.indicators.unitId, (list = []));
    list.push(s.indicators);
  }
  const results = new Map<string, ClassificationResult>();
  const inputs = new Map<string, StaffYearIndicators>();
  const skipped: SkippedStaff[] = [];
  const run = (ind: StaffYearIndicators) => {
    const policy = policyFor(ind.category);
    if (!policy) {
      skipped.push({ staffId: ind.staffId, code: 'evaluation.no_policy', message: `The cycle has no policy for category ${ind.category}` });
      return;
    }
    try {
      results.set(ind.staffId, classifierFor(policy)(ind));
      inputs.set(ind.staffId, ind);
    } catch (error) {
      if (!(error instanceof ClassificationInputError)) throw error;
      skipped.push({ staffId: ind.staffId, code: error.code, message: error.message });
    }
  };

  const leaders = staff.filter((s) => s.leads.length > 0);
  for (const s of staff) if (s.leads.length === 0) run(s.indicators);
  const depth = (s: CycleStaffInput) => Math.max(...s.leads.map((l) => l.depth));
  for (const leader of leaders.slice().sort((a, b) => depth(b) - depth(a) || cmp(a.indicators.staffId, b.indicators.staffId))) {
    run({ ...leader.indicators, isLeader: true, unitResults: unitResultsOf(leader, byUnit, results) });
  }

  let out = staff.map((s) => results.get(s.indicators.staffId)).filter((r): r is ClassificationResult => r !== undefined);
  const policies = new Map<string, Policy>();
  for (const s of staff) {
    const p = policyFor(s.indicators.category);
    if (p) policies.set(p.id, p);
  }
  for (const p of policies.values()) out = applyQuota(out, p);
  return { results: out, inputs, skipped };
}

/**
 * The results of the units a leader leads: subordinate levels (everyone else in those
 * units who was classified), and the unit ratios over everyone's assignments due.
 */
function unitResultsOf(
  leader: CycleStaffInput,
  byUnit: ReadonlyMap<string, readonly StaffYearIndicators[]>,
  results: ReadonlyMap<string, ClassificationResult>,
): UnitResults {
  const levels = { excellent: 0, good: 0, completed: 0, not_completed: 0 };
  let assigned = 0;
  let completed = 0;
  let exceeded = 0;
  let onTimeQuality = 0;
  for (const { unitId } of leader.leads) {
    for (const member of byUnit.get(unitId) ?? []) {
      if (member.staffId === leader.indicators.staffId) continue;
      const level = results.get(member.staffId)?.level;
      if (level && level !== 'not_classified') levels[level]++;
      for (const p of member.periods) {
        assigned += p.assigned;
        completed += p.completed;
        exceeded += p.qualityExceeded;
        onTimeQuality += p.onTimeMeetingQuality;
      }
    }
  }
  return {
    subordinateLevels: levels,
    ...(assigned > 0
      ? { targetsMetRatio: completed / assigned, targetsExceededRatio: exceeded / assigned, onTimeWithQualityRatio: onTimeQuality / assigned }
      : {}),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import { createClassifier } from './classify.js';
import { ClassificationInputError } from './errors.js';
import type { StaffYearIndicators, UnitResults } from './indicators.js';
import type { Outcome, Policy, StaffCategory } from './policy.types.js';
import { applyQuota, taskGroupOf, type QuotaContext, type TaskGroupDeclaration } from './quota.js';
import type { ClassificationResult } from './result.types.js';

/** A staff member the run could not classify, with the reason (never silently not_completed). */
export interface SkippedStaff {
  readonly staffId: string;
  readonly code: string;
  readonly message: string;
}

/** A leadership post held in the assessment year. */
export interface LeaderPost {
  readonly unitId: string;
  readonly role: 'head' | 'deputy';
}

/** One staff member's inputs: the engine's indicators plus the posts they held. */
export interface CycleStaffInput {
  readonly indicators: StaffYearIndicators;
  /**
   * The job position: when given, the task group is the declared group of the unit that
   * lists it (`options.taskGroups`), or the whole unit when the unit declared none.
   */
  readonly jobPosition?: string;
  /** Units the person headed or deputised in the year. */
  readonly leads: readonly LeaderPost[];
}

/** A unit of the cycle's tree. */
export interface CycleUnit {
  readonly unitId: string;
  readonly parentUnitId: string | null;
}

export interface CycleClassification {
  readonly results: ClassificationResult[];
  /** The indicators each result was computed from (leaders: with their unit results filled in). */
  readonly inputs: ReadonlyMap<string, StaffYearIndicators>;
  readonly skipped: SkippedStaff[];
}

const RANK = { staff: 0, deputy: 1, head: 2 } as const;

/**
 * Classifies a cycle bottom-up: staff first, then deputies, then heads, each unit's
 * leaders after everyone they answer for (their subordinates, and the heads of the units
 * directly under theirs), then the quota pass per policy. A leader's subordinates in a
 * unit are its members of lower rank: for a head, the deputies and the staff; for a
 * deputy, the staff. Co-leaders (the same or a higher post in the same unit) are not
 * subordinates. A leader whose subordinate could not be classified is not classified
 * either: the input error names the missing person (Decree 335/2025: the unit factor
 * needs every subordinate's level; a silent skip would keep a 100 % factor unearned).
 * Pure: the caller loads the inputs and appends the proposals.
 */
export function classifyCycle(
  staff: readonly CycleStaffInput[],
  policyFor: (category: StaffCategory) => Policy | undefined,
  options: CycleOptions = {},
): CycleClassification {
  return classifyPart(staff, policyFor, options, childrenOf(options.units ?? []), new Map()).classification;
}

export interface CycleOptions {
  readonly units?: readonly CycleUnit[];
  readonly quota?: QuotaContext;
  readonly taskGroups?: readonly TaskGroupDeclaration[];
}

/** The pre-quota level of each head of a unit classified in an earlier part (undefined: skipped), by unit. */
export type EarlierHeads = ReadonlyMap<string, ReadonlyMap<string, Outcome | undefined>>;

export function childrenOf(units: readonly CycleUnit[]): Map<string, string[]> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    if (u.parentUnitId === null) continue;
    let list = children.get(u.parentUnitId);
    if (!list) children.set(u.parentUnitId, (list = []));
    list.push(u.unitId);
  }
  return children;
}

/**
 * `classifyCycle` over a part of the cycle: `staff` holds every member of a set of units
 * closed under posts (whoever leads a unit of the part is in it, everyone of a unit a
 * member of the part leads is in it), whose child units outside the part were classified
 * in earlier parts (`earlierHeads`). Returns the classification of the part and the
 * pre-quota level of every head in it (what the parents' leaders read).
 */
export function classifyPart(
  staff: readonly CycleStaffInput[],
  policyFor: (category: StaffCategory) => Policy | undefined,
  options: CycleOptions,
  children: ReadonlyMap<string, readonly string[]>,
  earlierHeads: EarlierHeads,
): { classification: CycleClassification; heads: Map<string, Map<string, Outcome | undefined>> } {
  const groupErrors = new Map<string, ClassificationInputError>();
  staff = staff.map((s) => {
    if (s.jobPosition === undefined) return s;
    try {
      return { ...s, indicators: { ...s.indicators, taskGroup: taskGroupOf(s.indicators.unitId, s.jobPosition, options.taskGroups ?? []) } };
    } catch (error) {
      if (!(error instanceof ClassificationInputError)) throw error;
      groupErrors.set(s.indicators.staffId, error);
      return s;
    }
  });
  const classifiers = new Map<string, (i: StaffYearIndicators) => ClassificationResult>();
  const classifierFor = (policy: Policy) => {
    let c = classifiers.get(policy.id);
    if (!c) classifiers.set(policy.id, (c = createClassifier(policy)));
    return c;
  };
  const byUnit = new Map<string, CycleStaffInput[]>();
  for (const s of staff) {
    let list = byUnit.get(s.indicators.unitId);
    if (!list) byUnit.set(s.indicators.unitId, (list = []));
    list.push(s);
  }
  const headsOf = new Map<string, string[]>();
  for (const s of staff) {
    for (const p of s.leads) {
      if (p.role !== 'head') continue;
      let list = headsOf.get(p.unitId);
      if (!list) headsOf.set(p.unitId, (list = []));
      list.push(s.indicators.staffId);
    }
  }

  const results = new Map<string, ClassificationResult>();
  const inputs = new Map<string, StaffYearIndicators>();
  const skipped = new Map<string, SkippedStaff>();
  const skip = (s: SkippedStaff) => skipped.set(s.staffId, s);
  const run = (ind: StaffYearIndicators) => {
    const groupError = groupErrors.get(ind.staffId);
    if (groupError) {
      skip({ staffId: ind.staffId, code: groupError.code, message: groupError.message });
      return;
    }
    const policy = policyFor(ind.category);
    if (!policy) {
      skip({ staffId: ind.staffId, code: 'evaluation.no_policy', message: `The cycle has no policy for category ${ind.category}` });
      return;
    }
    try {
      results.set(ind.staffId, classifierFor(policy)(ind));
      inputs.set(ind.staffId, ind);
    } catch (error) {
      if (!(error instanceof ClassificationInputError)) throw error;
      skip({ staffId: ind.staffId, code: error.code, message: error.message });
    }
  };

  /** Who a leader answers for: subordinates per post, and the heads of the units directly under theirs. */
  const dependsOn = (leader: CycleStaffInput) => {
    const subordinates = new Set<string>();
    const directHeads = new Set<string>();
    const self = leader.indicators.staffId;
    for (const post of leader.leads) {
      for (const member of byUnit.get(post.unitId) ?? []) {
        const id = member.indicators.staffId;
        if (id === self) continue;
        const rank = Math.max(RANK.staff, ...member.leads.filter((p) => p.unitId === post.unitId).map((p) => RANK[p.role]));
        if (rank < RANK[post.role]) subordinates.add(id);
      }
      if (post.role === 'head') {
        for (const child of children.get(post.unitId) ?? []) {
          for (const h of headsOf.get(child) ?? []) directHeads.add(h);
          for (const h of earlierHeads.get(child)?.keys() ?? []) directHeads.add(h);
        }
      }
    }
    directHeads.delete(self);
    return { subordinates, directHeads };
  };

  for (const s of staff) if (s.leads.length === 0) run(s.indicators);
  let pending = staff
    .filter((s) => s.leads.length > 0)
    .map((s) => ({ s, deps: dependsOn(s) }))
    .sort((a, b) => cmp(a.s.indicators.staffId, b.s.indicators.staffId));
  const earlierLevel = new Map<string, Outcome | undefined>();
  for (const heads of earlierHeads.values()) for (const [id, level] of heads) earlierLevel.set(id, level);
  const done = (id: string) => results.has(id) || skipped.has(id) || earlierLevel.has(id);
  const levelOf = (id: string): Outcome | undefined => results.get(id)?.level ?? earlierLevel.get(id);
  while (pending.length > 0) {
    const ready = pending.filter(({ deps }) => [...deps.subordinates, ...deps.directHeads].every(done));
    // A cycle of posts (each leads the other): classify the rest anyway; the missing ones are named below.
    const batch = ready.length > 0 ? ready : pending;
    for (const { s, deps } of batch) {
      const missing = [...deps.subordinates].filter((id) => !results.has(id)).sort(cmp);
      if (missing.length > 0) {
        const why = missing.map((id) => `${id} (${skipped.get(id)?.code ?? 'not classified before this leader'})`).join(', ');
        skip({
          staffId: s.indicators.staffId,
          code: 'classification.subordinate_unclassified',
          message: `The leader's unit results need every subordinate's level; not classified: ${why}`,
        });
        continue;
      }
      run({ ...s.indicators, isLeader: true, unitResults: unitResultsOf(s, deps, byUnit, levelOf) });
    }
    const handled = new Set(batch.map((b) => b.s.indicators.staffId));
    pending = pending.filter((p) => !handled.has(p.s.indicators.staffId));
  }

  const heads = new Map<string, Map<string, Outcome | undefined>>();
  for (const [unitId, ids] of headsOf) heads.set(unitId, new Map(ids.map((id) => [id, results.get(id)?.level])));
  let out = staff.map((s) => results.get(s.indicators.staffId)).filter((r): r is ClassificationResult => r !== undefined);
  const policies = new Map<string, Policy>();
  for (const s of staff) {
    const p = policyFor(s.indicators.category);
    if (p) policies.set(p.id, p);
  }
  for (const p of policies.values()) out = applyQuota(out, p, options.quota);
  const skippedInOrder = staff.map((s) => skipped.get(s.indicators.staffId)).filter((x): x is SkippedStaff => x !== undefined);
  return { classification: { results: out, inputs, skipped: skippedInOrder }, heads };
}

/**
 * The results of the units a leader leads: the levels of their subordinates, the levels
 * of the units directly under theirs (a unit's level is its head's: the record rates
 * people), and the unit ratios over everyone's assignments due in the led units.
 */
function unitResultsOf(
  leader: CycleStaffInput,
  deps: { readonly subordinates: ReadonlySet<string>; readonly directHeads: ReadonlySet<string> },
  byUnit: ReadonlyMap<string, readonly CycleStaffInput[]>,
  levelOf: (staffId: string) => Outcome | undefined,
): UnitResults {
  const levels = { excellent: 0, good: 0, completed: 0, not_completed: 0 };
  for (const id of deps.subordinates) {
    const level = levelOf(id);
    if (level && level !== 'not_classified') levels[level]++;
  }
  const unitLevels = { excellent: 0, good: 0, completed: 0, not_completed: 0 };
  let unitsRated = true;
  for (const id of deps.directHeads) {
    const level = levelOf(id);
    if (!level || level === 'not_classified') unitsRated = false;
    else unitLevels[level]++;
  }
  let assigned = 0;
  let completed = 0;
  let exceeded = 0;
  let onTimeQuality = 0;
  for (const unitId of new Set(leader.leads.map((p) => p.unitId))) {
    for (const member of byUnit.get(unitId) ?? []) {
      if (member.indicators.staffId === leader.indicators.staffId) continue;
      for (const p of member.indicators.periods) {
        assigned += p.assigned;
        completed += p.completed;
        exceeded += p.qualityExceeded;
        onTimeQuality += p.onTimeMeetingQuality;
      }
    }
  }
  return {
    subordinateLevels: levels,
    ...(unitsRated ? { directUnitLevels: unitLevels } : {}),
    ...(assigned > 0
      ? { targetsMetRatio: completed / assigned, targetsExceededRatio: exceeded / assigned, onTimeWithQualityRatio: onTimeQuality / assigned }
      : {}),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

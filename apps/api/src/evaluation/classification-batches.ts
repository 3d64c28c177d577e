import { createHash } from 'node:crypto';
import { NATIONAL_POLICIES, type ClassificationResult, type QuotaContext, type StaffCategory, type TaskGroupDeclaration } from '#classification';
import type { JsonValue } from '#domain';
import type { ClassificationFactQueries, IndicatorQueries, ScoreSheetQueries } from '#read-models';
import { withScoreSheets } from '../positions/classification-sheets.js';
import { createCycleRun, type SkippedStaff } from './classify-cycle.js';
import { loadCyclePart, loadCyclePlan } from './cycle-inputs.js';

/** What a classification run needs to know of the cycle and the request: plain data (it crosses to a worker thread). */
export interface ClassificationRunInput {
  readonly cycleId: string;
  readonly year: number;
  readonly scopeUnitId: string;
  /** The policy fixed for each staff category (the cycle's `policies`). */
  readonly policies: ReadonlyArray<{ readonly category: string; readonly policyId: string }>;
  readonly taskGroups: readonly TaskGroupDeclaration[];
  readonly outstandingUnits: NonNullable<QuotaContext['outstandingUnits']>;
  /** Staff per part of the streamed run: what the run holds at once (issue 17). */
  readonly partStaff: number;
  /** Proposals per batch handed to the caller, who appends them before asking for the next. */
  readonly batchSize: number;
}

/** One staff member's proposal, ready to become a `ProposeClassification` command. */
export interface ClassificationProposal {
  readonly staffId: string;
  readonly unitId: string;
  readonly level: ClassificationResult['level'];
  readonly score: number | null;
  readonly policyId: string;
  readonly policyVersion: ClassificationResult['policyVersion'];
  readonly indicators: JsonValue;
  readonly trace: JsonValue;
  readonly fingerprint: string;
}

export interface ClassificationBatch {
  readonly proposals: ClassificationProposal[];
  readonly skipped: SkippedStaff[];
}

export interface ClassificationReads {
  readonly indicators: IndicatorQueries;
  readonly facts: ClassificationFactQueries;
  readonly scoreSheets: ScoreSheetQueries;
}

const POLICIES_BY_ID = new Map(NATIONAL_POLICIES.map((p) => [p.id, p]));

/**
 * The classification of a cycle as a stream of small batches (issue 17 item 4): the cycle is
 * read and classified one part (a unit subtree of about `partStaff` people, leaders after
 * their units) at a time, and each part's proposals are handed out `batchSize` at a time,
 * the next part read only once the caller took the last batch. The same generator runs in
 * the API process or in the classification worker (classification-worker.ts), so both give
 * the same proposals in the same order.
 */
export async function* classificationBatches(reads: ClassificationReads, input: ClassificationRunInput): AsyncGenerator<ClassificationBatch> {
  const byCategory = new Map(input.policies.map((c) => [c.category, POLICIES_BY_ID.get(c.policyId)]));
  const plan = await loadCyclePlan(reads.indicators, { year: input.year, scopeUnitId: input.scopeUnitId }, reads.facts, input.partStaff);
  const run = createCycleRun((category: StaffCategory) => byCategory.get(category), {
    units: plan.units,
    taskGroups: input.taskGroups,
    quota: { outstandingUnits: input.outstandingUnits },
  });
  for (const part of plan.parts) {
    // issue 14: task points from confirmed period sheets
    const staff = await withScoreSheets(reads.scoreSheets, await loadCyclePart(reads.indicators, { cycleId: input.cycleId, year: input.year }, part, plan.facts), input.year);
    const { results, inputs: used, skipped } = run.classifyPart(staff);
    if (results.length === 0 && skipped.length > 0) yield { proposals: [], skipped };
    for (let at = 0; at < results.length; at += input.batchSize) {
      const proposals = results.slice(at, at + input.batchSize).map((result): ClassificationProposal => {
        const indicators = used.get(result.staffId) as unknown as JsonValue;
        const trace = result.trace as unknown as JsonValue;
        const fingerprint = createHash('sha256')
          .update(JSON.stringify({ level: result.level, score: result.score ?? null, policy: [result.policyId, result.policyVersion], indicators, trace }))
          .digest('hex');
        return {
          staffId: result.staffId, unitId: result.unitId, level: result.level, score: result.score ?? null,
          policyId: result.policyId, policyVersion: result.policyVersion, indicators, trace, fingerprint,
        };
      });
      yield { proposals, skipped: at === 0 ? skipped : [] };
    }
  }
}

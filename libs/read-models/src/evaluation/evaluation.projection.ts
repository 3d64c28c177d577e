import type { EntityManager } from 'typeorm';
import type { CycleEvent } from '#domain';
import type { EvaluationEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';
import { TableBatch, json, type Row } from '../shared/table-batch.js';

const CYCLE_TYPES = new Set(['CycleOpened', 'CycleClosed']);
const EVALUATION_TYPES = new Set([
  'SelfAssessmentSubmitted', 'GeneralCriteriaScored', 'ClassificationProposed', 'ClassificationDecided', 'ClassificationAppealed', 'ClassificationRevised',
]);

/**
 * Evaluation cycles and one result row per staff member and cycle: the latest
 * proposal with its indicators and trace, the decision, the appeal and its revision.
 * `final_level` is what stands now (revision, else decision, else null).
 */
export class EvaluationProjection implements Projection {
  readonly name = 'evaluation_results_v1';
  readonly handles: ReadonlySet<string> = new Set([...CYCLE_TYPES, ...EVALUATION_TYPES]);
  readonly tables = ['evaluation_cycles_v1', 'evaluation_results_v1'];

  /** Set-based (see shared/table-batch.ts): one read per table, rows changed in memory, one upsert per table. */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const cycles = new TableBatch('evaluation_cycles_v1', ['id']);
    const results = new TableBatch('evaluation_results_v1', ['cycle_id', 'staff_id']);
    await cycles.load(m, events.filter((e) => CYCLE_TYPES.has(e.type)).map((e) => ({ id: (e.data as { cycleId: string }).cycleId })));
    await results.load(
      m,
      events.filter((e) => EVALUATION_TYPES.has(e.type)).map((e) => {
        const d = e.data as { cycleId: string; staffId: string };
        return { cycle_id: d.cycleId, staff_id: d.staffId };
      }),
    );
    for (const e of events) {
      if (CYCLE_TYPES.has(e.type)) this.cycle({ type: e.type, data: e.data } as CycleEvent, Number(e.revision) + 1, cycles);
      else if (EVALUATION_TYPES.has(e.type)) this.evaluation({ type: e.type, data: e.data } as EvaluationEvent, e, results);
    }
    await cycles.write(m);
    await results.write(m);
  }

  private cycle(event: CycleEvent, version: number, cycles: TableBatch): void {
    const row = cycles.get({ id: event.data.cycleId });
    if (event.type === 'CycleOpened') {
      if (row) return;
      const d = event.data;
      cycles.set({
        id: d.cycleId, year: d.year, scope_unit_id: d.scopeUnitId, policies: json(d.policies), status: 'open', opened_by: d.openedBy, opened_at: d.openedAt,
        closed_at: null, version,
      });
    } else if (row) cycles.set({ ...row, status: 'closed', closed_at: event.data.closedAt, version });
  }

  private evaluation(event: EvaluationEvent, e: RecordedEvent, results: TableBatch): void {
    const { cycleId, staffId } = event.data;
    const row = { ...(results.get({ cycle_id: cycleId, staff_id: staffId }) ?? emptyResult(cycleId, staffId)), version: Number(e.revision) + 1 };
    switch (event.type) {
      case 'SelfAssessmentSubmitted':
        Object.assign(row, { self_assessment: event.data.text, self_level: event.data.selfLevel });
        break;
      case 'GeneralCriteriaScored':
        Object.assign(row, { general_criteria_score: event.data.score, assessor: event.data.assessor });
        break;
      case 'ClassificationProposed': {
        const d = event.data;
        Object.assign(row, {
          unit_id: d.unitId, proposed_level: d.level, score: d.score, policy_id: d.policyId, policy_version: d.policyVersion, indicators: json(d.indicators),
          trace: json(d.trace), run_id: d.runId, proposed_at: d.proposedAt, proposal_stream: e.streamId, proposal_revision: e.revision.toString(),
        });
        break;
      }
      case 'ClassificationDecided':
        Object.assign(row, {
          decided_level: event.data.level, decision_no: event.data.decisionNo, decided_by: event.data.decidedBy, basis: event.data.basis, final_level: event.data.level,
        });
        break;
      case 'ClassificationAppealed':
        Object.assign(row, { appeal_status: 'pending', appeal_grounds: event.data.grounds });
        break;
      case 'ClassificationRevised':
        Object.assign(row, { appeal_status: event.data.outcome, revised_level: event.data.level, revision_decision_no: event.data.decisionNo, final_level: event.data.level });
        break;
      default:
        break;
    }
    results.set(row);
  }
}

/** A result row before any event filled it (every column the projection writes, null). */
function emptyResult(cycleId: string, staffId: string): Row {
  return {
    cycle_id: cycleId, staff_id: staffId, unit_id: null, self_assessment: null, self_level: null, general_criteria_score: null, assessor: null,
    proposed_level: null, score: null, policy_id: null, policy_version: null, indicators: null, trace: null, run_id: null, proposed_at: null,
    proposal_stream: null, proposal_revision: null, decided_level: null, decision_no: null, decided_by: null, basis: null, appeal_status: null,
    appeal_grounds: null, revised_level: null, revision_decision_no: null, final_level: null, version: 0,
  };
}

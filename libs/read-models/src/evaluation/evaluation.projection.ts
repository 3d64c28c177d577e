import type { EntityManager } from 'typeorm';
import type { CycleEvent } from '#domain';
import type { EvaluationEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

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

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (CYCLE_TYPES.has(e.type)) await this.cycle({ type: e.type, data: e.data } as CycleEvent, Number(e.revision) + 1, m);
      else if (EVALUATION_TYPES.has(e.type)) await this.evaluation({ type: e.type, data: e.data } as EvaluationEvent, e, m);
    }
  }

  private async cycle(event: CycleEvent, version: number, m: EntityManager): Promise<void> {
    if (event.type === 'CycleOpened') {
      const d = event.data;
      await m.query(
        `INSERT INTO evaluation_cycles_v1 (id, year, scope_unit_id, policies, status, opened_by, opened_at, version)
         VALUES ($1, $2, $3, $4, 'open', $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [d.cycleId, d.year, d.scopeUnitId, JSON.stringify(d.policies), d.openedBy, d.openedAt, version],
      );
    } else {
      await m.query(`UPDATE evaluation_cycles_v1 SET status = 'closed', closed_at = $2, version = $3 WHERE id = $1`, [event.data.cycleId, event.data.closedAt, version]);
    }
  }

  private async evaluation(event: EvaluationEvent, e: RecordedEvent, m: EntityManager): Promise<void> {
    const { cycleId, staffId } = event.data;
    const version = Number(e.revision) + 1;
    await m.query(
      `INSERT INTO evaluation_results_v1 (cycle_id, staff_id, version) VALUES ($1, $2, $3)
       ON CONFLICT (cycle_id, staff_id) DO UPDATE SET version = EXCLUDED.version`,
      [cycleId, staffId, version],
    );
    const set = (assignments: string, params: unknown[]) =>
      m.query(`UPDATE evaluation_results_v1 SET ${assignments} WHERE cycle_id = $1 AND staff_id = $2`, [cycleId, staffId, ...params]);
    switch (event.type) {
      case 'SelfAssessmentSubmitted':
        await set('self_assessment = $3, self_level = $4', [event.data.text, event.data.selfLevel]);
        return;
      case 'GeneralCriteriaScored':
        await set('general_criteria_score = $3, assessor = $4', [event.data.score, event.data.assessor]);
        return;
      case 'ClassificationProposed': {
        const d = event.data;
        await set(
          `unit_id = $3, proposed_level = $4, score = $5, policy_id = $6, policy_version = $7, indicators = $8, trace = $9, run_id = $10,
           proposed_at = $11, proposal_stream = $12, proposal_revision = $13`,
          [d.unitId, d.level, d.score, d.policyId, d.policyVersion, JSON.stringify(d.indicators), JSON.stringify(d.trace), d.runId, d.proposedAt, e.streamId, e.revision.toString()],
        );
        return;
      }
      case 'ClassificationDecided':
        await set('decided_level = $3, decision_no = $4, decided_by = $5, basis = $6, final_level = $3', [
          event.data.level, event.data.decisionNo, event.data.decidedBy, event.data.basis,
        ]);
        return;
      case 'ClassificationAppealed':
        await set(`appeal_status = 'pending', appeal_grounds = $3`, [event.data.grounds]);
        return;
      case 'ClassificationRevised':
        await set(`appeal_status = $3, revised_level = $4, revision_decision_no = $5, final_level = $4`, [event.data.outcome, event.data.level, event.data.decisionNo]);
        return;
      default:
        return;
    }
  }
}

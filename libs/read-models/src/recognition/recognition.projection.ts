import type { EntityManager } from 'typeorm';
import {
  evolveCommendation,
  initialCommendationState,
  type CommendationState,
} from '#domain';
import type { CommendationEvent } from '#domain';
import {
  evolveInnovation,
  initialInnovationState,
  type InnovationState,
} from '#domain';
import type { InnovationEvent } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

const COMMENDATION_TYPES = new Set(['CommendationGranted', 'CommendationRevoked']);
const INNOVATION_TYPES = new Set([
  'InnovationProposalRegistered',
  'InnovationProposalApproved',
  'InnovationProposalRejected',
  'InnovationOutcomeEvaluated',
]);

/**
 * Pure: rebuilds the domain state of a commendation from its row. The row keeps every
 * fact of the grant and the revocation, so the read side folds with the domain's evolve.
 */
export function commendationStateOf(row: CommendationRowView | undefined): CommendationState {
  if (!row) return initialCommendationState();
  const grant = {
    commendationId: row.id,
    recipient: { kind: row.recipientKind, id: row.recipientId },
    form: row.form,
    level: row.level,
    decisionNo: row.decisionNo,
    decidedBy: row.decidedBy,
    reason: row.reason,
    ...(row.periodFrom !== null && { periodFrom: row.periodFrom }),
    ...(row.periodTo !== null && { periodTo: row.periodTo }),
    grantedAt: row.grantedAt,
  };
  return row.revocation ? { status: 'revoked', grant, revocation: row.revocation } : { status: 'granted', grant };
}

/** A commendation row as the API returns it. */
export interface CommendationRowView {
  readonly id: string;
  readonly recipientKind: 'person' | 'unit';
  readonly recipientId: string;
  readonly form: string;
  readonly level: string;
  readonly decisionNo: string;
  readonly decidedBy: string;
  readonly reason: string;
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
  readonly grantedAt: string;
  readonly status: 'granted' | 'revoked';
  readonly revocation: Extract<CommendationState, { status: 'revoked' }>['revocation'] | null;
  readonly version: number;
}

/** SELECT list giving a `CommendationRowView`; `a` is a table alias with its dot (`c.`) when joined. */
export function commendationColumns(a = ''): string {
  return `${a}id, ${a}recipient_kind AS "recipientKind", ${a}recipient_id AS "recipientId", ${a}form, ${a}level,
  ${a}decision_no AS "decisionNo", ${a}decided_by AS "decidedBy", ${a}reason, to_char(${a}period_from, 'YYYY-MM-DD') AS "periodFrom",
  to_char(${a}period_to, 'YYYY-MM-DD') AS "periodTo",
  to_char(${a}granted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "grantedAt", ${a}status, ${a}revocation, ${a}version`;
}

/** An innovation-proposal row as the API returns it. */
export interface InnovationRowView {
  readonly id: string;
  readonly proposerId: string;
  readonly unitId: string;
  readonly title: string;
  readonly plan: string;
  readonly scope: string;
  readonly relatedAssignmentIds: string[];
  readonly status: 'registered' | 'approved' | 'rejected';
  readonly approval: Extract<InnovationState, { status: 'approved' }>['approval'] | null;
  readonly rejection: Extract<InnovationState, { status: 'rejected' }>['rejection'] | null;
  readonly evaluation: Extract<InnovationState, { status: 'approved' }>['evaluation'] | null;
  readonly registeredAt: string;
  readonly version: number;
}

/** SELECT list giving an `InnovationRowView`. */
export const INNOVATION_COLUMNS = `id, proposer_id AS "proposerId", unit_id AS "unitId", title, plan, scope,
  related_assignment_ids AS "relatedAssignmentIds", status, approval, rejection, evaluation,
  to_char(registered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "registeredAt", version`;

/** Pure: the domain state of a proposal from its row. */
export function innovationStateOf(row: InnovationRowView | undefined): InnovationState {
  if (!row) return initialInnovationState();
  const proposal = {
    proposalId: row.id,
    proposerId: row.proposerId,
    unitId: row.unitId,
    title: row.title,
    plan: row.plan,
    scope: row.scope,
    relatedAssignmentIds: row.relatedAssignmentIds,
    registeredAt: row.registeredAt,
  };
  if (row.status === 'approved' && row.approval) {
    return { status: 'approved', proposal, approval: row.approval, ...(row.evaluation && { evaluation: row.evaluation }) };
  }
  if (row.status === 'rejected' && row.rejection) return { status: 'rejected', proposal, rejection: row.rejection };
  return { status: 'registered', proposal };
}

/** Commendations (`commendations_v1`) and innovation proposals (`innovation_proposals_v1`). */
export class RecognitionProjection implements Projection {
  readonly name = 'recognition_v1';
  readonly handles: ReadonlySet<string> = new Set([...COMMENDATION_TYPES, ...INNOVATION_TYPES]);
  readonly tables = ['commendations_v1', 'innovation_proposals_v1'];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (COMMENDATION_TYPES.has(e.type) && e.streamId.startsWith('commendation-')) await this.commendation(e, m);
      else if (INNOVATION_TYPES.has(e.type) && e.streamId.startsWith('innovation-')) await this.innovation(e, m);
    }
  }

  private async commendation(e: RecordedEvent, m: EntityManager): Promise<void> {
    const id = e.streamId.slice('commendation-'.length);
    const rows = (await m.query(`SELECT ${commendationColumns()}, seq::text AS seq FROM commendations_v1 WHERE id = $1`, [id])) as Array<
      CommendationRowView & { seq: string }
    >;
    const state = evolveCommendation(commendationStateOf(rows[0]), { type: e.type, data: e.data } as CommendationEvent);
    if (state.status === 'none') return;
    const g = state.grant;
    await m.query(
      `INSERT INTO commendations_v1 (id, seq, recipient_kind, recipient_id, form, level, decision_no, decided_by, reason,
         period_from, period_to, granted_at, status, revocation, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, revocation = EXCLUDED.revocation, version = EXCLUDED.version`,
      [
        id, rows[0]?.seq ?? e.position.toString(), g.recipient.kind, g.recipient.id, g.form, g.level, g.decisionNo, g.decidedBy,
        g.reason, g.periodFrom ?? null, g.periodTo ?? null, g.grantedAt, state.status,
        state.status === 'revoked' ? JSON.stringify(state.revocation) : null, Number(e.revision) + 1,
      ],
    );
  }

  private async innovation(e: RecordedEvent, m: EntityManager): Promise<void> {
    const id = e.streamId.slice('innovation-'.length);
    const rows = (await m.query(`SELECT ${INNOVATION_COLUMNS}, seq::text AS seq FROM innovation_proposals_v1 WHERE id = $1`, [id])) as Array<
      InnovationRowView & { seq: string }
    >;
    const state = evolveInnovation(innovationStateOf(rows[0]), { type: e.type, data: e.data } as InnovationEvent);
    if (state.status === 'none') return;
    const p = state.proposal;
    await m.query(
      `INSERT INTO innovation_proposals_v1 (id, seq, proposer_id, unit_id, title, plan, scope, related_assignment_ids, status,
         approval, rejection, evaluation, registered_at, version)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, approval = EXCLUDED.approval, rejection = EXCLUDED.rejection,
         evaluation = EXCLUDED.evaluation, version = EXCLUDED.version`,
      [
        id, rows[0]?.seq ?? e.position.toString(), p.proposerId, p.unitId, p.title, p.plan, p.scope, [...p.relatedAssignmentIds],
        state.status,
        state.status === 'approved' ? JSON.stringify(state.approval) : null,
        state.status === 'rejected' ? JSON.stringify(state.rejection) : null,
        state.status === 'approved' && state.evaluation ? JSON.stringify(state.evaluation) : null,
        p.registeredAt, Number(e.revision) + 1,
      ],
    );
  }
}

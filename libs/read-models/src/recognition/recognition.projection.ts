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
import { TableBatch, iso, json, type Row } from '../shared/table-batch.js';

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

  /** Set-based (see shared/table-batch.ts): one read per table, the domain evolve in memory, one upsert per table. */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const commendations = new TableBatch('commendations_v1', ['id']);
    const innovations = new TableBatch('innovation_proposals_v1', ['id']);
    const isCommendation = (e: RecordedEvent) => COMMENDATION_TYPES.has(e.type) && e.streamId.startsWith('commendation-');
    const isInnovation = (e: RecordedEvent) => INNOVATION_TYPES.has(e.type) && e.streamId.startsWith('innovation-');
    await commendations.load(m, events.filter(isCommendation).map((e) => ({ id: e.streamId.slice('commendation-'.length) })));
    await innovations.load(m, events.filter(isInnovation).map((e) => ({ id: e.streamId.slice('innovation-'.length) })));
    for (const e of events) {
      if (isCommendation(e)) this.commendation(e, commendations);
      else if (isInnovation(e)) this.innovation(e, innovations);
    }
    await commendations.write(m, { updateColumns: ['status', 'revocation', 'version'] });
    await innovations.write(m, { updateColumns: ['status', 'approval', 'rejection', 'evaluation', 'version'] });
  }

  private commendation(e: RecordedEvent, rows: TableBatch): void {
    const id = e.streamId.slice('commendation-'.length);
    const row = rows.get({ id });
    const state = evolveCommendation(commendationStateOf(row && commendationViewOf(row)), { type: e.type, data: e.data } as CommendationEvent);
    if (state.status === 'none') return;
    const g = state.grant;
    // On conflict only status, revocation and version change (the grant is a fact).
    const grant = row ?? {
      id, seq: e.position.toString(), recipient_kind: g.recipient.kind, recipient_id: g.recipient.id, form: g.form, level: g.level,
      decision_no: g.decisionNo, decided_by: g.decidedBy, reason: g.reason, period_from: g.periodFrom ?? null, period_to: g.periodTo ?? null,
      granted_at: g.grantedAt,
    };
    rows.set({ ...grant, status: state.status, revocation: state.status === 'revoked' ? json(state.revocation) : null, version: Number(e.revision) + 1 });
  }

  private innovation(e: RecordedEvent, rows: TableBatch): void {
    const id = e.streamId.slice('innovation-'.length);
    const row = rows.get({ id });
    const state = evolveInnovation(innovationStateOf(row && innovationViewOf(row)), { type: e.type, data: e.data } as InnovationEvent);
    if (state.status === 'none') return;
    const p = state.proposal;
    const proposal = row ?? {
      id, seq: e.position.toString(), proposer_id: p.proposerId, unit_id: p.unitId, title: p.title, plan: p.plan, scope: p.scope,
      related_assignment_ids: [...p.relatedAssignmentIds], registered_at: p.registeredAt,
    };
    rows.set({
      ...proposal,
      status: state.status,
      approval: state.status === 'approved' ? json(state.approval) : null,
      rejection: state.status === 'rejected' ? json(state.rejection) : null,
      evaluation: state.status === 'approved' && state.evaluation ? json(state.evaluation) : null,
      version: Number(e.revision) + 1,
    });
  }
}

/** A `commendations_v1` row (as `to_jsonb` gives it) as the API's view, the input of `commendationStateOf`. */
function commendationViewOf(r: Row): CommendationRowView {
  return {
    id: r.id as string, recipientKind: r.recipient_kind as CommendationRowView['recipientKind'], recipientId: r.recipient_id as string,
    form: r.form as string, level: r.level as string, decisionNo: r.decision_no as string, decidedBy: r.decided_by as string, reason: r.reason as string,
    periodFrom: (r.period_from as string | null) ?? null, periodTo: (r.period_to as string | null) ?? null, grantedAt: iso(r.granted_at),
    status: r.status as CommendationRowView['status'], revocation: (r.revocation as CommendationRowView['revocation']) ?? null, version: r.version as number,
  };
}

function innovationViewOf(r: Row): InnovationRowView {
  return {
    id: r.id as string, proposerId: r.proposer_id as string, unitId: r.unit_id as string, title: r.title as string, plan: r.plan as string,
    scope: r.scope as string, relatedAssignmentIds: r.related_assignment_ids as string[], status: r.status as InnovationRowView['status'],
    approval: (r.approval as InnovationRowView['approval']) ?? null, rejection: (r.rejection as InnovationRowView['rejection']) ?? null,
    evaluation: (r.evaluation as InnovationRowView['evaluation']) ?? null, registeredAt: iso(r.registered_at), version: r.version as number,
  };
}

import {
  caseDecider,
  commendationDecider,
  commendationStream,
  commendationsToRevoke,
  fold,
  type CaseEvent,
  type CommendationCommand,
  type CommendationState,
} from '#domain';
import type { EventStore, RecordedEvent } from '#event-store';
import type { ReadModelWatermark, SqlQueryable } from '#read-models';
import { decideAndAppend, type ProcessManager } from './process-manager.js';

export const REVOKE_COMMENDATIONS = 'when-decision-issued-then-revoke-commendations';

export interface RevokeCommendationsDeps {
  readonly store: EventStore;
  /** Reads the recognition read model (who holds which commendations). */
  readonly db: SqlQueryable;
  /** The recognition read model must have reached the decision before its candidates are read. */
  readonly watermark: ReadModelWatermark;
  readonly readModelTimeoutMs?: number;
  /** Told about each revocation written (tests, logs). */
  readonly onRevoked?: (commendationId: string, trigger: RecordedEvent) => void;
}

/**
 * A disciplinary decision revokes the subject's commendations whose commended period
 * contains a violation it found proven (Law on Emulation and Commendation 2022;
 * Decree 98/2023, indicative; the rule itself is `commendationsToRevoke` in the domain).
 *
 * Was: code in the decision route after the append, so a crash between the two left
 * the commendations standing. Now: a checkpointed reaction to `DecisionIssued`.
 * - The case is folded up to the decision (its revision), so a later appeal does not
 *   change what this decision revoked.
 * - Candidates come from `commendations_v1` once `recognition_v1` has reached the
 *   decision's position; each one's state is then loaded from its own stream.
 * - Each revocation's event id is uuid v5 of (decision event id, this action, the
 *   commendation stream): a replay after a crash finds it and writes nothing.
 * - The revocation is dated with the decision's business time and carries its
 *   correlation id; causation is the decision event.
 */
export function whenDecisionIssuedThenRevokeCommendations(deps: RevokeCommendationsDeps): ProcessManager {
  return {
    name: REVOKE_COMMENDATIONS,
    handles: new Set(['DecisionIssued']),
    async react(event) {
      const history = await deps.store.readStream(event.streamId, { maxCount: Number(event.revision) + 1 });
      const state = fold(caseDecider, history.map((e) => ({ type: e.type, data: e.data }) as CaseEvent));
      if (state.status !== 'decided') return;
      const proven = new Set(state.decision.allegationIds);
      const finding = {
        findingRef: event.streamId,
        subjectId: state.file.subjectId,
        decisionNo: state.decision.decisionNo,
        violationDates: state.file.allegations.filter((a) => proven.has(a.id)).map((a) => a.violationDate),
      };
      const reached = await deps.watermark.waitFor(new Map([['recognition_v1', event.position]]), deps.readModelTimeoutMs ?? 30_000);
      // Retried from the checkpoint: candidates read too early would miss a commendation.
      if (!reached) throw new Error(`recognition_v1 has not reached position ${event.position}`);
      const { rows } = await deps.db.query<{ id: string }>(
        `SELECT id FROM commendations_v1 WHERE recipient_kind = 'person' AND recipient_id = $1 AND status = 'granted' ORDER BY seq`,
        [finding.subjectId],
      );
      const states: CommendationState[] = [];
      for (const { id } of rows) {
        const stored = await deps.store.readForDecision(commendationStream(id));
        let s = commendationDecider.initialState();
        for (const e of stored) s = commendationDecider.evolve(s, { type: e.type, data: e.data } as never);
        states.push(s);
      }
      const now = typeof event.metadata.occurredAt === 'string' ? event.metadata.occurredAt : event.recordedAt;
      const by = state.decision.decidedBy;
      for (const due of commendationsToRevoke(finding, states)) {
        const written = await decideAndAppend(
          deps.store,
          commendationDecider,
          commendationStream(due.commendationId),
          (current): CommendationCommand | undefined =>
            current.status !== 'granted'
              ? undefined
              : {
                  type: 'RevokeCommendation',
                  data: { reason: due.reason, findingRef: due.findingRef, revokedBy: by },
                  now,
                  actor: by,
                  // On the decision's authority, whoever recorded it (commendationRevocationByDecision in commendation.access.ts).
                  actingAs: 'hr',
                },
          { trigger: event.id, action: REVOKE_COMMENDATIONS },
          {
            correlationId: event.metadata.correlationId,
            causationId: event.id,
            actor: { sub: REVOKE_COMMENDATIONS, roles: ['automation'] },
            occurredAt: now,
          },
        );
        if (written) deps.onRevoked?.(due.commendationId, event);
      }
    },
  };
}

import type { EntityManager } from 'typeorm';
import {
  evolveConsultation,
  initialConsultationState,
  type ConsultationState,
} from '#domain';
import type { ConsultationEvent, ConsultationFlag } from '#domain';
import { effectiveConsultationFlags, isRepresentableInstant } from '#domain';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

/** One row of the consultation register. */
export interface ConsultationRegisterRow {
  readonly id: string;
  /** Global position of the request: the register's stable sort key. */
  readonly seq: string;
  readonly state: ConsultationState;
  /** Flags a person raised. */
  readonly raisedFlags: readonly ConsultationFlag[];
  /**
   * Raised and derived flags: an answer after the due time is `late_response` and a
   * `no_position` answer is `vague_response` with no one raising them. An unanswered
   * request past due is added at query time, because it depends on the clock.
   */
  readonly flags: readonly ConsultationFlag[];
  readonly version: number;
}

const TYPES = new Set(['ConsultationRequested', 'ConsultationAnswered', 'ConsultationFlagged', 'ConsultationWithdrawn']);

/** Pure: the register row after one event (undefined before the request). */
export function evolveConsultationRegister(
  row: ConsultationRegisterRow | undefined,
  event: ConsultationEvent,
  at: { position: bigint; revision: bigint },
): ConsultationRegisterRow | undefined {
  const state = evolveConsultation(row?.state ?? initialConsultationState(), event);
  if (state.status === 'none') return row;
  return {
    id: state.request.consultationId,
    seq: row?.seq ?? at.position.toString(),
    state,
    raisedFlags: state.flags,
    flags: effectiveConsultationFlags(state),
    version: Number(at.revision) + 1,
  };
}

/** A value PostgreSQL takes as a timestamptz, or null. */
const ts = (value: unknown): string | null => (isRepresentableInstant(value) ? value : null);

/** The consultation register (`consultation_register_v1`). */
export class ConsultationRegisterProjection implements Projection {
  readonly name = 'consultation_register_v1';
  readonly handles: ReadonlySet<string> = TYPES;
  readonly tables = ['consultation_register_v1'];

  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    for (const e of events) {
      if (!TYPES.has(e.type) || !e.streamId.startsWith('consultation-')) continue;
      const id = e.streamId.slice('consultation-'.length);
      const found = (await m.query(
        'SELECT id, seq::text AS seq, state, raised_flags AS "raisedFlags", flags, version FROM consultation_register_v1 WHERE id = $1',
        [id],
      )) as ConsultationRegisterRow[];
      const next = evolveConsultationRegister(found[0], { type: e.type, data: e.data } as ConsultationEvent, e);
      if (!next || next.state.status === 'none') continue;
      const s = next.state;
      const r = s.request;
      const answer = s.status === 'answered' ? s.answer : undefined;
      await m.query(
        `INSERT INTO consultation_register_v1 (id, seq, requested_by, requester_unit_id, consulted_unit_id, consulted_person_id,
           question, within_requester_authority, related_assignment_id, due_at, requested_at, status, position, answer,
           answered_by, answered_at, late, raised_flags, flags, state, version)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, position = EXCLUDED.position, answer = EXCLUDED.answer,
           answered_by = EXCLUDED.answered_by, answered_at = EXCLUDED.answered_at, late = EXCLUDED.late,
           raised_flags = EXCLUDED.raised_flags, flags = EXCLUDED.flags, state = EXCLUDED.state, version = EXCLUDED.version`,
        [
          next.id, next.seq, r.requestedBy, r.requesterUnitId, r.consultedUnitId ?? null, r.consultedPersonId ?? null,
          // Unusable dates (odd data written behind the API) are null in the columns: a recorded event never parks the consultation.
          r.question, r.withinRequesterAuthority, r.relatedAssignmentId ?? null, ts(r.dueAt), ts(r.requestedAt), s.status,
          answer?.position ?? null, answer?.answer ?? null, answer?.answeredBy ?? null, ts(answer?.answeredAt),
          answer?.late ?? false, [...next.raisedFlags], [...next.flags], JSON.stringify(s), next.version,
        ],
      );
    }
  }
}

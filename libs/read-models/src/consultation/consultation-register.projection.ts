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
import { TableBatch, json } from '../shared/table-batch.js';

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

  /** Set-based (see shared/table-batch.ts): one read, the pure evolve in memory, one upsert. */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const mine = events.filter((e) => TYPES.has(e.type) && e.streamId.startsWith('consultation-'));
    if (mine.length === 0) return;
    const rows = new TableBatch('consultation_register_v1', ['id']);
    await rows.load(m, mine.map((e) => ({ id: e.streamId.slice('consultation-'.length) })));
    for (const e of mine) {
      const id = e.streamId.slice('consultation-'.length);
      const found = rows.get({ id });
      const current: ConsultationRegisterRow | undefined = found && {
        id: found.id as string, seq: String(found.seq), state: found.state as ConsultationState, raisedFlags: found.raised_flags as ConsultationFlag[],
        flags: found.flags as ConsultationFlag[], version: found.version as number,
      };
      const next = evolveConsultationRegister(current, { type: e.type, data: e.data } as ConsultationEvent, e);
      if (!next || next.state.status === 'none') continue;
      const s = next.state;
      const r = s.request;
      const answer = s.status === 'answered' ? s.answer : undefined;
      // Columns the per-event upsert never replaced keep the first value written.
      const kept = found ?? {
        requested_by: r.requestedBy, requester_unit_id: r.requesterUnitId, consulted_unit_id: r.consultedUnitId ?? null,
        consulted_person_id: r.consultedPersonId ?? null, question: r.question, within_requester_authority: r.withinRequesterAuthority,
        // Unusable dates (odd data written behind the API) are null in the columns: a recorded event never parks the consultation.
        related_assignment_id: r.relatedAssignmentId ?? null, due_at: ts(r.dueAt), requested_at: ts(r.requestedAt),
      };
      rows.set({
        ...kept, id: next.id, seq: found?.seq ?? next.seq, status: s.status, position: answer?.position ?? null, answer: answer?.answer ?? null,
        answered_by: answer?.answeredBy ?? null, answered_at: ts(answer?.answeredAt), late: answer?.late ?? false,
        raised_flags: [...next.raisedFlags], flags: [...next.flags], state: json(s), version: next.version,
      });
    }
    await rows.write(m);
  }
}

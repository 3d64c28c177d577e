import { toMillis, type Instant } from '../shared/ids.js';
import type { ConsultationState } from './consultation.decide.js';
import type { ConsultationFlag } from './consultation.events.js';

/**
 * The avoidance signals that follow from the record itself, with no one having to
 * raise them (Official Dispatch 280/CĐ-TTg of 2023-05-15, indicative: consulting on
 * one's own authority, late answers and answers without a position are avoidance):
 * - `late_response`: answered after the due time; with `asOf`, also an unanswered,
 *   unwithdrawn request past its due time;
 * - `vague_response`: answered with `no_position`;
 * - `within_own_authority`: the request was marked as within the requester's authority.
 *
 * Pure, so the read model and the classification indicators derive the same answer.
 * `unrelated_party` is never derived: only a person can judge relevance.
 */
export function derivedConsultationFlags(state: ConsultationState, asOf?: Instant): readonly ConsultationFlag[] {
  if (state.status === 'none') return [];
  const flags: ConsultationFlag[] = [];
  if (state.request.withinRequesterAuthority) flags.push('within_own_authority');
  if (state.status === 'answered') {
    if (state.answer.position === 'no_position') flags.push('vague_response');
    if (state.answer.late) flags.push('late_response');
  } else if (
    state.status === 'requested' &&
    asOf !== undefined &&
    toMillis(asOf) > toMillis(state.request.dueAt)
  ) {
    flags.push('late_response');
  }
  return flags;
}

/** Raised and derived flags together, each once, in a stable order. */
export function effectiveConsultationFlags(state: ConsultationState, asOf?: Instant): readonly ConsultationFlag[] {
  if (state.status === 'none') return [];
  const all = new Set<ConsultationFlag>([...state.flags, ...derivedConsultationFlags(state, asOf)]);
  return FLAG_ORDER.filter((flag) => all.has(flag));
}

const FLAG_ORDER: readonly ConsultationFlag[] = [
  'within_own_authority',
  'unrelated_party',
  'vague_response',
  'late_response',
];

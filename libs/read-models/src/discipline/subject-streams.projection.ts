import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import type { Projection } from '../projection.js';

/**
 * Fields that hold a staff id in event data, across every context. Field names are
 * the contract: a new event naming a person under one of these names is indexed
 * without touching this file; a new name is added here.
 */
const PERSON_FIELDS = [
  // personnel
  'staffId',
  // work
  'assignee', 'assignedBy', 'responsible', 'acceptedBy', 'declinedBy', 'returnedTo', 'by', 'reportedBy', 'approvedBy',
  'requestedBy', 'completedBy', 'reviewedBy', 'cancelledBy', 'returnedBy', 'issuedBy',
  // consultation
  'consultedPersonId', 'answeredBy',
  // recognition
  'proposerId', 'evaluatedBy', 'rejectedBy', 'revokedBy',
  // discipline
  'subjectId', 'personId', 'chair', 'secretary', 'openedBy', 'convenedBy', 'recordedBy', 'attachedBy', 'dismissedBy',
  'resolvedBy', 'extendedBy',
] as const;

/** `from`/`to` are people only in a handoff; elsewhere (leaves) they are dates. */
const HANDOFF_FIELDS = ['from', 'to'] as const;

/** Streams that record reads of the history itself: indexing them would make every read part of the history. */
export const READ_AUDIT_PREFIXES = ['case-file-reads-', 'staff-history-reads-'];

/** Pure: the staff ids an event mentions. */
export function staffMentionedBy(event: { type: string; data: Record<string, unknown> }): string[] {
  const ids = new Set<string>();
  const d = event.data;
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value.trim() !== '') ids.add(value);
  };
  for (const field of PERSON_FIELDS) add(d[field]);
  if (event.type === 'AssignmentHandedOff') for (const field of HANDOFF_FIELDS) add(d[field]);
  if (Array.isArray(d.members)) d.members.forEach(add);
  if (Array.isArray(d.present)) d.present.forEach(add);
  const recipient = d.recipient as { kind?: unknown; id?: unknown } | undefined;
  if (recipient && recipient.kind === 'person') add(recipient.id);
  return [...ids];
}

/**
 * `subject_streams_v1`: staff id -> the streams they appear in, with the first and
 * last global position, over every event type. The case file and the staff history
 * read whole streams from it instead of scanning the log.
 */
export class SubjectStreamsProjection implements Projection {
  readonly name = 'subject_streams_v1';
  readonly tables = ['subject_streams_v1'];

  /** Set-based: the batch is aggregated per (person, stream) in memory and written in one upsert. */
  async apply(events: readonly RecordedEvent[], m: EntityManager): Promise<void> {
    const seen = new Map<string, { staff: string; stream: string; first: bigint; last: bigint; events: number }>();
    for (const e of events) {
      if (READ_AUDIT_PREFIXES.some((p) => e.streamId.startsWith(p))) continue;
      for (const staff of staffMentionedBy(e)) {
        const key = `${staff}\n${e.streamId}`;
        const entry = seen.get(key);
        if (entry) {
          entry.last = e.position;
          entry.events += 1;
        } else seen.set(key, { staff, stream: e.streamId, first: e.position, last: e.position, events: 1 });
      }
    }
    if (seen.size === 0) return;
    const rows = [...seen.values()];
    await m.query(
      `INSERT INTO subject_streams_v1 (staff_id, stream_id, first_position, last_position, events)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::integer[])
       ON CONFLICT (staff_id, stream_id) DO UPDATE SET
         first_position = LEAST(subject_streams_v1.first_position, EXCLUDED.first_position),
         last_position = GREATEST(subject_streams_v1.last_position, EXCLUDED.last_position),
         events = subject_streams_v1.events + EXCLUDED.events`,
      [
        rows.map((r) => r.staff),
        rows.map((r) => r.stream),
        rows.map((r) => r.first.toString()),
        rows.map((r) => r.last.toString()),
        rows.map((r) => r.events),
      ],
    );
  }
}

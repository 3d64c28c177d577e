import { Inject, Injectable } from '@nestjs/common';
import type { EventRef } from '#domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '#event-store';

/** Looks up recorded events named as evidence or as the outcome of a personnel action. */
@Injectable()
export class EvidenceService {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async event(ref: EventRef): Promise<RecordedEvent | undefined> {
    const [event] = await this.store.readStream(ref.streamId, { fromRevision: BigInt(ref.revision), maxCount: 1 });
    return event && Number(event.revision) === ref.revision ? event : undefined;
  }

  /** The references that name no recorded event. */
  async missing(refs: readonly EventRef[]): Promise<EventRef[]> {
    const out: EventRef[] = [];
    for (const ref of refs) if (!(await this.event(ref))) out.push({ streamId: ref.streamId, revision: ref.revision });
    return out;
  }

  /** The type of a referenced event and the person it is about (staff streams name the person; a commendation its recipient). */
  async personEvent(ref: EventRef): Promise<{ type: string; staffId: string | null } | null> {
    const e = await this.event(ref);
    if (!e) return null;
    if (e.streamId.startsWith('staff-')) return { type: e.type, staffId: e.streamId.slice('staff-'.length) };
    const recipient = (e.data as { recipient?: { kind?: string; id?: string } }).recipient;
    if (recipient?.kind === 'person' && typeof recipient.id === 'string') return { type: e.type, staffId: recipient.id };
    const subject = (e.data as { subjectId?: unknown }).subjectId;
    return { type: e.type, staffId: typeof subject === 'string' ? subject : null };
  }
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import type { EvidenceRef } from '#domain';
import { addYears, vietnamDate } from '#domain';
import { EVENT_STORE, type BrokenLink, type EventStore, type RecordedEvent } from '#event-store';
import { READ_AUDIT_PREFIXES } from '#read-models';
import { CommandExecutor } from '../commands/command-executor.js';
import type { CommandContext } from '../commands/command-context.js';
import { PG_POOL } from '../infrastructure/database.tokens.js';

/** Result of checking one event against its stream's hash chain. */
export interface EventVerification {
  readonly verified: boolean;
  /** `ok`; the store's reason for the first broken link; or `after_broken_link` for events the broken chain no longer anchors. */
  readonly reason: 'ok' | BrokenLink['reason'] | 'after_broken_link';
  readonly detail?: string;
}

/** One event of a history, as the council reads it. */
export interface HistoryEvent {
  readonly position: string;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: unknown;
  readonly data: Record<string, unknown>;
  readonly hash: string;
  readonly prevHash: string;
  readonly verification: EventVerification;
}

export interface SubjectHistory {
  readonly staffId: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly streams: readonly { readonly streamId: string; readonly verified: boolean; readonly brokenAt?: number }[];
  /** Every event of those streams in the period, in global order. */
  readonly events: readonly HistoryEvent[];
  readonly verifiedAll: boolean;
}

/**
 * Builds a person's history from the streams `subject_streams_v1` says they appear
 * in, and checks each stream with the store's own `verify(streamId)` (adapter
 * neutral, on the stored bytes, before any upcasting). An event before the first
 * broken link is verified; the broken one fails with the store's reason; events
 * after it fail as `after_broken_link`, because the chain no longer vouches for them.
 */
@Injectable()
export class SubjectHistoryService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(CommandExecutor) private readonly repository: CommandExecutor,
  ) {}

  /** The default period: the longest limitation (10 years) back from today, to today. */
  period(now: string, from?: string, to?: string): { from: string; to: string } {
    const today = vietnamDate(now);
    return { from: from ?? addYears(today, -10), to: to ?? today };
  }

  async history(staffId: string, period: { from: string; to: string }): Promise<SubjectHistory> {
    const { rows } = await this.pool.query<{ stream_id: string }>(
      'SELECT stream_id FROM subject_streams_v1 WHERE staff_id = $1 ORDER BY first_position',
      [staffId],
    );
    const streamIds = rows.map((r) => r.stream_id).filter((s) => !READ_AUDIT_PREFIXES.some((p) => s.startsWith(p)));
    const events: HistoryEvent[] = [];
    const streams: Array<{ streamId: string; verified: boolean; brokenAt?: number }> = [];
    for (const streamId of streamIds) {
      const [recorded, verification] = await Promise.all([this.store.readStream(streamId), this.store.verify(streamId)]);
      const broken = verification.broken[0];
      streams.push({ streamId, verified: broken === undefined, ...(broken && { brokenAt: Number(broken.revision) }) });
      for (const e of recorded) {
        const view = toHistoryEvent(e, broken);
        const day = vietnamDate(view.occurredAt);
        if (day >= period.from && day <= period.to) events.push(view);
      }
    }
    events.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
    return { staffId, period, streams, events, verifiedAll: events.every((e) => e.verification.verified) };
  }

  /** The evidence events of a case, each resolved and verified (or reported missing). */
  async resolveEvidence(
    allegations: readonly { id: string; evidence: readonly EvidenceRef[] }[],
  ): Promise<Array<{ allegationId: string; streamId: string; revision: number; found: boolean; event?: HistoryEvent }>> {
    const verified = new Map<string, BrokenLink | undefined>();
    const out: Array<{ allegationId: string; streamId: string; revision: number; found: boolean; event?: HistoryEvent }> = [];
    for (const a of allegations) {
      for (const ref of a.evidence) {
        const [event] = await this.store.readStream(ref.streamId, { fromRevision: BigInt(ref.revision), maxCount: 1 });
        if (!event || Number(event.revision) !== ref.revision) {
          out.push({ allegationId: a.id, streamId: ref.streamId, revision: ref.revision, found: false });
          continue;
        }
        if (!verified.has(ref.streamId)) verified.set(ref.streamId, (await this.store.verify(ref.streamId)).broken[0]);
        out.push({ allegationId: a.id, streamId: ref.streamId, revision: ref.revision, found: true, event: toHistoryEvent(event, verified.get(ref.streamId)) });
      }
    }
    return out;
  }

  /** The evidence references that name no recorded event (for `missingEvidence` of the case commands). */
  async missingEvidence(refs: readonly EvidenceRef[]): Promise<EvidenceRef[]> {
    const missing: EvidenceRef[] = [];
    for (const ref of refs) {
      const [event] = await this.store.readStream(ref.streamId, { fromRevision: BigInt(ref.revision), maxCount: 1 });
      if (!event || Number(event.revision) !== ref.revision) missing.push({ streamId: ref.streamId, revision: ref.revision });
    }
    return missing;
  }

  /** Appends a read-audit event (CaseFileRead, StaffHistoryRead) with the request's metadata; the read fails if this fails. */
  async recordRead(streamId: string, type: string, data: Record<string, unknown>, ctx: CommandContext): Promise<void> {
    await this.store.append(streamId, [{ id: randomUUID(), type, data, metadata: this.repository.metadata(ctx) }], 'any');
  }
}

function toHistoryEvent(e: RecordedEvent, broken: BrokenLink | undefined): HistoryEvent {
  let verification: EventVerification = { verified: true, reason: 'ok' };
  if (broken && e.revision === broken.revision) {
    verification = { verified: false, reason: broken.reason, detail: `expected ${broken.expected}, stored ${broken.actual}` };
  } else if (broken && e.revision > broken.revision) {
    verification = { verified: false, reason: 'after_broken_link', detail: `the chain of ${e.streamId} breaks at revision ${broken.revision}` };
  }
  const occurredAt = typeof e.metadata.occurredAt === 'string' ? e.metadata.occurredAt : e.recordedAt;
  return {
    position: e.position.toString(),
    streamId: e.streamId,
    revision: Number(e.revision),
    eventId: e.id,
    type: e.type,
    occurredAt,
    recordedAt: e.recordedAt,
    actor: e.metadata.actor ?? null,
    data: e.data,
    hash: e.hash,
    prevHash: e.prevHash,
    verification,
  };
}

import { connect, headers, nanos, StorageType, type JetStreamClient, type JetStreamManager } from 'nats';
import type pg from 'pg';
import { categoryOf, DEFAULT_JETSTREAM_NAME, DEFAULT_SUBJECT_PREFIX, natsSubject } from '#event-store';
import { contextFrom, ledgerTracer, toCloudEvent, traceHeaders, type LedgerCloudEvent } from '#event-store';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventStore, RecordedEvent, Subscription } from '#event-store';
import { withSurprisePlansHeld } from '#domain';

/** Where the relay keeps its position; the PostgreSQL one uses `projection_checkpoints`. */
export interface RelayCheckpoints {
  load(name: string): Promise<bigint>;
  save(name: string, position: bigint, events: number): Promise<void>;
  /** Takes the relay's leadership (one active relay per stream); undefined when another instance holds it. */
  lead(name: string): Promise<{ release(): Promise<void> } | undefined>;
}

export class PgRelayCheckpoints implements RelayCheckpoints {
  constructor(private readonly pool: pg.Pool) {}

  async load(name: string): Promise<bigint> {
    const { rows } = await this.pool.query<{ position: string }>('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [name]);
    return rows.length ? BigInt(rows[0]!.position) : 0n;
  }

  async save(name: string, position: bigint, events: number): Promise<void> {
    // GREATEST: a checkpoint never moves back, even if two saves race.
    await this.pool.query(
      `INSERT INTO projection_checkpoints (name, position, events, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(projection_checkpoints.position, EXCLUDED.position),
         events = projection_checkpoints.events + EXCLUDED.events, updated_at = now()`,
      [name, position.toString(), events],
    );
  }

  async lead(name: string): Promise<{ release(): Promise<void> } | undefined> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name]);
      if (!rows[0]?.ok) {
        client.release();
        return undefined;
      }
    } catch (error) {
      client.release();
      throw error;
    }
    return {
      release: async () => {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
        client.release();
      },
    };
  }
}

export interface NatsRelayOptions {
  readonly servers: string;
  readonly streamName?: string;
  readonly subjectPrefix?: string;
  /** Row of `projection_checkpoints`; `relay:nats` by default. */
  readonly checkpointName?: string;
  /** Events read from the store per batch; the checkpoint moves once per batch. */
  readonly batchSize?: number;
  /** Publishes awaiting their PubAck at once. */
  readonly maxInFlight?: number;
  readonly ackTimeoutMs?: number;
  readonly retryMs?: number;
  /** JetStream de-duplication window of a stream the relay creates. */
  readonly duplicateWindowMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Publishes every recorded event, in global order, to NATS JetStream as a
 * CloudEvent (structured JSON), subject `<prefix>.<category>.<EventType>`,
 * `Nats-Msg-Id` = event id so JetStream de-duplicates re-sends.
 *
 * At least once: the checkpoint (`projection_checkpoints`, row `relay:nats`) moves
 * only after the broker acknowledged the whole batch, so a crash re-sends at most
 * one batch and the broker drops the copies inside its de-duplication window.
 *
 * Order per stream: publishes of one session are pipelined on one connection, so the
 * broker stores a prefix of what was sent, in order. The client never reconnects on
 * its own (a reconnect would flush buffered messages after some were lost); each
 * session starts on a fresh connection and first asks the stream for its last
 * message, resuming after it when it is ours (same id at that position in our
 * store). A session that fails (broker gone, ack timeout) ends and another starts.
 */
export class NatsRelay {
  private readonly streamName: string;
  private readonly prefix: string;
  private readonly checkpointName: string;
  private stopped = true;
  private loop: Promise<void> | undefined;
  private endSession: (() => void) | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly log: (message: string) => void;

  constructor(
    private readonly store: EventStore,
    private readonly checkpoints: RelayCheckpoints,
    private readonly options: NatsRelayOptions,
  ) {
    this.streamName = options.streamName ?? DEFAULT_JETSTREAM_NAME;
    this.prefix = options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
    this.checkpointName = options.checkpointName ?? 'relay:nats';
    this.log = options.log ?? (() => undefined);
  }

  /** Starts relaying in the background; failures are logged and retried. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /** Finishes the batch in flight (published and checkpointed, or abandoned whole), then returns. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.endSession?.();
    this.wakeRetry?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const leadership = await this.checkpoints.lead(this.checkpointName).catch((error: unknown) => {
        this.log(`relay: cannot take the lead: ${describe(error)}`);
        return undefined;
      });
      if (leadership) {
        try {
          await this.session();
        } catch (error) {
          if (!this.stopped) this.log(`relay: session ended: ${describe(error)}`);
        } finally {
          await leadership.release();
        }
      }
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.options.retryMs ?? 1000);
          this.wakeRetry = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeRetry = undefined;
      }
    }
  }

  private async session(): Promise<void> {
    const nc = await connect({ servers: this.options.servers, reconnect: false, name: `accountability-ledger relay ${this.checkpointName}` });
    let subscription: Subscription | undefined;
    try {
      const jsm = await nc.jetstreamManager();
      await this.ensureStream(jsm);
      const js = nc.jetstream({ timeout: this.options.ackTimeoutMs ?? 5000 });
      const from = await this.resumePosition(jsm);
      const ended = new Promise<void>((resolve, reject) => {
        this.endSession = resolve;
        void nc.closed().then((error) => reject(error ?? new Error('NATS connection closed')));
        void this.store
          .subscribe({
            fromPosition: from,
            batchSize: this.options.batchSize ?? 256,
            handler: (events) => this.publishBatch(js, events),
            onError: reject,
          })
          .then((s) => {
            subscription = s;
            if (this.stopped) resolve();
          }, reject);
      });
      await ended;
    } finally {
      this.endSession = undefined;
      await subscription?.stop();
      await nc.close().catch(() => undefined);
    }
  }

  private async ensureStream(jsm: JetStreamManager): Promise<void> {
    const subjects = [`${this.prefix}.>`];
    try {
      const info = await jsm.streams.info(this.streamName);
      if (!info.config.subjects?.some((s) => s === subjects[0])) {
        this.log(`relay: stream ${this.streamName} does not capture ${subjects[0]}; publishes will fail until it does`);
      }
    } catch (error) {
      if (!/not found/i.test(describe(error))) throw error;
      await jsm.streams.add({
        name: this.streamName,
        subjects,
        storage: StorageType.File,
        duplicate_window: nanos(this.options.duplicateWindowMs ?? 2 * 60_000),
      });
      this.log(`relay: created JetStream stream ${this.streamName} (${subjects[0]})`);
    }
  }

  /**
   * The checkpoint, or past it when the stream's last message is one of ours with a
   * higher position (acknowledged by the broker, but the process died before it
   * could move the checkpoint). A stream holding someone else's or an older
   * database's messages is ignored.
   */
  private async resumePosition(jsm: JetStreamManager): Promise<bigint> {
    const checkpoint = await this.checkpoints.load(this.checkpointName);
    const info = await jsm.streams.info(this.streamName);
    if (info.state.messages === 0) return checkpoint;
    let last: LedgerCloudEvent;
    try {
      const msg = await jsm.streams.getMessage(this.streamName, { seq: info.state.last_seq });
      last = msg.json<LedgerCloudEvent>();
    } catch {
      return checkpoint;
    }
    if (typeof last.position !== 'string' || !/^\d+$/.test(last.position)) return checkpoint;
    const position = BigInt(last.position);
    if (position <= checkpoint) return checkpoint;
    const [ours] = await this.store.readAll(position - 1n, 1);
    if (!ours || ours.position !== position || ours.id !== last.id) return checkpoint;
    await this.checkpoints.save(this.checkpointName, position, 0);
    return position;
  }

  private async publishBatch(js: JetStreamClient, events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0 || this.stopped) return;
    const max = this.options.maxInFlight ?? 64;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    // A surprise inspection's plan is held until its start (libs/domain/src/inspection/inspection-feed.ts).
    const items = await withSurprisePlansHeld(events, (streamId) => this.store.readStream(streamId, { maxCount: 1 }).then((e) => e[0]));
    for (const { event } of items) {
      if (failure !== undefined) break;
      while (inFlight.size >= max) await Promise.race(inFlight);
      const ce = toCloudEvent(event);
      const h = headers();
      h.set('content-type', 'application/cloudevents+json');
      const subject = natsSubject(this.prefix, categoryOf(event.streamId), event.type);
      // A publish span in the trace of the command that recorded the event; the message's
      // traceparent header names it (the CloudEvent's own traceparent names the append).
      const span = ledgerTracer().startSpan(`publish ${subject}`, {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject, 'messaging.message.id': event.id },
      }, contextFrom(event.metadata, ROOT_CONTEXT));
      for (const [k, v] of Object.entries(traceHeaders(trace.setSpan(ROOT_CONTEXT, span)))) h.set(k, v);
      const sent: Promise<void> = js
        .publish(subject, new TextEncoder().encode(JSON.stringify(ce)), { msgID: event.id, headers: h })
        .then(
          (ack) => {
            if (ack.stream !== this.streamName) throw new Error(`${subject} was stored in stream ${ack.stream}, not ${this.streamName}`);
          },
        )
        .catch((error: unknown) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
          failure ??= error;
        })
        .finally(() => {
          span.end();
          inFlight.delete(sent);
        });
      inFlight.add(sent);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    await this.checkpoints.save(this.checkpointName, events[events.length - 1]!.position, events.length);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

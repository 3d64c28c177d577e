import type { EventStore, RecordedEvent, Subscription } from '#event-store';

/**
 * One store reader for every live feed connection (issue 12): the hub holds ONE
 * catch-up-then-live subscription and keeps the most recent events in a ring. A
 * connection that has caught up waits on the hub and takes new events from the ring
 * in memory, so an idle or filtered connection costs no store read and no polling; only
 * a connection behind the ring (slow, or resuming from far back) reads the store itself,
 * one page at a time.
 */
export class FeedHub {
  private subscription?: Subscription;
  private starting?: Promise<void>;
  /** Events after `ringBase`, in global order, without gaps in what the store delivered. */
  private ring: RecordedEvent[] = [];
  /** The ring holds every delivered event after this position. */
  private ringBase = 0n;
  private head = 0n;
  private readonly waiters = new Set<{ after: bigint; wake: () => void }>();
  private users = 0;
  private stopTimer?: NodeJS.Timeout;

  constructor(
    private readonly store: EventStore,
    private readonly options: { ringSize?: number; onRead?: (events: number) => void; onError?: (error: unknown) => void } = {},
  ) {}

  /** A connection joins; the hub runs while anyone is connected. */
  acquire(): void {
    this.users += 1;
    if (this.stopTimer) clearTimeout(this.stopTimer);
    this.stopTimer = undefined;
  }

  release(): void {
    this.users -= 1;
    if (this.users > 0) return;
    // Stop the reader a little after the last connection left (reconnects are common).
    this.stopTimer = setTimeout(() => void this.stop(), 5000);
    this.stopTimer.unref();
  }

  /**
   * Events after `position` from the ring, or `undefined` when the ring no longer (or
   * not yet) covers that position: the caller reads the store.
   */
  eventsAfter(position: bigint, limit: number): RecordedEvent[] | undefined {
    if (!this.subscription || position < this.ringBase) return undefined;
    const out: RecordedEvent[] = [];
    // The ring is short and ordered; find the first event after `position` from the end.
    let i = this.ring.length;
    while (i > 0 && this.ring[i - 1]!.position > position) i -= 1;
    for (; i < this.ring.length && out.length < limit; i++) out.push(this.ring[i]!);
    return out;
  }

  /**
   * Resolves when the hub has delivered an event after `position`, or after `ms` (so the
   * caller can write a heartbeat or notice that its client left). Starts the reader from
   * `position` when it is not running: the first caller to catch up is at the head.
   */
  async waitBeyond(position: bigint, ms: number): Promise<void> {
    await this.ensureStarted(position);
    if (this.head > position) return;
    await new Promise<void>((resolve) => {
      const waiter = {
        after: position,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, ms);
      timer.unref();
      this.waiters.add(waiter);
    });
  }

  private ensureStarted(from: bigint): Promise<void> {
    if (this.subscription) return Promise.resolve();
    this.starting ??= (async () => {
      this.ring = [];
      this.ringBase = from;
      this.head = from;
      this.subscription = await this.store.subscribe({
        fromPosition: from,
        batchSize: 500,
        handler: async (events) => this.deliver(events),
        onError: (error) => {
          this.options.onError?.(error);
          this.subscription = undefined;
          for (const w of [...this.waiters]) w.wake();
        },
      });
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private deliver(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    this.options.onRead?.(events.length);
    this.ring.push(...events);
    const size = this.options.ringSize ?? 5000;
    if (this.ring.length > size) {
      const dropped = this.ring.splice(0, this.ring.length - size);
      this.ringBase = dropped.at(-1)!.position;
    }
    this.head = events.at(-1)!.position;
    for (const w of [...this.waiters]) if (this.head > w.after) w.wake();
  }

  async stop(): Promise<void> {
    if (this.stopTimer) clearTimeout(this.stopTimer);
    const s = this.subscription;
    this.subscription = undefined;
    this.ring = [];
    for (const w of [...this.waiters]) w.wake();
    await s?.stop();
  }
}

import type { ServerResponse } from 'node:http';

/** Thrown when a client has not drained its socket in time; the feed closes it (it resumes with Last-Event-ID). */
export class SlowClient extends Error {
  constructor(ms: number) {
    super(`client did not read for ${ms} ms`);
  }
}

export class ClientGone extends Error {
  constructor() {
    super('client disconnected');
  }
}

/**
 * Writes SSE frames to one response and respects back-pressure: when `write`
 * returns false, the next write waits for 'drain'. The caller awaits each write,
 * so at most one frame beyond the socket's buffer is held per client.
 */
export class SseWriter {
  private closed = false;
  private waiting = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly drainTimeoutMs: number,
  ) {
    res.once('close', () => {
      this.closed = true;
    });
  }

  get isClosed(): boolean {
    return this.closed || this.res.destroyed;
  }

  /** True while the socket's buffer is full: skip optional output (heartbeats). */
  get congested(): boolean {
    return this.waiting || this.res.writableNeedDrain;
  }

  async write(frame: string): Promise<void> {
    if (this.isClosed) throw new ClientGone();
    if (this.res.write(frame)) return;
    this.waiting = true;
    try {
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error): void => {
          clearTimeout(timer);
          this.res.off('drain', onDrain);
          this.res.off('close', onClose);
          if (error) reject(error);
          else resolve();
        };
        const onDrain = (): void => done();
        const onClose = (): void => done(new ClientGone());
        const timer = setTimeout(() => done(new SlowClient(this.drainTimeoutMs)), this.drainTimeoutMs);
        this.res.on('drain', onDrain);
        this.res.on('close', onClose);
      });
    } finally {
      this.waiting = false;
    }
  }

  end(): void {
    if (!this.res.destroyed) this.res.end();
  }

  destroy(): void {
    this.res.destroy();
  }
}

/** One SSE message: `id:` the position, `event:` the type, `data:` one line of JSON. */
export function sseFrame(id: string, event: string, data: string): string {
  // JSON.stringify never emits raw newlines, so `data` is one line.
  return `id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;
}

/** A message that leaves the client's resume point (Last-Event-ID) where it was. */
export function sseFrameWithoutId(event: string, data: string): string {
  return `event: ${event}\ndata: ${data}\n\n`;
}

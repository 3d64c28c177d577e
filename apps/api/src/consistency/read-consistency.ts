import { HttpProblem } from '#platform';
import type { CallerPositions } from './caller-positions.js';
import type { ReadModelWatermark } from './read-model-watermark.js';

/** The request header carrying a consistency token (a `Ledger-Position` the caller got from any instance). */
export const LEDGER_MIN_POSITION_HEADER = 'Ledger-Min-Position';
const POSITION = /^\d{1,19}$/;

/** Stable code of the bounded wait's 503. */
export const READ_MODEL_BEHIND = 'read_model_behind';

export interface ReadConsistencyOptions {
  readonly timeoutMs: number;
}

/**
 * Read-your-writes: what a read of some read models must wait for, and the bounded wait.
 * (a) the token the request carries applies to every model the route reads;
 * (b) the caller's own last write through this instance applies to the models it touched.
 * A caller with neither waits for nothing.
 */
export class ReadConsistency {
  constructor(
    private readonly positions: CallerPositions,
    private readonly watermark: ReadModelWatermark,
    private readonly options: ReadConsistencyOptions,
    private readonly onWait?: (outcome: 'none' | 'waited' | 'timeout', seconds: number) => void,
    /** Global position of the last event recorded so far (for reads that must see everything). */
    private readonly head?: () => Promise<bigint>,
  ) {}

  /** Waits until the models reached everything recorded so far (e.g. a classification run reads every indicator). */
  async awaitHead(models: readonly string[], timeoutMs = this.options.timeoutMs): Promise<void> {
    if (!this.head) return;
    const position = await this.head();
    await this.awaitTargets(new Map(models.map((m) => [m, position])), timeoutMs);
  }

  /** Parses `Ledger-Min-Position` (400 `invalid_min_position` when it is not a position). */
  static parseToken(header: string | string[] | undefined): bigint | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    if (value === undefined || value === '') return undefined;
    const trimmed = value.trim();
    if (!POSITION.test(trimmed) || BigInt(trimmed) > 9_223_372_036_854_775_807n) {
      throw new HttpProblem(400, 'invalid_min_position', 'Bad request', `${LEDGER_MIN_POSITION_HEADER} must be a position as given in ${'Ledger-Position'}`, [
        { field: LEDGER_MIN_POSITION_HEADER, message: 'must be a non-negative integer' },
      ]);
    }
    return BigInt(trimmed);
  }

  targets(models: readonly string[], caller: string | undefined, token: bigint | undefined): Map<string, bigint> {
    const targets = caller === undefined ? new Map<string, bigint>() : this.positions.required(caller, models);
    if (token !== undefined && token > 0n) for (const m of models) if ((targets.get(m) ?? 0n) < token) targets.set(m, token);
    return targets;
  }

  /** Waits until the read models reached what the caller needs; 503 `read_model_behind` (Retry-After) after the bound. */
  async await(models: readonly string[], caller: string | undefined, token: bigint | undefined, timeoutMs = this.options.timeoutMs): Promise<void> {
    const targets = this.targets(models, caller, token);
    await this.awaitTargets(targets, timeoutMs);
  }

  /**
   * As `await`, but undefined (no promise, nothing scheduled) when there is nothing to wait
   * for: the common case of a read by a caller with no recent write and no token.
   */
  waitIfNeeded(models: readonly string[], caller: string | undefined, token: bigint | undefined, timeoutMs = this.options.timeoutMs): Promise<void> | undefined {
    const targets = this.targets(models, caller, token);
    if (targets.size > 0) return this.awaitTargets(targets, timeoutMs);
    this.onWait?.('none', 0);
    return undefined;
  }

  async awaitTargets(targets: ReadonlyMap<string, bigint>, timeoutMs = this.options.timeoutMs): Promise<void> {
    if (targets.size === 0) {
      this.onWait?.('none', 0);
      return;
    }
    const started = performance.now();
    const ok = await this.watermark.waitFor(targets, timeoutMs);
    const seconds = (performance.now() - started) / 1000;
    this.onWait?.(ok ? 'waited' : 'timeout', seconds);
    if (ok) return;
    const behind = [...targets.keys()].sort().join(', ');
    throw new HttpProblem(
      503,
      READ_MODEL_BEHIND,
      'Service unavailable',
      `The read models this route reads (${behind}) have not reached the requested position within ${timeoutMs} ms; retry later`,
    );
  }
}

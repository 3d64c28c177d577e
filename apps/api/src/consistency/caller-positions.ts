import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';
import type { ReadModelCatalogue } from './read-models.js';

/** The response header carrying a command's consistency token. */
export const LEDGER_POSITION_HEADER = 'Ledger-Position';

/** What the command side reports after an append: who wrote, which event types, at which global position. */
export interface AppendedWrite {
  readonly caller: string;
  readonly types: readonly string[];
  /** Global position of the last event appended (the consistency token). */
  readonly position: bigint;
}

/** Per request: the reply to put `Ledger-Position` on and the highest position the request wrote. */
export interface RequestWrites {
  position?: bigint;
  setHeader(name: string, value: string): void;
}

/** The request a command runs in (set by `ReadConsistencyInterceptor`). */
export const requestWrites = new AsyncLocalStorage<RequestWrites>();

/**
 * The last position each caller (JWT `sub`) wrote through this instance, per read model
 * that the write touches: a GET waits only for the models it reads AND that project
 * the caller's events (a handoff does not make the directory wait). Bounded: at most
 * `maxCallers` entries, each forgotten `ttlMs` after the caller's last write (a caller
 * who comes back later finds the read models long caught up).
 */
export class CallerPositions {
  private readonly callers: LRUCache<string, Map<string, bigint>>;

  constructor(
    private readonly catalogue: ReadModelCatalogue,
    options: { ttlMs: number; maxCallers: number },
  ) {
    this.callers = new LRUCache({ max: options.maxCallers, ttl: Math.max(1, options.ttlMs), updateAgeOnGet: false });
  }

  /** Records a write and stamps the request's `Ledger-Position`. */
  appended(write: AppendedWrite): void {
    const current = requestWrites.getStore();
    if (current && (current.position === undefined || write.position > current.position)) {
      current.position = write.position;
      current.setHeader(LEDGER_POSITION_HEADER, write.position.toString());
    }
    if (write.types.length === 0) return;
    const models = this.catalogue.touchedBy(write.types);
    const known = this.callers.get(write.caller);
    const next = new Map(known ?? []);
    for (const m of models) if ((next.get(m) ?? 0n) < write.position) next.set(m, write.position);
    this.callers.set(write.caller, next);
  }

  /** The positions the caller's own writes require of these models (models the caller never touched are absent). */
  required(caller: string, models: readonly string[]): Map<string, bigint> {
    const known = this.callers.get(caller);
    const out = new Map<string, bigint>();
    if (!known) return out;
    for (const m of models) {
      const p = known.get(m);
      if (p !== undefined) out.set(m, p);
    }
    return out;
  }

  size(): number {
    return this.callers.size;
  }
}

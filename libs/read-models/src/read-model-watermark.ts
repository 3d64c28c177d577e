import type { Projection } from './projection.js';
import type { ProjectionRunner } from './projection-runner.js';
import { allProjections } from './projections.js';

/** Where the read models stand; `waitFor` is the one bounded wait of every reader (API routes, process managers). */
export interface ReadModelWatermark {
  /** True once every named model has applied its target position; false after `timeoutMs`. */
  waitFor(targets: ReadonlyMap<string, bigint>, timeoutMs: number): Promise<boolean>;
}

/** The projections run in this process: their positions are in the runner's memory. */
export class InProcessWatermark implements ReadModelWatermark {
  constructor(private readonly runner: ProjectionRunner) {}

  waitFor(targets: ReadonlyMap<string, bigint>, timeoutMs: number): Promise<boolean> {
    return this.runner.waitForModels(targets, timeoutMs);
  }
}

/** Anything that runs SQL and returns rows (a pg Pool or client). */
export interface SqlQueryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * The projections run in another process (apps/projector, another instance): read their
 * checkpoints. A model whose checkpoint is below the target has still reached it when
 * no event it projects lies in between (its checkpoint is written with the batches it
 * applies; the ones it skips move it in the projector's memory first).
 */
export class CheckpointWatermark implements ReadModelWatermark {
  private readonly handles = new Map<string, ReadonlySet<string> | undefined>();

  constructor(
    private readonly db: SqlQueryable,
    projections: readonly Projection[] = allProjections(),
    private readonly pollMs = 15,
  ) {
    for (const p of projections) this.handles.set(p.name, p.handles);
  }

  async waitFor(targets: ReadonlyMap<string, bigint>, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let pending = new Map(targets);
    for (;;) {
      pending = await this.stillBehind(pending);
      if (pending.size === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, Math.min(this.pollMs, Math.max(1, deadline - Date.now()))));
    }
  }

  private async stillBehind(targets: ReadonlyMap<string, bigint>): Promise<Map<string, bigint>> {
    const { rows } = await this.db.query<{ name: string; position: string }>(
      'SELECT name, position::text AS position FROM projection_checkpoints WHERE name = ANY ($1)',
      [[...targets.keys()]],
    );
    const at = new Map(rows.map((r) => [r.name, BigInt(r.position)]));
    const behind = new Map<string, bigint>();
    for (const [name, target] of targets) {
      const checkpoint = at.get(name) ?? 0n;
      if (checkpoint >= target) continue;
      const types = this.handles.get(name);
      if (types) {
        const { rows: gap } = await this.db.query<{ open: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM events WHERE position > $1 AND position <= $2 AND type = ANY ($3)) AS open',
          [checkpoint.toString(), target.toString(), [...types]],
        );
        if (!gap[0]?.open) continue;
      }
      behind.set(name, target);
    }
    return behind;
  }
}

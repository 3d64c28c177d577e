import pg from 'pg';
import type { ProjectionRunner } from '#read-models';
import type { ReadModelCatalogue } from './read-models.js';

/** Injection token of the watermark the API waits on. */
export const READ_MODEL_WATERMARK = Symbol.for('accountability-ledger.ReadModelWatermark');

/** Where the read models stand; `waitFor` is the one bounded wait of the read side. */
export interface ReadModelWatermark {
  /** True once every named model has applied its target position; false after `timeoutMs`. */
  waitFor(targets: ReadonlyMap<string, bigint>, timeoutMs: number): Promise<boolean>;
}

/** The projections run in this process (PROJECTOR_INLINE): their positions are in memory. */
export class InProcessWatermark implements ReadModelWatermark {
  constructor(private readonly runner: ProjectionRunner) {}

  waitFor(targets: ReadonlyMap<string, bigint>, timeoutMs: number): Promise<boolean> {
    return this.runner.waitForModels(targets, timeoutMs);
  }
}

/**
 * The projections run in apps/projector (or another instance): read their checkpoints.
 * A model whose checkpoint is below the target has still reached it when no event it
 * projects lies in between (its checkpoint is written only with the batches it applies;
 * the ones it skips move it in the projector's memory first).
 */
export class CheckpointWatermark implements ReadModelWatermark {
  constructor(
    private readonly pool: pg.Pool,
    private readonly catalogue: ReadModelCatalogue,
    private readonly pollMs = 15,
  ) {}

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
    const { rows } = await this.pool.query<{ name: string; position: string }>(
      'SELECT name, position::text AS position FROM projection_checkpoints WHERE name = ANY ($1)',
      [[...targets.keys()]],
    );
    const at = new Map(rows.map((r) => [r.name, BigInt(r.position)]));
    const behind = new Map<string, bigint>();
    for (const [name, target] of targets) {
      const checkpoint = at.get(name) ?? 0n;
      if (checkpoint >= target) continue;
      const types = this.catalogue.typesOf(name);
      if (types) {
        const { rows: gap } = await this.pool.query<{ open: boolean }>(
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

import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';

/**
 * A read model fed by the event store. `name` carries the version
 * (`assignment_board_v1`): changing the shape is a version bump and a rebuild.
 * Projections never throw on a valid recorded event: it is a fact.
 */
export interface Projection {
  readonly name: string;
  /** Tables the projection owns; `reset` empties them for a rebuild. */
  readonly tables: readonly string[];
  /**
   * Event types the projection reads, when it can say. A batch with none of them
   * only moves the checkpoint in memory (written later): no transaction at all.
   */
  readonly handles?: ReadonlySet<string>;
  /**
   * `eventual`: commands do not wait for this projection before answering
   * (read-your-writes skips it). For analytics read models (indicators, watchlist)
   * that nobody reads in the same breath as a command. Default `strong`.
   */
  readonly consistency?: 'strong' | 'eventual';
  /** Applies a batch, in global order, inside the runner's transaction. */
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

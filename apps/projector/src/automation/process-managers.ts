import type { EventStore } from '#event-store';
import type { ReadModelWatermark, SqlQueryable } from '#read-models';
import type { ProcessManager } from './process-manager.js';
import { whenDecisionIssuedThenRevokeCommendations } from './when-decision-issued-then-revoke-commendations.js';

/** Every cross-aggregate reaction of the service (run in-process by the API, or by apps/projector). Add new ones here. */
export function allProcessManagers(deps: { store: EventStore; db: SqlQueryable; watermark: ReadModelWatermark }): ProcessManager[] {
  return [whenDecisionIssuedThenRevokeCommendations(deps)];
}

import { GENERATED_EVENT_SCHEMAS } from './event-schemas.generated.js';
import type { EventSchemaSource, JsonSchema } from './json-schema.js';

/**
 * The event catalogue: every event type the code can emit, with its stream
 * category, its data schema and a description. The CloudEvent mapper, the SSE
 * feed filters, the NATS subjects and the AsyncAPI document all read it, so the
 * published contract and the code share one source.
 *
 * Naming, once for all consumers:
 * - CloudEvent `type`:   `vn.gov.accountability.<EventType>.v<schemaVersion>` (e.g. `vn.gov.accountability.AssignmentIssued.v1`);
 *   a breaking change of the data is a new schema version, hence a new type.
 * - CloudEvent `source`: `/accountability-ledger/<category>`;
 * - NATS subject:        `<prefix>.<category>.<EventType>` with prefix `ledger` by default (stream `LEDGER`).
 */
export interface CatalogueEntry {
  readonly type: string;
  readonly category: string;
  readonly description: string;
  /** Version new events of the type are written in (bumped with an upcaster, see upcasters.ts). */
  readonly schemaVersion: number;
  readonly dataSchema: JsonSchema;
  readonly declaredIn: string;
}

export interface EventCatalogue {
  readonly entries: readonly CatalogueEntry[];
  readonly categories: readonly string[];
  get(type: string): CatalogueEntry | undefined;
}

export const CLOUDEVENT_TYPE_PREFIX = 'vn.gov.accountability.';
export const CLOUDEVENT_SOURCE_PREFIX = '/accountability-ledger/';
export const DEFAULT_SUBJECT_PREFIX = 'ledger';
export const DEFAULT_JETSTREAM_NAME = 'LEDGER';

/** Builds a catalogue; refuses duplicate type names (they share one CloudEvent type namespace). */
export function buildCatalogue(sources: readonly EventSchemaSource[], versions: (type: string) => number = () => 1): EventCatalogue {
  const byType = new Map<string, CatalogueEntry>();
  for (const s of sources) {
    if (byType.has(s.type)) throw new Error(`Event type ${s.type} is declared twice (${byType.get(s.type)!.declaredIn}, ${s.declaredIn})`);
    byType.set(s.type, { ...s, dataSchema: s.dataSchema, schemaVersion: versions(s.type) });
  }
  const entries = [...byType.values()];
  return {
    entries,
    categories: [...new Set(entries.map((e) => e.category))].sort(),
    get: (type) => byType.get(type),
  };
}

/** The catalogue of this build (from the committed, test-checked generated schemas). */
export const EVENT_CATALOGUE: EventCatalogue = buildCatalogue(GENERATED_EVENT_SCHEMAS);

/** Category of a stream: its id up to the first `-` (EventStoreDB's `$ce` convention). */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function cloudEventType(eventType: string, schemaVersion: number): string {
  return `${CLOUDEVENT_TYPE_PREFIX}${eventType}.v${schemaVersion}`;
}

/** NATS subject of an event; tokens are safe because types and categories are `[A-Za-z0-9_]`. */
export function natsSubject(prefix: string, category: string, eventType: string): string {
  return `${prefix}.${category}.${eventType}`;
}

import {
  CLOUDEVENT_SOURCE_PREFIX,
  cloudEventType,
  DEFAULT_JETSTREAM_NAME,
  DEFAULT_SUBJECT_PREFIX,
  natsSubject,
  type EventCatalogue,
} from './catalogue.js';
import type { JsonSchema } from './json-schema.js';

export interface AsyncApiOptions {
  readonly version?: string;
  readonly natsHost?: string;
  readonly httpHost?: string;
  readonly subjectPrefix?: string;
}

/** An AsyncAPI 3.0 document, as plain JSON. */
export type AsyncApiDocument = Record<string, unknown>;

/**
 * The AsyncAPI 3.0 document of the outbound integration, generated from the
 * event catalogue: one NATS channel per event type (`ledger.<category>.<Type>`),
 * one SSE channel (`/api/v1/events`) carrying every message, and per type a
 * message whose payload is the CloudEvent envelope with that type's data schema.
 * Deterministic (no dates), so the committed copy can be compared in a test.
 */
export function buildAsyncApiDocument(catalogue: EventCatalogue, options: AsyncApiOptions = {}): AsyncApiDocument {
  const prefix = options.subjectPrefix ?? DEFAULT_SUBJECT_PREFIX;
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = { CloudEventEnvelope: envelopeSchema() };

  for (const e of catalogue.entries) {
    const dataName = `${e.type}Data`;
    schemas[dataName] = e.dataSchema;
    messages[e.type] = {
      name: e.type,
      title: e.type,
      summary: firstSentence(e.description),
      description: `${e.description}\n\nCloudEvent type \`${cloudEventType(e.type, e.schemaVersion)}\`, source \`${CLOUDEVENT_SOURCE_PREFIX}${e.category}\`, subject = the stream id \`${e.category}-<id>\`. Declared in ${e.declaredIn}.`,
      contentType: 'application/cloudevents+json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': { type: 'string', description: 'The event id (JetStream de-duplication); only on NATS.' },
          'content-type': { type: 'string', const: 'application/cloudevents+json' },
        },
      },
      payload: {
        allOf: [
          { $ref: '#/components/schemas/CloudEventEnvelope' },
          {
            type: 'object',
            properties: {
              type: { type: 'string', const: cloudEventType(e.type, e.schemaVersion) },
              source: { type: 'string', const: `${CLOUDEVENT_SOURCE_PREFIX}${e.category}` },
              data: { $ref: `#/components/schemas/${dataName}` },
            },
          },
        ],
      },
    };
    const channelId = `${e.category}.${e.type}`;
    channels[channelId] = {
      address: natsSubject(prefix, e.category, e.type),
      title: `${e.type} on NATS JetStream`,
      description: `Stream ${DEFAULT_JETSTREAM_NAME}; one message per event, at least once, message id = event id.`,
      servers: [{ $ref: '#/servers/nats' }],
      messages: { [e.type]: { $ref: `#/components/messages/${e.type}` } },
    };
    operations[`publish${e.type}`] = {
      action: 'send',
      title: `Publish ${e.type}`,
      channel: { $ref: `#/channels/${escapePointer(channelId)}` },
      messages: [{ $ref: `#/channels/${escapePointer(channelId)}/messages/${e.type}` }],
    };
  }

  channels['sseFeed'] = {
    address: '/api/v1/events',
    title: 'Server-Sent Events feed',
    description:
      'GET with a bearer token (role integration, admin; hr/inspector see their unit scope). Each SSE message: `id:` = global position ' +
      '(resume with Last-Event-ID or ?after=), `event:` = the event type, `data:` = the CloudEvent JSON. Filters: ?types=<prefix,...>, ?categories=<category,...>.',
    servers: [{ $ref: '#/servers/api' }],
    messages: Object.fromEntries(catalogue.entries.map((e) => [e.type, { $ref: `#/components/messages/${e.type}` }])),
    bindings: { http: { bindingVersion: '0.3.0' } },
  };
  operations['streamFeed'] = {
    action: 'send',
    title: 'Stream every event over SSE',
    channel: { $ref: '#/channels/sseFeed' },
    messages: catalogue.entries.map((e) => ({ $ref: `#/channels/sseFeed/messages/${e.type}` })),
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'accountability-ledger events',
      version: options.version ?? '1.0.0',
      description:
        'Every accountability event as a CloudEvent 1.0 (structured JSON). Over NATS JetStream (stream LEDGER, subject ' +
        '`ledger.<category>.<EventType>`, at least once, de-duplicate by the CloudEvent id) and over the SSE feed. ' +
        `Categories: ${catalogue.categories.join(', ')}. See docs/integration.md.`,
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      nats: { host: options.natsHost ?? '127.0.0.1:4222', protocol: 'nats', description: 'NATS with JetStream (NATS_URL)' },
      api: {
        host: options.httpHost ?? '127.0.0.1:3000',
        protocol: 'http',
        description: 'The HTTP API (SSE feed)',
        security: [{ $ref: '#/components/securitySchemes/bearer' }],
      },
    },
    channels,
    operations,
    components: {
      schemas,
      messages,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function envelopeSchema(): JsonSchema & Record<string, unknown> {
  const str = (description: string): JsonSchema => ({ type: 'string', description });
  return {
    type: 'object',
    description: 'CloudEvent 1.0 envelope (structured mode) of a recorded event.',
    required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'data', 'position', 'revision', 'hash', 'prevhash'],
    properties: {
      specversion: { const: '1.0' },
      id: str('Event id (UUID); de-duplicate on it.'),
      source: str('/accountability-ledger/<category>'),
      type: str('vn.gov.accountability.<EventType>.v<schemaVersion>'),
      subject: str('Stream id, e.g. assignment-<id>.'),
      time: { type: 'string', format: 'date-time', description: 'When the event was recorded (server clock).' },
      datacontenttype: { const: 'application/json' },
      data: { type: 'object' },
      position: str('Global position, decimal string (resume token of the SSE feed).'),
      revision: str('Revision inside the stream, decimal string (order per stream).'),
      hash: str('sha256 of the previous hash and the canonical event (hex).'),
      prevhash: str('Hash of the previous event of the stream; empty for the first.'),
      correlationid: str('Correlation id of the request that caused the event.'),
      causationid: str('Id of the command or event that caused it.'),
      occurredat: { type: 'string', format: 'date-time', description: 'Business time, when set by an import.' },
      traceparent: str('CloudEvents distributed-tracing extension: W3C traceparent of the command that recorded the event (when tracing is on).'),
      tracestate: str('W3C tracestate that goes with traceparent, when there is one.'),
    },
  };
}

/** Abbreviations whose full stop does not end a sentence ("e.g. the reform", "Decree 112 art. 4"). */
const ABBREVIATIONS = /(?:^|[\s(])(?:e\.g|i\.e|art|arts|cf|no|vs)\.$/i;

/**
 * The first sentence of a doc comment: up to the first `.`, `!` or `?` followed by
 * white space and something that can open a sentence (not a lower-case word or a
 * number), or by the end of the text, and not closing an abbreviation.
 */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = /[.!?](?= [^a-z0-9]| ?$)/g;
  for (let m = end.exec(flat); m; m = end.exec(flat)) {
    const head = flat.slice(0, m.index + 1);
    if (!ABBREVIATIONS.test(head)) return head;
  }
  return flat;
}

/** JSON pointer escaping of a key (`~` and `/`). */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PostgresEventStore, toCloudEvent } from '#event-store';
import { loadConfig, startTracing, type Tracing } from '#platform';
import { bearer, createTestApp, type TestApp } from '../support/app.js';

/**
 * One command, traced with an in-memory exporter: the request span continues the
 * caller's traceparent; the command span (with decide and append inside) is its child;
 * the events store the append span's traceparent, which the CloudEvent carries
 * (distributed-tracing extension); the projection batch span links to it.
 */
describe('OpenTelemetry: one command yields linked spans from the request to the projection', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | null;
  let t: TestApp;
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpanId = '00f067aa0ba902b7';

  beforeAll(async () => {
    tracing = await startTracing(loadConfig({}), { spanProcessors: [new SimpleSpanProcessor(exporter)] });
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await tracing?.shutdown();
  });

  const spans = () => exporter.getFinishedSpans();
  const named = (prefix: string) => spans().filter((s) => s.name.startsWith(prefix));
  const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT (nothing is started)', async () => {
    expect(await startTracing(loadConfig({}))).toBeNull();
  });

  it('links request -> command -> decide/append -> stored traceparent -> projection batch', async () => {
    const hr = await t.token('hr-1', ['hr'], ['*']);
    const res = await t.http().post('/api/v1/units').set(...bearer(hr)).set('traceparent', `00-${traceId}-${callerSpanId}-01`).send({ unitId: 'traced', name: 'Sở Nội vụ', establishedOn: '2025-07-01' });
    expect(res.status).toBe(201);

    // The request span is ended on the response; the projection batch may end a little later.
    while (named('POST ').length === 0 || named('projection personnel_v1').length === 0) await new Promise((r) => setTimeout(r, 20));
    const request = named('POST /api/v1/units')[0]!;
    expect(request.spanContext().traceId).toBe(traceId);
    expect(parentOf(request)).toBe(callerSpanId);
    expect(request.attributes['http.response.status_code']).toBe(201);

    const command = named('command ').find((s) => s.spanContext().traceId === traceId)!;
    expect(command.name).toBe('command EstablishUnit');
    expect(parentOf(command)).toBe(request.spanContext().spanId);
    const decide = named('decide').find((s) => parentOf(s) === command.spanContext().spanId);
    const append = named('append').find((s) => parentOf(s) === command.spanContext().spanId)!;
    expect(decide).toBeDefined();
    expect(append).toBeDefined();

    // The event stores the append span's context; the CloudEvent carries it on.
    const store = new PostgresEventStore({ connectionString: t.db.url });
    try {
      const [event] = await store.readStream('unit-traced');
      const traceparent = `00-${traceId}-${append.spanContext().spanId}-01`;
      expect(event!.metadata.traceparent).toBe(traceparent);
      expect(toCloudEvent(event!).traceparent).toBe(traceparent);
    } finally {
      await store.close();
    }

    // The projection batch that applied it links back to the append span.
    const batch = named('projection personnel_v1').find((s) => s.links.some((l) => l.context.traceId === traceId))!;
    expect(batch.links.map((l) => l.context.spanId)).toContain(append.spanContext().spanId);
  });
});

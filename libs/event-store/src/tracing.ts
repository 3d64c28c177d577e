import { context, propagation, ROOT_CONTEXT, trace, type Context, type Link, type Tracer } from '@opentelemetry/api';

/**
 * W3C trace context across the event flow. The API is a no-op until an SDK is
 * registered (the service starts one only when OTEL_EXPORTER_OTLP_ENDPOINT is set),
 * so without it nothing is stored and every span is free.
 */
export function ledgerTracer(): Tracer {
  return trace.getTracer('accountability-ledger');
}

/** The active context as W3C `traceparent` (and `tracestate`), to store with an event or send on. */
export function traceHeaders(ctx: Context = context.active()): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/** The context a stored or received `traceparent` names (the active one when absent). */
export function contextFrom(headers: { traceparent?: unknown; tracestate?: unknown }, base: Context = context.active()): Context {
  const carrier: Record<string, string> = {};
  if (typeof headers.traceparent === 'string') carrier.traceparent = headers.traceparent;
  if (typeof headers.tracestate === 'string') carrier.tracestate = headers.tracestate;
  return propagation.extract(base, carrier);
}

/**
 * Links from a batch span to the spans that wrote its events (a batch has many
 * parents, so they are links, not a parent), de-duplicated and capped.
 */
export function linksTo(metadata: ReadonlyArray<Record<string, unknown>>, max = 64): Link[] {
  const seen = new Set<string>();
  const links: Link[] = [];
  for (const m of metadata) {
    if (typeof m.traceparent !== 'string' || seen.has(m.traceparent) || links.length >= max) continue;
    seen.add(m.traceparent);
    const spanContext = trace.getSpanContext(contextFrom(m, ROOT_CONTEXT));
    if (spanContext) links.push({ context: spanContext });
  }
  return links;
}

import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { AppConfig } from '../config/config.js';

export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry Node SDK when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (traces
 * over OTLP/HTTP, W3C trace-context propagation, async-hooks context), or with the
 * span processors a test passes; otherwise nothing is loaded and the API stays a no-op.
 * No auto-instrumentation: the spans are the ones the code makes (request, command,
 * decide, append, projection batch, relay publish).
 */
export async function startTracing(
  config: Pick<AppConfig, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_SERVICE_NAME'>,
  options: { spanProcessors?: SpanProcessor[]; serviceName?: string } = {},
): Promise<Tracing | null> {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT && !options.spanProcessors) return null;
  const [{ NodeSDK }, { BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const processors = options.spanProcessors ?? [
    // The SDK reads OTEL_EXPORTER_OTLP_ENDPOINT itself and appends /v1/traces.
    new BatchSpanProcessor(new OTLPTraceExporter()),
  ];
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? config.OTEL_SERVICE_NAME }),
    spanProcessors: processors,
    instrumentations: [],
    // Traces only: no OTLP metrics or logs (metrics are Prometheus at /metrics).
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

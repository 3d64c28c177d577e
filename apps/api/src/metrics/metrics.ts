import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppendObserver } from '#event-store';

/** The service's Prometheus series, on a registry of its own (tests create several apps). */
export class LedgerMetrics implements AppendObserver {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly appendDuration = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Event-store append latency by outcome',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  readonly appendConflicts = new Counter({
    name: 'ledger_append_conflicts_total',
    help: 'Appends refused because the stream changed (optimistic concurrency)',
    registers: [this.registry],
  });
  readonly eventsAppended = new Counter({
    name: 'ledger_events_appended_total',
    help: 'Events written to the event store',
    registers: [this.registry],
  });
  readonly projectionLagEvents = new Gauge({
    name: 'ledger_projection_lag_events',
    help: 'Events recorded but not yet applied by a projection (capped at 100000)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionLagSeconds = new Gauge({
    name: 'ledger_projection_lag_seconds',
    help: 'Age of the oldest event a projection has not applied yet',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly readWait = new Histogram({
    name: 'ledger_read_wait_seconds',
    help: 'Time a read waited for its read models to reach the caller\'s position (outcome none, waited, timeout)',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly projectionQuarantined = new Gauge({
    name: 'ledger_projection_quarantined_events',
    help: 'Recorded events a projection could not apply and parked in projection_quarantine (see `cli projections quarantine`)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly projectionQuarantinedTotal = new Counter({
    name: 'ledger_projection_quarantined_total',
    help: 'Events parked by the projections of this process since it started',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly feedConnections = new Gauge({
    name: 'ledger_feed_connections',
    help: 'Open SSE feed connections (filtered ones included)',
    registers: [this.registry],
  });
  readonly feedEventsRead = new Counter({
    name: 'ledger_feed_events_read_total',
    help: 'Events the feed read from the store: by the one shared reader, or by a connection catching up on its own',
    labelNames: ['reader'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ledger_' });
  }

  onAppend(outcome: 'ok' | 'replay' | 'conflict' | 'error', seconds: number, events: number): void {
    this.appendDuration.observe({ outcome }, seconds);
    if (outcome === 'conflict') this.appendConflicts.inc();
    if (outcome === 'ok') this.eventsAppended.inc(events);
  }
}
